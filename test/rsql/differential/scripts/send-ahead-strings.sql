-- A statement sent ahead may turn standard_conforming_strings off (set_config): a backslash after it is read when
-- the loop reaches it, as psql reads it then (here the value of q, 'b\', is no closed string any more).
create temp table sa_scs (v text);
\set q '''b\\'''
insert into sa_scs values ('a');
insert into sa_scs select set_config('standard_conforming_strings', 'off', false);
insert into sa_scs values (:q);
insert into sa_scs values ('c');
');
select v from sa_scs order by v;

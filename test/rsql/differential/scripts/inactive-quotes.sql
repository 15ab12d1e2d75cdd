-- an argument's quote left open is reported in an inactive branch too, as psql's argument lexer reports it
\set v 'value'
\if false
\echo 'abc
\set x 'abc
\echo `abc
\echo "abc
\echo 'closed' "closed" `closed` 'it''s' :'v' :"v"
\echo 'a\'b
\echo two \echo 'abc
\echo 'a' \\ \echo "b
\o |cat 'x
\g |cat 'x
\! echo 'x
\copy nothing from 'x
\if 'abc
\echo nested
\endif
select 'abc
\endif
is a SQL string';
\echo still inactive
\elif false
\echo not taken
\else
\echo taken
\endif
\if true
\echo first
\elif 'abc
\echo skipped 'abc
\else
\echo skipped "abc
\endif
\if false
select /* a comment
\endif
*/ 1;
\endif
\echo 'open
\echo done :v
\if false
select 'abc

-- \sf[+] and \sv[+]: psql 15's definitions of functions and views (CREATE OR REPLACE …), + with line numbers.
-- The objects live in a transaction that rolls back (psql and rsql run this file at once; the second waits for
-- the first's schema name); the failures come after it (a failed lookup would abort the transaction).
begin;
create schema dsc_def;
set search_path = dsc_def;
create function sf_add(a int, b int default 2) returns int language plpgsql as $$
begin

  return a + b;
end
$$;
create function sf_add(a text) returns text language sql as 'select a';
create function sf_ret(a int) returns int language sql return a + 1;
select 'create function sf_std(a int) returns int language sql begin atomic select a * 2; select a; end' \gexec
create procedure sf_proc(x int) language sql as $$ select 1 $$;
create function "Sf Mixed"() returns setof int language sql stable strict security definer cost 5 rows 3 set search_path = public as $$ select 1 $$;
create view sv_v as select 1 as a, 'x'::text as b where true;
create view "select" as select * from sv_v;
create view "Order" as select a from sv_v;
create view sv_check with (security_barrier) as select * from sv_v where a > 0 with local check option;
create view sv_cascaded with (security_invoker = on, check_option = cascaded) as select * from sv_v;
create table sv_t (a int);
create materialized view sv_m as select 1 as a;
\sf sf_ret
\sf+ sf_ret
\sf sf_std
\sf+ sf_std
\sf+   sf_add(int, int)   
\sf+ sf_add(text)
\sf sf_add(pg_catalog.text)
\sf dsc_def.sf_proc
\sf+ sf_proc(int)
\sf "Sf Mixed"
\sf+ "Sf Mixed"()
\sv sv_v
\sv+ sv_v
\sv "select"
\sv dsc_def."Order"
\sv sv_check
\sv+ sv_check
\sv sv_cascaded
\sv sv_t
\sv sv_m
\if false
\sv sv_v
\sf nosuch \echo not run
\endif
\o /dev/null
\sv sv_v
\o
rollback;
\sf pg_catalog.int4pl
\sf+ pg_catalog.now
\sv pg_catalog.pg_roles
\sf nosuch
\sf nosuch(int)
\sf
\sf+ sf_add(int
\sf pg_catalog.abs
\sf a\b'x
\sv nosuch
\sv
\sv pg_catalog.pg_class
\echo :ERROR
\set ECHO_HIDDEN on
\sf pg_catalog.int4pl
\sv pg_catalog.pg_roles
\set ECHO_HIDDEN noexec
\sf+ pg_catalog.int4pl
\sv+ pg_catalog.pg_roles
\unset ECHO_HIDDEN
begin;
select 1/0;
\sf pg_catalog.int4pl
rollback;
\sfS pg_catalog.int4pl
\sf++ pg_catalog.int4pl
\sv+ pg_catalog.pg_user

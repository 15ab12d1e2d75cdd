-- \df: psql 15's describeFunctions, with each kind of function (normal, aggregate, procedure, trigger,
-- window), the type letters, S, +, name and argument-type patterns. The objects live in a transaction that
-- rolls back: psql and rsql run this file at once, and the second waits for the first's schema name.
begin;
create schema dsc_fn;
set search_path = dsc_fn;
create role dsc_fn_r1;
create function dsc_plain(a int, b text default 'x') returns int language sql immutable as 'select a';
comment on function dsc_plain(int, text) is 'a plain function';
create function dsc_plain(a bigint) returns bigint language sql as 'select a';
create function dsc_set(out x int, inout y text) returns setof record language sql as 'select 1, y';
create function dsc_body(n numeric) returns numeric language sql stable parallel safe return n * 2;
create function dsc_var(variadic a int[]) returns int language sql stable leakproof as 'select 1';
create aggregate dsc_sum(int) (sfunc = int4pl, stype = int, initcond = '0');
create aggregate dsc_count(*) (sfunc = int8inc, stype = int8, initcond = '0');
create procedure dsc_proc(n int, inout m text) language plpgsql as $$begin m := n::text; end$$;
create function dsc_trg() returns trigger language plpgsql security definer as $$begin return new; end$$;
create function dsc_win(int) returns int language internal window as 'window_row_number';
create function "Dsc_Mixed"() returns void language sql as '';
revoke execute on function dsc_var(int[]) from public;
grant execute on function dsc_var(int[]) to dsc_fn_r1;
grant execute on function dsc_plain(int, text) to dsc_fn_r1 with grant option;
\df
\df+
\dfS
\dfa
\dfn
\dfp
\dft
\dfw
\dfpt
\dfan+
\dfSn dsc_p*
\df dsc_plain
\df dsc_plain int
\df dsc_plain bigint
\df dsc_plain int text
\df dsc_plain - text
\df dsc_plain int -
\df dsc_var int[]
\df dsc_var integer[]
\df dsc_* numeric
\df dsc_fn.dsc_s*
\df+ dsc_fn.*
\df "Dsc_Mixed"
\df dsc_mixed
\dfS int4pl
\dfS+ pg_catalog.int4pl
\dfaS count
\df nothing_here
\df *.nothing
\df a.b.c.d
\df otherdb.dsc_fn.dsc_plain
\df dev.dsc_fn.dsc_plain
\df dsc_plain pg_catalog.int4
\df dsc_plain a.b.c.d
\dfnx
\dfaz dsc_sum
\echo hidden queries
\set ECHO_HIDDEN on
\df
\dfa+ dsc_*
\dfnt dsc_fn.*
\df dsc_plain int -
\set ECHO_HIDDEN noexec
\dfS+ int4pl
\unset ECHO_HIDDEN
rollback;
\echo done

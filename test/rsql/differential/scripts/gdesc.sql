-- \gdesc: the query buffer's result columns (name and type, with modifiers) described without running it, as
-- psql 15's DescribeQuery; the buffer is sent as the unnamed prepared statement and described
\gdesc
\echo :ERROR :ROW_COUNT
create temp table gd (a int, b varchar(10), c numeric(8,2), d timestamptz, e int[], "Mixed Case" text);
select * from gd
\gdesc
\echo :ERROR :ROW_COUNT
\gdesc
select a as "x""y", b as "a'b", c as "back\slash", 1 as a, 1 as a, null as n, 'lit' as l, $1::bigint as p, now() from gd \gdesc
-- the statement does not run
insert into gd (a) values (1) returning a, b \gdesc
select count(*) from gd;
create temp table gd_never (a int) \gdesc
select * from gd_never;
select \gdesc
show search_path \gdesc
explain select 1 \gdesc
values (1, 'a'), (2, 'b') \gdesc
-- failures are the statement's own (with the LINE of the buffer), and set ERROR
selec 1 \gdesc
\echo :ERROR :SQLSTATE :ROW_COUNT
select nosuch from gd \gdesc
select 1; select 2 \gdesc
select $1 \gdesc
\errverbose
select 1 as a \gdesc \echo after on the same line
\if false
select 1 \gdesc
\endif
select 1 as after_if;
\set FETCH_COUNT 1
select 1 as fetched, 2 as count \gdesc
\unset FETCH_COUNT
\o /dev/null
select 1 as hidden \gdesc
\o
begin;
select 1/0;
select 1 \gdesc
rollback;
\set AUTOCOMMIT off
select 1 as in_transaction \gdesc
\echo :ERROR
rollback;

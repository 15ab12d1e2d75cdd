-- ROW_COUNT and LASTOID as psql 15 sets them: a COPY … TO STDOUT whose tag is not printed (its rows went to the
-- query output) leaves no result to count (0); each command tag printed (or not, under -q) sets LASTOID to 0
create temp table rc (a int);
\echo [:LASTOID]
copy (select 1 union select 2) to stdout;
\echo [:ROW_COUNT]
copy rc from stdin;
5
6
\.
\echo [:ROW_COUNT]
\copy rc to stdout
\echo [:ROW_COUNT]
\copy (select 7) to program 'cat > /dev/null'
\echo [:ROW_COUNT]
\copy rc from program 'echo 8'
\echo [:ROW_COUNT]
\set LASTOID x
select 1 as a;
\echo [:ROW_COUNT] [:LASTOID]
insert into rc values (9) returning a;
\echo [:ROW_COUNT] [:LASTOID]
copy (select 1) to stdout \; select 5 as x;
\echo [:ROW_COUNT]
select 5 as x \; copy (select 1) to stdout;
\echo [:ROW_COUNT]

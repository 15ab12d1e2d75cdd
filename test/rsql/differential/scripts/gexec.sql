-- \gexec: each value of the result runs as a statement of its own
-- (temp tables: psql and rsql run this script at the same time on one server)
create temp table gexec_a (n int);
create temp table gexec_b (n int);
select format('insert into %I values (%s)', t, n) from (values ('gexec_a', 1), ('gexec_b', 2), ('gexec_a', 3)) v(t, n) \gexec
select 'select count(*) from gexec_a', null, 'select sum(n) as total from gexec_b' \gexec
\echo :ERROR :SQLSTATE :ROW_COUNT
-- a generated statement fails: the others still run, and the variables say the \gexec failed
select 'select 1/0', 'select 2 as two' \gexec
\echo :ERROR :SQLSTATE :ROW_COUNT :LAST_ERROR_SQLSTATE
\echo [:LAST_ERROR_MESSAGE]
-- ECHO all shows each generated statement
\set ECHO all
select 'select 3 as three' \gexec
\set ECHO none
-- no rows: nothing runs
select 'select 4' where false \gexec
\echo :ERROR :ROW_COUNT
-- an empty buffer sends the last query again
select 'select ' || count(*) || ' as rows_in_a' from gexec_a
\gexec
select 'drop table gexec_a', 'drop table gexec_b' \gexec

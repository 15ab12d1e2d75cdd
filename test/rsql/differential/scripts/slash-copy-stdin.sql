-- \copy … from stdin: the data follows the command in the script, up to \. (sent too, as psql sends it)
create temp table scs (id int, name text);
\copy scs from stdin
1	tab\there
2	back\\slash
3	\N
\.
select id, name, length(name) from scs order by id;
\echo :ROW_COUNT
-- an empty line is an empty value
create temp table scl (t text);
\copy scl from stdin
first

third
\.
select coalesce(t, '<null>') as t, length(t) from scl order by t;
-- a column list and options; the script goes on after the data
\copy scs (id) from stdin with (delimiter '|')
4
5
\.
\echo :ROW_COUNT
-- (CSV data ending with \. is tested in interpreter.test.ts: psql 15 sends the line and PostgreSQL 18 refuses it)
-- bad data: the lines up to \. are read all the same
\copy scs from stdin
x	bad
7	never
\.
\echo after bad data
-- a COPY that fails before asking for data: the lines are read as the script again
\copy nosuch from stdin
select 'data line read as SQL' as x;
\.
select count(*) from scs;
-- options the server refuses: the COPY as psql joins it, in the error's LINE
\copy scs from stdin with (bogus_option)
-- AUTOCOMMIT off: the \copy opens a transaction, as a statement does
\set AUTOCOMMIT off
\copy scs from stdin
10	ten
\.
rollback;
\set AUTOCOMMIT on
select count(*) from scs;
-- without \., the data ends with the file
\copy scs from stdin
8	eight
9	nine

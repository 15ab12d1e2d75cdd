-- Run with CRLF line ends (the test converts this file): psql keeps each line's CR, so statements,
-- strings and COPY data carry it, and meta-command arguments take it for whitespace
create temp table crlf_t (a int, b text);
select 1 as a;
select 2
  as b;
select 'x
y' as c, length('x
y') as len;
\echo hello
\echo 'q' w
\set v 5
select :v as v, length(:'v') as len;
\set flag on
\if :flag
\echo in-if
\else
\echo in-else
\endif
select 3 as g \gset p_
\echo :p_g
copy crlf_t from stdin;
1	one
2	two
\.
\copy crlf_t from stdin
3	three
\.
select a, b, length(b) from crlf_t order by a;
\! printf '[%s]\n' shell
select 1/0;
select
 1/0;
select 4 as d \g |tr -d x
\sf pg_catalog.int4pl  
-- comment
select length(:'v');

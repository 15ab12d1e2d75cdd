-- \crosstabview: psql 15's crosstab of the query buffer's result, its headers in order of first appearance
-- (or sorted by a column of integers), NULL headers, alignment by type, and its messages
create temp table ct (v text, h text, d int, s int, n numeric);
insert into ct values ('r1', 'c1', 1, 2, 1.5), ('r1', 'c2', 2, 1, 10), ('r2', 'c1', 3, 2, null), (null, 'c3', 4, 0, 2),
  ('r3', null, 5, 3, 3), ('r2', 'c4', 6, -1, 4), ('r4', 'c5', 7, null, 5), ('r4', 'c6', 8, 1, 6);
select v, h, d from ct \crosstabview
select v, h, d, s from ct \crosstabview v h d s
select v, h, d, s from ct \crosstabview 2 1 3 4
select v, h, n from ct
\crosstabview
select d, h, v, s from ct \crosstabview 1 h v
select v, h as "H", d as "Data" from ct \crosstabview V "H" "Data"
select v, h, d, s from ct \crosstabview v h d \echo after the crosstab
select v, h, d, s, n from ct \crosstabview v h n s extra
\echo :ERROR :ROW_COUNT
-- sort values: ties keep the values' order, text and NULL count 0, negative numbers first
select 'r' as v, h, min(d) as d, case h when 'c1' then '5' when 'c2' then '-2' when 'c3' then 'zz' when 'c4' then '' when 'c5' then '-' end
  from ct where h is not null group by h order by h \crosstabview 1 2 3 4
select 'r' as v, h, min(d) as d, 1 as s from ct where h is not null group by h order by h desc \crosstabview v h d s
select 'r' as v, h, min(d) as d, case when h < 'c4' then 2 else 1 end as s from ct where h is not null group by h order by h desc \crosstabview v h d s
select g % 3 as v, 'c' || g % 4 as h, g as d from generate_series(1, 11) g \crosstabview
select v, h, d from ct where false \crosstabview
select 1 as a, 'x' as b, 'y' as c \crosstabview
\C 'A title'
select v, h, d from ct \crosstabview
\C
select '1' as v, 'é' as h, 'x' as d union all select '2', 'z', 'y' union all select '1', 'a', 'w' \crosstabview
-- failures: too few columns, a column not found or out of range, ambiguous names, headers the same column,
-- no data column with more than three columns, two values for one cell
select 1 as a, 2 as b \crosstabview
\echo :ERROR :ROW_COUNT
select v, h, d, s from ct \crosstabview
select v, h, d from ct \crosstabview 1 1
select v, h, d from ct \crosstabview v v d
select v, h, d from ct \crosstabview zz
select v, h, d from ct \crosstabview v h 0
select v, h, d from ct \crosstabview v h 4
select v, h, d from ct \crosstabview "V"
select v, v, h, d from ct \crosstabview v h d
select v, h, d, s from ct \crosstabview v h d zz
select 'a' as v, 'b' as h, 1 as d union all select 'a', 'b', 2 \crosstabview
select null::text as v, null::text as h, 1 as d union all select null, null, 2 \crosstabview
\echo :ERROR :ROW_COUNT
-- several results: the last one is pivoted; a command's result is printed as it is
select 1 as one \; select v, h, d from ct \crosstabview
create temp table ct_none () \crosstabview
\echo :ERROR :ROW_COUNT
select 1/0 as a, 2 as b, 3 as c \crosstabview
\if false
select 1 \crosstabview a b c d
\endif
select v, h, d from ct;
\r
\crosstabview v h

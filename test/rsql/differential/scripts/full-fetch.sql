-- FETCH_COUNT's table into output that cannot be written: psql stops fetching after the batch it could not flush,
-- quietly (the statement a success with the rows fetched so far, a later row's error never met); a \crosstabview
-- table is not checked, a table after them without FETCH_COUNT is
select 1/(4 - g) as q from generate_series(1, 5) g;
\echo [:ERROR] [:ROW_COUNT]
select g, g % 2 as h, g * 10 as v from generate_series(1, 4) g \crosstabview
\echo [:ERROR] [:ROW_COUNT]
\set FETCH_COUNT 0
select 1 as one;
\echo [:ERROR] [:ROW_COUNT]

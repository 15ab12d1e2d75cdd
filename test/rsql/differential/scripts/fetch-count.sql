-- FETCH_COUNT: rows arrive in batches through a cursor; each batch is aligned on its own.
\set FETCH_COUNT 4
select g as id, repeat('ab', g) as s from generate_series(1, 10) g;
select g as id from generate_series(1, 8) g;
select 1 as a where false;
\x
select g as id, 'v' || g as v from generate_series(1, 5) g;

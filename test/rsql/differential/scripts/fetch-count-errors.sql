-- FETCH_COUNT's errors show their position in the DECLARE psql wraps the statement in (LINE 2 for its first line)
\set FETCH_COUNT 2
select nosuch;
select 1,
  nosuch2;
\errverbose
select 1/(2 - g) from generate_series(1, 3) g;

-- FETCH_COUNT: psql pages a result of more than one batch that goes to stdout (its pager is stdout itself when that
-- is not a terminal): expanded=auto is then always expanded, and wrapped takes $COLUMNS as its width
\set FETCH_COUNT 3
\x auto
select g, repeat('x', g * 10) as r from generate_series(1, 4) g;
select g, repeat('x', g * 10) as r from generate_series(1, 3) g;
select g, repeat('x', g * 10) as r from generate_series(1, 2) g;
select g from generate_series(1, 5) g;
select g, repeat('x', g * 10) as r from generate_series(1, 4) g \g | cat
\o | cat
select g, repeat('x', g * 10) as r from generate_series(1, 4) g;
\o
\x off
select g, repeat('x', g * 10) as r, E'a\nb' as ml from generate_series(1, 4) g;
select g, repeat('x', g * 10) as r from generate_series(1, 2) g;

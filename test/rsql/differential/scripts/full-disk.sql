-- output that cannot be written (stdout or -o on /dev/full): the COPY fails, later result tables too
copy (select g from generate_series(1, 100000) g) to stdout;
\echo [:ERROR] [:ROW_COUNT] [:LAST_ERROR_MESSAGE]
select 2 as two;
\echo [:ERROR] [:ROW_COUNT]
insert into nosuch values (1);
create temp table full_disk (a int);
\echo [:ERROR] [:ROW_COUNT]
copy (select 1) to stdout;
\copy (select 3) to stdout
\echo [:ERROR] [:ROW_COUNT] after

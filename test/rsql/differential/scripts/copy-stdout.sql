-- COPY … TO STDOUT sent as SQL: the rows go where query results go, and psql prints no tag after them
create temp table ct (id int, name text, note text);
insert into ct values (1, 'one', null), (2, 'zwei é', 'tab	inside'), (3, '日本語', E'line\nbreak');
copy ct to stdout;
copy (select * from ct order by id) to stdout with (format csv, header);
copy (select * from ct where false) to stdout;
\echo :ROW_COUNT
copy (select id from ct order by id) to stdout; select 'after' as x;
\o /dev/null
copy ct to stdout;
\o
\echo back
copy nosuch to stdout;
\echo :ERROR

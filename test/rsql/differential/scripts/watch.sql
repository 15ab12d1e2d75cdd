-- \watch SEC: the query runs again every SEC seconds until a run fails (here the third: 10 / 0) or SIGINT;
-- each result titled with the date and the interval, a newline after the loop, the status variables untouched
create temp sequence watch_s;
select g from generate_series(1, 3) g;
select 10 / (3 - nextval('watch_s')) as x, 'abc' as y \watch 0.1
\echo after :ERROR :ROW_COUNT :SQLSTATE [:LAST_ERROR_MESSAGE]
-- an empty buffer watches the statement sent last; the watched one does not become it
create temp sequence watch_t;
select 10 / (2 - nextval('watch_t')) as z;
\watch 0.05
\p
\echo end

-- \gset as psql 15: special variables left alone (a warning), the first refused name fails the statement (no status
-- variables set), a statement without rows prints its tag, only the last result of a \; string is stored.
select 1/0;
select 1 as a, 2 as "b c" \gset p_
\echo :ERROR :SQLSTATE :ROW_COUNT :LAST_ERROR_SQLSTATE [:p_a]
select 5 as z;
select where false \gset
\echo :ERROR :SQLSTATE :ROW_COUNT :LAST_ERROR_SQLSTATE
select 1/0;
select 1 union select 2 \gset
\echo :ERROR :SQLSTATE :ROW_COUNT :LAST_ERROR_SQLSTATE
select 1/0;
create temp table g(a int) \gset
\echo :ERROR :SQLSTATE :ROW_COUNT :LAST_ERROR_SQLSTATE
select 1 as "ON_ERROR_STOP", 2 as "AUTOCOMMIT", 3 as "VERSION", 4 as "ENCODING", 5 as "ERROR", 6 as "FETCH_COUNT", 7 as "DBNAME" \gset
\echo :ERROR :ON_ERROR_STOP :AUTOCOMMIT :VERSION_NUM :ENCODING :FETCH_COUNT :DBNAME
select 'on' as "QUIET", 'x' as "ECHO" \gset
\echo :QUIET :ECHO
select 1 as "ACTIVITYCOUNT", 2 as "ERRORCODE" \gset
select 'x' as "PROMPT1", 'y' as "HISTFILE", 'z' as "MAXERRORX" \gset
\echo :PROMPT1 :HISTFILE
select 1 as a \; select 2 as b \gset m_
\echo :m_a :m_b
select 'p' as s1, 'q' as s2 \gset p_
\echo :p_s1 :p_s2
select 1 as ok1, 2 as "bad name", 3 as after1 \gset
\echo :ok1 [:after1]

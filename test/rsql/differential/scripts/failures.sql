-- Failing statements: the script continues and the exit code stays 0 (without ON_ERROR_STOP).
select 1 as before;
select * from no_such_table;
select 1/0 as boom;
selec 1;
select 'continues' as status;
\echo :ERROR
begin;
select nonsense_column from pg_class limit 1;
select 'in failed block' as x;
rollback;
select 'after rollback' as status;

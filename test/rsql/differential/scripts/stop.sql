-- With ON_ERROR_STOP the script ends at the first error with exit code 3.
\set ON_ERROR_STOP on
select 'first' as step;
select * from no_such_table;
select 'never' as step;

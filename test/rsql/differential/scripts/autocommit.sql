-- AUTOCOMMIT off: statements outside a transaction open one; VACUUM and transaction control do not
\echo AUTOCOMMIT is :AUTOCOMMIT
\set AUTOCOMMIT off
\echo AUTOCOMMIT is :AUTOCOMMIT
drop table if exists ac_t;
commit;
create temp table ac_t (i int);
insert into ac_t values (1);
rollback;
select count(*) as tables_after_rollback from pg_class where relname = 'ac_t' and relnamespace = pg_my_temp_schema();
commit;
create temp table ac_t (i int);
insert into ac_t values (2);
commit;
insert into ac_t values (3);
select 1/0;
select i from ac_t;
rollback;
select i from ac_t order by i;
commit;
vacuum ac_t;
begin;
insert into ac_t values (4);
end;
\set AUTOCOMMIT on
insert into ac_t values (5);
\set AUTOCOMMIT off
insert into ac_t values (6);
\echo the last insert is not committed when the script ends
\set AUTOCOMMIT
\echo AUTOCOMMIT set to empty is :AUTOCOMMIT
\set ON_ERROR_STOP
\echo ON_ERROR_STOP set to empty is :ON_ERROR_STOP
\set ON_ERROR_STOP off

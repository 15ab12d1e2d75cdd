-- SQL-standard routine bodies: psql's lexer keeps a CREATE FUNCTION/PROCEDURE's BEGIN ATOMIC … END (CASE … END
-- inside) as one statement; elsewhere begin and end are words like others. Every object is the session's own
-- (pg_temp): psql and rsql run this script at the same time.
create temp table atomic_t (v int);
create function pg_temp.add1(a int) returns int
language sql
begin atomic
  select case when a > 0 then a + 1 else 0 end;
end;
select pg_temp.add1(4), pg_temp.add1(-1);
create or replace procedure pg_temp.ins(x int)
language sql
BEGIN ATOMIC
  insert into atomic_t values (x);
  insert into atomic_t values (case x when 1 then 10 else x + 1 end);
END;
call pg_temp.ins(1);
select * from atomic_t order by v;
create function pg_temp."begin"() returns int language sql return 1;
select pg_temp."begin"();
select 1 as begin; select 2 as "end";
create function pg_temp.f2(int) returns int language sql begin atomic; select $1; end;
select pg_temp.f2(7);
begin; select 3; end;

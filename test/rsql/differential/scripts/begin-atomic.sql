-- SQL-standard routine bodies: psql's lexer keeps a CREATE FUNCTION/PROCEDURE's BEGIN ATOMIC … END (CASE … END
-- inside) as one statement; elsewhere begin and end are words like others
create table atomic_t (v int);
create function add1(a int) returns int
language sql
begin atomic
  select case when a > 0 then a + 1 else 0 end;
end;
select add1(4), add1(-1);
create or replace procedure ins(x int)
language sql
BEGIN ATOMIC
  insert into atomic_t values (x);
  insert into atomic_t values (case x when 1 then 10 else x + 1 end);
END;
call ins(1);
select * from atomic_t order by v;
create function "begin"() returns int language sql return 1;
select "begin"();
select 1 as begin; select 2 as "end";
create function f2(int) returns int language sql begin atomic; select $1; end;
select f2(7);
begin; select 3; end;
drop procedure ins; drop function add1; drop function "begin"; drop function f2; drop table atomic_t;

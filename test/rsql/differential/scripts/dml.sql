-- Command tags, RETURNING and transactions.
create temp table t (id int primary key, name text, amount numeric(10,2));
insert into t values (1, 'one', 1.5), (2, 'two', null), (3, 'three', 300);
update t set amount = amount * 2 where id > 1;
delete from t where id = 3 returning id, name;
insert into t values (4, 'four', 4) returning *;
select * from t order by id;
begin;
delete from t;
rollback;
select count(*) as n from t;
create temp table empty_t (a int);
select * from empty_t;
drop table empty_t;
-- CREATE TABLE AS and SELECT INTO: a SELECT tag and no rows to print
create temp table t_ctas as select id, name from t where id < 3;
select 5 as five into temp t_into;
select * from t_ctas order by id;

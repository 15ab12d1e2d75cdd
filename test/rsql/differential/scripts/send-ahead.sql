-- INSERT, UPDATE and DELETE statements rsql sends ahead (in one pipeline): answered as each would be alone.
create temp table sa_parent (id int primary key);
create temp table sa_child (id int, parent int references sa_parent deferrable initially deferred);
insert into sa_parent values (1);
insert into sa_parent values (2);
insert into sa_child values (1, 1);
-- a deferred constraint fails at the COMMIT: the statement's error alone, no command tag
insert into sa_child values (2, 99);
\echo [:ERROR] [:SQLSTATE] [:ROW_COUNT]
insert into sa_child values (3, 2);
update sa_child set parent = 98 where id = 3;
\echo [:ERROR] [:SQLSTATE] [:ROW_COUNT]
delete from sa_child where id = 1;
-- $1 is no parameter in a statement sent alone (a Query message), nor in one sent ahead
insert into sa_child values (4, 1);
insert into sa_child values ($1, 1);
\echo [:ERROR] [:SQLSTATE]
update sa_child set parent = $2 where id = 4;
insert into sa_child values (5, 2);
\echo [:ERROR] [:SQLSTATE]
select * from sa_child order by id;

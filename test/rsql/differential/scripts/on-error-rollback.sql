-- ON_ERROR_ROLLBACK: inside a transaction block each statement runs behind psql's savepoint
\echo ON_ERROR_ROLLBACK is :ON_ERROR_ROLLBACK
\set ON_ERROR_ROLLBACK maybe
\echo ON_ERROR_ROLLBACK is :ON_ERROR_ROLLBACK
create temp table oer_t (i int);
-- off: a failed statement aborts the block
begin;
insert into oer_t values (1);
select 1/0;
insert into oer_t values (2);
\echo ERROR :ERROR SQLSTATE :SQLSTATE
commit;
select count(*) as after_off from oer_t;
-- on: the block goes on after a failure and commits what succeeded
\set ON_ERROR_ROLLBACK on
\echo ON_ERROR_ROLLBACK is :ON_ERROR_ROLLBACK
begin;
insert into oer_t values (3);
select 1/0;
\echo ERROR :ERROR SQLSTATE :SQLSTATE ROW_COUNT :ROW_COUNT
insert into oer_t values (4);
select nosuchcolumn from oer_t;
insert into oer_t values (5), (6);
\echo ERROR :ERROR ROW_COUNT :ROW_COUNT
commit;
select i from oer_t order by i;
-- outside a block: nothing to save
select 1/0;
insert into oer_t values (7);
-- the script's own savepoints and transaction control
begin;
savepoint mine;
insert into oer_t values (8);
select 1/0;
rollback to mine;
insert into oer_t values (9);
release mine;
select 1/0;
commit;
select i from oer_t where i >= 7 order by i;
begin;
insert into oer_t values (10);
rollback;
begin;
insert into oer_t values (11);
commit and chain;
insert into oer_t values (12);
select 1/0;
commit;
select i from oer_t where i >= 10 order by i;
-- several statements in one string: the savepoint is around them all
begin;
insert into oer_t values (13)\; select 1/0\; insert into oer_t values (14);
insert into oer_t values (15)\; savepoint s2\; insert into oer_t values (16);
commit;
select i from oer_t where i >= 13 order by i;
-- FETCH_COUNT's cursor and \gdesc inside a block
begin;
\set FETCH_COUNT 2
select 10 / (3 - g) as q from generate_series(1, 5) g;
\unset FETCH_COUNT
select 1 as a \gdesc
selec 1 \gdesc
insert into oer_t values (17);
commit;
select i from oer_t where i >= 17 order by i;
-- AUTOCOMMIT off: the implicit BEGIN, then the savepoint
\set AUTOCOMMIT off
insert into oer_t values (18);
select 1/0;
insert into oer_t values (19);
commit;
\set AUTOCOMMIT on
select i from oer_t where i >= 18 order by i;
-- interactive: only statements typed at a terminal; a script's failure aborts the block
\set ON_ERROR_ROLLBACK interactive
\echo ON_ERROR_ROLLBACK is :ON_ERROR_ROLLBACK
begin;
insert into oer_t values (20);
select 1/0;
insert into oer_t values (21);
commit;
select count(*) as interactive_rows from oer_t where i >= 20;
\set ON_ERROR_ROLLBACK off
\set ON_ERROR_ROLLBACK
\echo ON_ERROR_ROLLBACK is :ON_ERROR_ROLLBACK
\unset ON_ERROR_ROLLBACK
\echo ON_ERROR_ROLLBACK is :ON_ERROR_ROLLBACK

-- psql's describe commands in their list forms. The objects live in a transaction that rolls back:
-- psql and rsql run this file at once, and the second waits for the first's schema name to be free.
begin;
create schema dsc_describe;
set search_path = dsc_describe;
create table dsc_t1 (id int primary key, name text);
insert into dsc_t1 values (1, 'a'), (2, 'b');
create table "Dsc_Mixed" (a int);
create unlogged table dsc_t2 (a int);
comment on table dsc_t1 is 'the first table';
create view dsc_v1 as select id from dsc_t1;
create materialized view dsc_mv1 as select count(*) as n from dsc_t1 with no data;
refresh materialized view dsc_mv1;
create index dsc_t1_name on dsc_t1 (name);
create sequence dsc_s1;
create role dsc_r1 nologin createdb connection limit 3;
create role dsc_r2 login noinherit;
create role dsc_r3 createrole connection limit 0 valid until 'infinity';
comment on role dsc_r2 is 'second role';
grant dsc_r1 to dsc_r2;
grant usage on schema dsc_describe to public;
comment on schema dsc_describe is 'describe tests';
create publication dsc_pub1 for tables in schema dsc_describe;
create publication dsc_pub0 for tables in schema dsc_describe;
\d
\d+
\dt
\dt+
\dv
\dv+
\dm
\dm+
\di
\di+
\ds
\ds+
\dtv
\dtvmsi+
\dti dsc_*
\dt dsc_describe.*
\dt DSC_DESCRIBE.DSC_T?
\dt dsc_describe."Dsc_Mixed"
\dt dsc_describe.dsc_mixed
\dt "dsc_describe".*t1*
\dm *.dsc_mv?
\dv+ dsc_describe.*
\dtS pg_am
\dtS+ pg_am
\dvS pg_roles
\diS pg_am_*
\dt nothing_here
\dm nothing*
\dt a.b.c.d
\dt otherdb.dsc_describe.dsc_t1
\dt dev.dsc_describe.dsc_t1
\dn
\dn+
\dn dsc_*
\dn+ dsc_describe
\dnS pg_catalog
\dn a.b
\du dsc_*
\du+ dsc_r?
\dg dsc_r2
\du nobody
\du a.b
\echo hidden queries
\set ECHO_HIDDEN on
\dt+ dsc_describe.dsc_t*
\di "dsc_describe".dsc_t1_name
\dn+ dsc*
\du+ dsc_r1
\set ECHO_HIDDEN noexec
\dv
\unset ECHO_HIDDEN
set search_path = nothing_at_all;
\d
\dt
rollback;
\echo done
\set HIDE_TABLEAM on
\set ECHO_HIDDEN noexec
\dt+
\unset HIDE_TABLEAM
\dt "a""b".x$
\dt a[]b|c
\dv "A.B"
\dv "A.B".*
\dt "a\b"
\dmS 'Ab''C'
\dt *.*
\dn *
\du "Role"
\unset ECHO_HIDDEN

-- \dp and \z: psql 15's permissionsList, with granted privileges (grant option, PUBLIC), column privileges,
-- row-level security policies and a default privilege applied to a table made after it. In a transaction that
-- rolls back (psql and rsql run this file at once).
begin;
create schema dsc_acl;
set search_path = dsc_acl;
create role dsc_acl_r1;
create role dsc_acl_r2;
create table dsc_t (id int, secret text, note text);
grant select on dsc_t to dsc_acl_r1;
grant insert (id), update (id, secret) on dsc_t to dsc_acl_r1;
grant select (note) on dsc_t to public;
create view dsc_v as select id from dsc_t;
grant all on dsc_v to dsc_acl_r2 with grant option;
create sequence dsc_s;
grant usage on sequence dsc_s to public;
create materialized view dsc_mv as select 1 as one;
create table dsc_part (k int) partition by range (k);
revoke all on dsc_part from awsuser;
alter table dsc_t enable row level security;
create policy dsc_p1 on dsc_t for select to dsc_acl_r1 using (id > 0);
create policy dsc_p2 on dsc_t as restrictive for update to public using (true) with check (id < 100);
create policy dsc_p3 on dsc_t for insert with check (id > 1);
create policy dsc_p4 on dsc_t for all to dsc_acl_r1, dsc_acl_r2 using (id = 1);
alter default privileges in schema dsc_acl grant select, delete on tables to dsc_acl_r2;
create table dsc_after (a int);
create index dsc_t_id on dsc_t (id);
\dp
\z
\dp dsc_t
\z dsc_*
\dp dsc_acl.*
\dp+ dsc_acl.dsc_v
\dpS dsc_s
\dp "DSC_T"
\dp DSC_T
\dp dsc_t_id
\dp pg_catalog.pg_am
\dp nothing_here
\dp a.b.c.d
\z otherdb.dsc_acl.dsc_t
\z dev.dsc_acl.dsc_t
\z dsc_t extra
\echo hidden queries
\set ECHO_HIDDEN on
\dp
\z dsc_acl.dsc_t
\set ECHO_HIDDEN noexec
\dp dsc_v
\unset ECHO_HIDDEN
set search_path = nothing_at_all;
\dp
rollback;
\echo done

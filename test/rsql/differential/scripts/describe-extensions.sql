-- \dx and \dx+: psql 15's listExtensions and listExtensionContents. The extensions live in a transaction that
-- rolls back (psql and rsql run this file at once; the second waits for the first's schema name).
begin;
create schema dsc_ext;
create extension tsm_system_rows schema dsc_ext;
create extension lo schema dsc_ext;
comment on extension lo is 'large objects, commented';
\dx
\dx+
\dx pl*
\dx lo
\dx+ lo
\dx+ tsm_*
\dx+ "LO"
\dxS plpgsql
\dx+S lo
\dx nothing_here
\dx+ nothing_here
\dx a.b
\dx+ a.b
\echo hidden queries
\set ECHO_HIDDEN on
\dx
\dx+ plpgsql
\dx+ nothing_here
\set ECHO_HIDDEN noexec
\dx+ lo
\dx
\unset ECHO_HIDDEN
rollback;
\dx+ lo
\echo done

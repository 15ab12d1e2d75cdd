/**
 * Redshift's VARCHAR(n) holds n bytes (SQL reference, Character types), Postgres' n characters. An event
 * trigger keeps a check `rsqlflow_varchar_bytes_<attnum>_<n>` on every VARCHAR(n) column after each CREATE
 * TABLE [AS|LIKE], SELECT INTO and ALTER TABLE run through the dialect (sessions it prepared set
 * `rsqlflow.dialect`; a column retyped or added gets its own check, a dropped one loses it),
 * and the dialect reports its violation as Postgres reports a value too long for a column: 22001,
 * "value too long for type character varying(n)". Extra bytes that are all trailing spaces pass, as Redshift
 * truncates them. The checks are NOT VALID (rows already there are not scanned) and need a superuser, as
 * event triggers do: on a `postgres` target without one, VARCHAR(n) counts characters.
 */
import { WarehouseError } from '../errors.ts'

const prefix = 'rsqlflow_varchar_bytes_'

export const varcharBytesSql = String.raw`
create or replace function redshift.varchar_bytes_checks() returns event_trigger language plpgsql as $f$
declare
  t oid;
  actions text;
begin
  -- only DDL run through the dialect: other clients of a postgres target keep their tables as they are
  if current_setting('rsqlflow.dialect', true) is distinct from 'on' then return; end if;
  for t in select distinct objid from pg_event_trigger_ddl_commands() where object_type = 'table' and objid is not null loop
    continue when not exists (select 1 from pg_class where oid = t and relkind in ('r', 'p'));
    -- one ALTER TABLE for all: the event trigger fires again at its end and then finds nothing to do
    with wanted as (
      select a.attname, '${prefix}' || a.attnum || '_' || (a.atttypmod - 4) as conname, a.atttypmod - 4 as n from pg_attribute a
      where a.attrelid = t and a.attnum > 0 and not a.attisdropped and a.atttypid = 'varchar'::regtype and a.atttypmod > 4
    ), present as (
      select con.conname from pg_constraint con where con.conrelid = t and con.contype = 'c' and con.conname like '${prefix}%'
    )
    select string_agg(action, ', ') into actions from (
      select format('drop constraint %I', p.conname) as action from present p where p.conname not in (select conname from wanted)
      union all
      select format('add constraint %I check (octet_length(%I) <= %s or octet_length(rtrim(%I, '' '')) <= %s) not valid', w.conname, w.attname, w.n, w.attname, w.n)
      from wanted w where w.conname not in (select conname from present)
    ) x;
    if actions is not null then
      execute format('alter table %s %s', t::regclass, actions);
    end if;
  end loop;
end $f$;

do $d$ begin
  if not exists (select 1 from pg_event_trigger where evtname = 'rsqlflow_varchar_bytes') then
    create event trigger rsqlflow_varchar_bytes on ddl_command_end
      when tag in ('CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO', 'ALTER TABLE') execute function redshift.varchar_bytes_checks();
  end if;
exception when insufficient_privilege then
  raise notice 'VARCHAR(n) counts characters, not bytes: event triggers need a superuser';
end $d$`

const checkName = new RegExp(`^${prefix}\\d+_(\\d+)$`)

/** A violation of a VARCHAR(n) byte check as Redshift reports a value too long; any other error as it is. */
export function byteLengthError(err: unknown): unknown {
  if (!(err instanceof WarehouseError) || err.code !== '23514') return err
  const m = checkName.exec(err.serverFields?.n ?? '')
  if (!m) return err
  const { n: _constraint, ...fields } = err.serverFields!
  return new WarehouseError(`value too long for type character varying(${m[1]})`, {
    code: '22001', severity: err.severity, results: err.results, serverFields: fields, cause: err,
  })
}

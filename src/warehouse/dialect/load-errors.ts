import type { Session } from '../session.ts'

/** One row of `stl_load_errors` (Redshift's columns; `slice` is always 0 here). */
export interface LoadError {
  filename: string
  line: number
  colname: string
  type: string
  colLength: string
  position: number
  rawLine: string
  rawFieldValue: string
  errCode: number
  errReason: string
}

// Redshift keeps its system tables in pg_catalog; here they live in the `redshift` schema, which the dialect
// layer puts on the search_path, so `select * from stl_load_errors` works unchanged.
export const loadErrorsSql = `
do $setup$ begin
  create schema if not exists redshift;
  create table if not exists redshift.stl_load_errors (
    userid integer, slice integer, tbl integer, starttime timestamp without time zone, session integer, query integer,
    filename character(256), line_number bigint, colname character(127), type character(10), col_length character(10),
    position integer, raw_line character(1024), raw_field_value character(1024), err_code integer, err_reason character(100),
    is_partial integer, start_offset bigint);
  create sequence if not exists redshift.stl_query_id_seq;
  create or replace function redshift.pg_last_copy_id() returns integer language sql stable as
    $f$ select coalesce(nullif(current_setting('rsqlflow.last_copy_id', true), ''), '-1')::integer $f$;
  create or replace function redshift.pg_last_copy_count() returns bigint language sql stable as
    $f$ select coalesce(nullif(current_setting('rsqlflow.last_copy_count', true), ''), '0')::bigint $f$;
  grant usage on schema redshift to public;
  grant select, insert on redshift.stl_load_errors to public;
  grant usage, select on redshift.stl_query_id_seq to public;
exception when unique_violation or duplicate_table or duplicate_object or duplicate_schema then null;
end $setup$`

const ready = new WeakSet<Session>()

/**
 * Creates `stl_load_errors`, `pg_last_copy_id()` and `pg_last_copy_count()` once per database (checked once per
 * session; the compatibility schema installs them too, so a script may ask before its first COPY).
 */
export async function ensureLoadErrors(session: Session): Promise<void> {
  if (ready.has(session)) return
  const [r] = await session.query(`select to_regclass('redshift.stl_load_errors') is not null and to_regprocedure('redshift.pg_last_copy_count()') is not null`)
  if (r.rows[0][0] !== 't' && r.rows[0][0] !== 'true') await session.query(loadErrorsSql)
  ready.add(session)
}

/** A query id for the next COPY, from the sequence `stl_load_errors.query` draws on. */
export async function nextQueryId(session: Session): Promise<number> {
  const [r] = await session.query(`select nextval('redshift.stl_query_id_seq')::int, pg_backend_pid(), (select usesysid::int from pg_user where usename = current_user), localtimestamp`)
  return Number(r.rows[0][0])
}

export const literal = (s: string) => `'${s.replace(/'/g, "''").replace(/\0/g, '')}'`
const clip = (s: string, bytes: number) => {
  const b = Buffer.from(s)
  if (b.length <= bytes) return s
  let end = bytes
  while (end > 0 && (b[end] & 0xc0) === 0x80) end--
  return b.toString('utf8', 0, end)
}

/** Records rejected rows and what `pg_last_copy_id()` and `pg_last_copy_count()` return, in one round trip. */
export async function recordLoadErrors(session: Session, query: number, tableOid: number, starttime: Date, errors: LoadError[], loaded: number): Promise<void> {
  const statements = [`select set_config('rsqlflow.last_copy_id', '${query}', false), set_config('rsqlflow.last_copy_count', '${loaded}', false)`]
  for (let i = 0; i < errors.length; i += 500) {
    const values = errors.slice(i, i + 500).map(e => `((select usesysid::int from pg_user where usename = current_user), 0, ${tableOid}, ${literal(starttime.toISOString().replace('T', ' ').replace('Z', ''))}, pg_backend_pid(), ${query}, ` +
      `${literal(clip(e.filename, 256))}, ${e.line}, ${literal(clip(e.colname, 127))}, ${literal(clip(e.type, 10))}, ${literal(clip(e.colLength, 10))}, ${e.position}, ` +
      `${literal(clip(e.rawLine, 1024))}, ${literal(clip(e.rawFieldValue, 1024))}, ${e.errCode}, ${literal(clip(e.errReason, 100))}, 0, 0)`)
    statements.push(`insert into redshift.stl_load_errors values ${values.join(', ')}`)
  }
  await session.query(statements.join(';\n'))
}

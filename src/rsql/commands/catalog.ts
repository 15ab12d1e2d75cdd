/**
 * What psql's describe commands share: the server's version (psql's PQserverVersion, which libpq
 * reads from the `server_version` the server reports) and PSQLexec, the hidden catalog query.
 */
import { toWarehouseError, type Session, type StatementResult } from '../../warehouse/index.ts'
import { parseBool } from '../output/index.ts'
import type { ScriptContext } from '../context.ts'
import { reportSqlError } from '../messages.ts'
import { needsBegin } from '../autocommit.ts'

export interface ServerVersion {
  /** `server_version` as the server spells it (`18.4`): psql's SERVER_VERSION_NAME. */
  name: string
  /** libpq's number for it (`180004`): psql's SERVER_VERSION_NUM and PQserverVersion. */
  num: number
}

const versions = new WeakMap<Session, ServerVersion>()

/** libpq's conversion of `server_version` (pqSaveParameterStatus): `9.6.1` 90601, `18.4` 180004, `10devel` 100000. */
export function versionNumber(name: string): number {
  const m = /^\s*([+-]?\d+)(?:\.([+-]?\d+)(?:\.([+-]?\d+))?)?/.exec(name)
  if (!m) return 0
  const major = Number(m[1]), minor = m[2] === undefined ? undefined : Number(m[2])
  if (m[3] !== undefined) return (100 * major + minor!) * 100 + Number(m[3])
  if (minor !== undefined) return major >= 10 ? 10000 * major + minor : (100 * major + minor) * 100
  return 10000 * major
}

/** The session's server version: as the server reported it at the start (as psql has it), else asked once. */
export async function serverVersion(session: Session): Promise<ServerVersion> {
  let v = versions.get(session)
  if (v === undefined) {
    const name = session.serverVersion ?? (await session.query("SELECT pg_catalog.current_setting('server_version')"))[0].rows[0]?.[0] ?? ''
    v = { name, num: versionNumber(name) }
    versions.set(session, v)
  }
  return v
}

/** psql's PSQLexec: ECHO_HIDDEN shows the query; errors are reported; null when nothing ran. */
export async function hiddenQuery(ctx: ScriptContext, sql: string): Promise<StatementResult | null> {
  const echo = ctx.vars.get('ECHO_HIDDEN')
  const noexec = echo?.toLowerCase() === 'noexec'
  if (noexec || (echo !== undefined && parseBool(echo))) {
    ctx.out.write(`********* QUERY **********\n${sql}\n**************************\n\n`)
    if (noexec) return null
  }
  const session = ctx.session!
  try {
    if (needsBegin(ctx.settings, session, sql)) await session.query('BEGIN')
    const results = await session.query(sql)
    return results[results.length - 1]
  } catch (e) {
    reportSqlError(ctx, toWarehouseError(e), sql)
    return null
  }
}

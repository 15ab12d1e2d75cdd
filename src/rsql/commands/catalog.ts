/**
 * What psql's describe commands share: the server's version (psql's PQserverVersion, which libpq
 * reads from the `server_version` the server reports), PSQLexec (the hidden catalog query), the
 * pattern's conditions and printQuery with describe's options.
 */
import { toWarehouseError, type Session, type StatementResult } from '../../warehouse/index.ts'
import { effectivePrintOptions, parseBool, printQueryResultTo, type PrintOptions } from '../output/index.ts'
import type { ScriptContext } from '../context.ts'
import { NOT_CONNECTED, reportError, reportSqlError } from '../messages.ts'
import { needsBegin } from '../autocommit.ts'
import { patternConditions, type NamePattern } from './pattern.ts'
import type { Outcome } from './types.ts'

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

/** psql's echo_hidden_command: ECHO_HIDDEN shows a catalog query first; false when it must not run (noexec). */
export function echoHidden(ctx: ScriptContext, sql: string): boolean {
  const echo = ctx.vars.get('ECHO_HIDDEN')
  const noexec = echo?.toLowerCase() === 'noexec'
  if (noexec || (echo !== undefined && parseBool(echo))) {
    ctx.out.write(`********* QUERY **********\n${sql}\n**************************\n\n`)
  }
  return !noexec
}

/** psql's PSQLexec: ECHO_HIDDEN shows the query; errors are reported; null when nothing ran. */
export async function hiddenQuery(ctx: ScriptContext, sql: string): Promise<StatementResult | null> {
  if (!echoHidden(ctx, sql)) return null
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

/** psql's validateSQLNamePattern: the conditions, or null when the pattern was refused (reported). */
export function patternWhere(ctx: ScriptContext, pattern: string | null, p: NamePattern, version: number): string | null {
  const r = patternConditions(pattern, p, ctx.session!.info.database, version)
  if ('error' in r) {
    reportError(ctx, r.error)
    return null
  }
  return r.sql
}

/** printQuery as the describe commands call it: their title, NULL shown empty whatever `\pset null` says. */
export function printCatalog(ctx: ScriptContext, r: StatementResult, title: string): void {
  const opt: PrintOptions = { ...effectivePrintOptions(ctx.output), title, null: '' }
  printQueryResultTo(chunk => ctx.queryOut.write(chunk), r, opt, undefined, { terminalColumns: ctx.terminalColumns })
}

/**
 * Runs a describe command with the server's version: without a connection, or when asking for the
 * version fails (an aborted transaction refuses it as it would refuse the catalog query), the command fails.
 */
export async function withServerVersion(ctx: ScriptContext, run: (version: number) => Promise<boolean>): Promise<Outcome> {
  if (!ctx.session) {
    reportError(ctx, NOT_CONNECTED)
    return 'error'
  }
  let version: number
  try {
    version = (await serverVersion(ctx.session)).num
  } catch (e) {
    reportSqlError(ctx, toWarehouseError(e), '')
    return 'error'
  }
  return (await run(version)) ? undefined : 'error'
}

/**
 * Status variables, set in one place after every SQL statement (psql's SetResultVariables plus
 * RSQL's ERRORCODE, ACTIVITYCOUNT and ERRORLEVEL).
 */
import type { Session } from '../warehouse/index.ts'
import type { Variables } from './variables.ts'
import { isUtf8Encoding } from '../warehouse/raw-text.ts'
import { DEFAULT_SEVERITY, type ScriptContext, type Settings } from './context.ts'

/** Values before the first statement: RSQL's variables start as after a success. */
export function initialStatus(vars: Variables): void {
  vars.setStatus('ERRORCODE', '00000')
  vars.setStatus('ACTIVITYCOUNT', '0')
  vars.setStatus('ERRORLEVEL', '0')
  vars.setStatus('LAST_ERROR_MESSAGE', '')
  vars.setStatus('LAST_ERROR_SQLSTATE', '00000')
}

/** After a statement succeeded; `rowCount` is the command tag's count (a decimal string) or null. */
export function setSuccess(vars: Variables, rowCount: string | null): void {
  const n = rowCount ?? '0'
  vars.setStatus('ERROR', 'false')
  vars.setStatus('SQLSTATE', '00000')
  vars.setStatus('ERRORCODE', '00000')
  vars.setStatus('ROW_COUNT', n)
  vars.setStatus('ACTIVITYCOUNT', n)
}

/** After a statement failed; returns the error's severity (from `\rset errorlevel`). */
export function setFailure(vars: Variables, settings: Settings, code: string, message: string): number {
  vars.setStatus('ERROR', 'true')
  vars.setStatus('SQLSTATE', code)
  vars.setStatus('ERRORCODE', code)
  vars.setStatus('ROW_COUNT', '0')
  vars.setStatus('ACTIVITYCOUNT', '0')
  vars.setStatus('LAST_ERROR_MESSAGE', message)
  vars.setStatus('LAST_ERROR_SQLSTATE', code)
  const severity = severityOf(settings, code)
  if (severity > settings.highestSeverity) {
    settings.highestSeverity = severity
    vars.setStatus('ERRORLEVEL', String(severity))
  }
  return severity
}

export function severityOf(settings: Settings, code: string): number {
  if (!settings.errorLevelOn) return DEFAULT_SEVERITY
  return settings.severities.get(code) ?? settings.severities.get(code.slice(0, 2)) ?? settings.severities.get('UNKNOWN') ?? DEFAULT_SEVERITY
}

/**
 * psql's SendQuery tracks a `SET client_encoding` after each statement: ENCODING follows the client encoding the
 * server reports when that changes (a value \gset put there stays until then).
 */
export function syncEncoding(ctx: ScriptContext): void {
  const encoding = clientEncoding(ctx.session)
  if (encoding === undefined || encoding === ctx.encoding) return
  ctx.encoding = encoding
  ctx.vars.setStatus('ENCODING', encoding)
}

/** Whether the session's client encoding is UTF8 (as before any is reported). */
export function isUtf8Client(session: Session | null | undefined): boolean {
  return isUtf8Encoding(session?.parameter?.('client_encoding'))
}

/** The client encoding the server reports, by libpq's name for it (the server keeps the old name UNICODE as set). */
export function clientEncoding(session: Session | null | undefined): string | undefined {
  const name = session?.parameter?.('client_encoding')
  return name === 'UNICODE' ? 'UTF8' : name
}

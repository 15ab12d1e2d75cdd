/**
 * `\gdesc`: the query buffer's result columns, described without running it, as psql 15's DescribeQuery:
 * the statement is parsed as the unnamed prepared statement and described (the session's `describe`, the
 * extended protocol), then psql's own query names each column's type with pg_catalog.format_type.
 * The description prints as a result and sets the status variables; a statement that fails to parse fails.
 */
import { WarehouseError, toWarehouseError, type Notice, type Session, type StatementResult } from '../warehouse/index.ts'
import { quoteLiteral } from './lexer.ts'
import type { ScriptContext } from './context.ts'
import { setSuccess } from './status.ts'
import { failed, printNotifications, printResult, printTiming } from './results.ts'
import type { SendOptions, StatementOutcome } from './execute.ts'

/** What psql prints for a statement without result columns (a command, `select` of nothing). */
export const NO_COLUMNS = 'The command has no result, or the result has no columns.\n'

/** The "Column | Type" result for `sql`, or null when it has no result columns; a failed parse throws. */
export async function describeStatement(session: Session, sql: string, onNotice: (n: Notice) => void): Promise<StatementResult | null> {
  if (!session.describe) throw new WarehouseError('\\gdesc is not supported on this warehouse', { code: '0A000' })
  const fields = await session.describe(sql)
  if (fields.length === 0) return null
  // as psql: each column's name as PQescapeLiteral writes it, its type's OID and modifier
  const values = fields.map(f => `(${quoteLiteral(f.name)}, '${f.dataTypeID}'::pg_catalog.oid, ${f.typeModifier})`).join(',')
  const results = await session.query(`SELECT name AS "Column", pg_catalog.format_type(tp, tpm) AS "Type"\nFROM (VALUES ${values}) s(name, tp, tpm)`, { onNotice })
  return results[results.length - 1]
}

/** A statement sent with `\gdesc`: described and printed as a result, status variables set (as a statement's). */
export async function describeQuery(ctx: ScriptContext, session: Session, sql: string, options: SendOptions, started: number): Promise<StatementOutcome> {
  let described: StatementResult | null
  try {
    described = await describeStatement(session, sql, ctx.queryOptions.onNotice)
  } catch (e) {
    const notifications = ctx.session?.takeNotifications?.()
    const o = await failed(ctx, toWarehouseError(e), sql)
    printNotifications(ctx, notifications)
    return o
  }
  if (described) printResult(ctx, described, options, described.rows)
  else ctx.queryOut.write(NO_COLUMNS)
  setSuccess(ctx.vars, described ? described.rowCount : null)
  if (ctx.settings.timing) printTiming(ctx, ctx.now() - started)
  printNotifications(ctx)
  return 'ok'
}

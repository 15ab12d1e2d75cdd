/**
 * FETCH_COUNT, as psql's ExecQueryUsingCursor: a SELECT (not sent for `\gset`, `\gexec` or `\crosstabview`)
 * is declared as a cursor, inside a transaction of its own when none is open, and its rows are fetched
 * and printed FETCH_COUNT at a time as one table, so a large result is never held whole. Errors show their
 * position in the DECLARE that wrapped the statement, as psql's.
 */
import { toWarehouseError } from '../warehouse/index.ts'
import { printQueryResultTo, reportHeading, returnsTuples } from './output/index.ts'
import { errorStop, type ScriptContext } from './context.ts'
import { prefix, reportNotice, writeErr } from './messages.ts'
import { setFailure, setSuccess } from './status.ts'
import { rowsOutput } from './query-output.ts'
import { failed, optionsFor } from './results.ts'
import type { SendOptions, StatementOutcome } from './execute.ts'

const DECLARE = 'DECLARE _psql_cursor NO SCROLL CURSOR FOR\n'

/** psql's is_select_command: the statements a cursor can run. */
export function isSelect(sql: string): boolean {
  const m = /^(?:\s|\(|--[^\n]*\n|\/\*[\s\S]*?\*\/)*([A-Za-z]+)/.exec(sql)
  if (!m) return false
  const w = m[1].toLowerCase()
  return w === 'select' || w === 'values' || w === 'table' || w === 'with'
}

/** Runs `sql` (a SELECT, the session connected) through a cursor, printing FETCH_COUNT rows at a time. */
export async function cursorQuery(ctx: ScriptContext, sql: string, options: SendOptions): Promise<StatementOutcome> {
  const session = ctx.session!
  const began = !session.inTransaction
  const n = ctx.settings.fetchCount
  const onNotice = (x: Parameters<typeof reportNotice>[1]) => reportNotice(ctx, x)
  let step = 'declare'
  try {
    if (began) await session.query('BEGIN', { onNotice })
    ctx.sentQuery = DECLARE + sql
    const declared = await session.query(ctx.sentQuery, { onNotice })
    if (returnsTuples(declared[declared.length - 1])) {
      // statements after the first (`select 1\; select 2`) ran behind DECLARE: psql fails without a message
      if (began) await session.query('ROLLBACK', { onNotice })
      setFailure(ctx.vars, ctx.settings, '', '')
      return ctx.settings.onErrorStop ? { exit: errorStop(ctx) } : 'error'
    }
    step = 'fetch'
    const target = ctx.exportReport?.channel ?? rowsOutput(ctx)
    if (!target) {
      await session.query(began ? 'ROLLBACK' : 'CLOSE _psql_cursor', { onNotice })
      if (ctx.settings.echo === 'errors') writeErr(ctx, `${prefix(ctx)}STATEMENT:  ${sql}\n`)
      return ctx.settings.onErrorStop ? { exit: errorStop(ctx) } : 'error'
    }
    const o = optionsFor(ctx, options)
    let prior = 0
    // psql pages a result of more than one batch that goes to stdout (its pager is stdout itself when not a terminal)
    let pager = false
    for (let first = true; ; first = false) {
      const [r] = await session.query(`FETCH FORWARD ${n} FROM _psql_cursor`, { onNotice })
      const last = r.rows.length < n
      if (!last && target === ctx.out) pager = true
      if (first) target.write(reportHeading(ctx.output, new Date()))
      const env = { quiet: ctx.settings.quiet, pager, terminalColumns: pager ? ctx.pagerColumns : ctx.terminalColumns }
      printQueryResultTo(chunk => target.write(chunk), r, o, { startTable: first, stopTable: last, priorRows: prior }, env)
      prior += r.rows.length
      target.flush()
      const wait = target.drained()
      if (wait) await wait
      // as psql's fflush and ferror after each batch: output that cannot be written ends the fetching quietly (psql
      // takes its pager for gone), the statement a success with the rows fetched so far
      if (last || target.failure) break
    }
    await session.query('CLOSE _psql_cursor', { onNotice })
    if (began) await session.query('COMMIT', { onNotice })
    if (ctx.exportReport) ctx.out.write(`(exported ${prior} ${prior === 1 ? 'row' : 'rows'})\n`)
    setSuccess(ctx.vars, String(prior))
    return 'ok'
  } catch (e) {
    if (began && ctx.session) await ctx.session.query('ROLLBACK').catch(() => {})
    // a position in DECLARE points into the wrapped text, which psql shows (LINE 2 for the statement's first line)
    return failed(ctx, toWarehouseError(e), sql, step === 'declare' ? DECLARE + sql : sql)
  }
}

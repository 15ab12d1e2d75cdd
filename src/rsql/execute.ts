/**
 * Sending one statement and handling what comes back, the interpreter's single door for SQL: the statement
 * echoed, a transaction begun when AUTOCOMMIT is off, then sent as it is, or described (`\gdesc`,
 * describe-query.ts), or run through a cursor (FETCH_COUNT, fetch-count.ts); its results printed (or
 * `\gset`, `\gexec`, `\crosstabview`, exported: results.ts), status variables set, errors reported,
 * ON_ERROR_STOP and MAXERROR applied; inside a transaction block, ON_ERROR_ROLLBACK's savepoint around it.
 */
import { toWarehouseError, type CopyInData, type Session, type StatementResult } from '../warehouse/index.ts'
import { describeQuery } from './describe-query.ts'
import { returnsTuples } from './output/index.ts'
import { needsBegin } from './autocommit.ts'
import { errorStop, type ScriptContext } from './context.ts'
import { NOT_CONNECTED, prefix, reportError, writeErr } from './messages.ts'
import { setSuccess, syncEncoding } from './status.ts'
import { closeSavepoint, notesGone, openSavepoint, wantsSavepoint, type Savepoint } from './on-error-rollback.ts'
import { confirmStep } from './single-step.ts'
import { hasStatementOutput, statementOutputFailed, withStatementOutput } from './query-output.ts'
import { cursorQuery, isSelect } from './fetch-count.ts'
import { failed, gexec, gset, printCrosstab, printNotifications, printRemaining, printResult, printTiming } from './results.ts'

export { failed, printTiming } from './results.ts'

export interface SendOptions {
  /** `\gset [prefix]`: store the single row's columns in variables instead of printing. */
  gset?: { prefix: string }
  /** `\gx`: expanded output for this statement only. */
  expanded?: boolean
  /** `\gexec`: each value of the result is sent as a statement of its own instead of printed. */
  gexec?: boolean
  /** `\crosstabview [colV [colH [colD [sortcolH]]]]`: the last result printed pivoted. */
  crosstab?: (string | null)[]
  /** `\gdesc`: the statement's result columns described (name and type), the statement not run. */
  describe?: boolean
  /** A `COPY … FROM STDIN`'s data, read from the script (or a `-c` string's from stdin) when the server asks for it. */
  copyIn?: () => CopyInData
  /** `\g FILE` / `\g |command`: this statement's rows (and COPY data) go there. */
  output?: string
  /** The statements the loop will send after this one if it succeeds, sent with it (send-ahead.ts). */
  ahead?: string[]
  /** `\g (name=value …)`: `\pset` options for this statement only, name and value (undefined: none given). */
  pset?: [string, string | undefined][]
}

/** `ok`, `error` (reported, the script goes on), or an exit code for the whole run. */
export type StatementOutcome = 'ok' | 'error' | { exit: number }

/** psql -c '\gdesc' sends nothing (there is no query buffer), but its flag stays set for the next statement. */
export function deferSendOptions(ctx: ScriptContext, options: SendOptions): void {
  ctx.deferredSend = { ...ctx.deferredSend, ...options }
}

/** Sends `sql` (with the options its `\g`-family command gave, and any a `-c` string deferred) and handles what comes back. */
export async function sendStatement(ctx: ScriptContext, sql: string, options: SendOptions = {}): Promise<StatementOutcome> {
  // what an interrupt cancels (run.ts)
  ctx.querying = (ctx.querying ?? 0) + 1
  try {
    const pending = ctx.deferredSend
    if (pending) {
      ctx.deferredSend = undefined
      options = { ...pending, ...options }
    }
    if (options.output !== undefined) {
      const { output, ...rest } = options
      return withStatementOutput(ctx, output, () => sendStatement(ctx, sql, rest))
    }
    const step = ctx.settings.singleStep
    if (ctx.settings.echo === 'queries' && !step) ctx.out.write(sql + '\n')
    const session = ctx.session
    if (!session) {
      reportError(ctx, NOT_CONNECTED)
      return ctx.settings.onErrorStop ? { exit: errorStop(ctx) } : 'error'
    }
    // -s: a statement the user cancels fails quietly, as psql's
    if (step && !await confirmStep(ctx, sql)) return ctx.settings.onErrorStop ? { exit: errorStop(ctx) } : 'error'
    const started = ctx.settings.timing ? ctx.now() : 0
    if (needsBegin(ctx.settings, session, sql)) {
      try {
        await session.query('BEGIN')
      } catch (e) {
        return failed(ctx, toWarehouseError(e), sql)
      }
    }
    if (!wantsSavepoint(ctx, session)) return await runStatement(ctx, session, sql, options, started, undefined)
    const savepoint = await openSavepoint(ctx, session)
    if (!savepoint) return ctx.settings.onErrorStop ? { exit: errorStop(ctx) } : 'error'
    const outcome = await runStatement(ctx, session, sql, options, started, savepoint)
    if (ctx.session !== session || await closeSavepoint(ctx, session, savepoint) || typeof outcome === 'object') return outcome
    return ctx.settings.onErrorStop ? { exit: errorStop(ctx) } : 'error'
  } finally {
    ctx.querying--
  }
}

/** The statement sent (described, or through a cursor) and its results handled; `savepoint` notes what undoes ON_ERROR_ROLLBACK's. */
async function runStatement(ctx: ScriptContext, session: Session, sql: string, options: SendOptions, started: number, savepoint: Savepoint | undefined): Promise<StatementOutcome> {
  if (options.describe) return describeQuery(ctx, session, sql, options, started)
  if (ctx.settings.fetchCount > 0 && !options.gset && !options.gexec && !options.crosstab && isSelect(sql)) {
    const r = await cursorQuery(ctx, sql, options)
    if (ctx.settings.timing) printTiming(ctx, ctx.now() - started)
    syncEncoding(ctx)
    printNotifications(ctx)
    return r
  }
  let results: StatementResult[]
  ctx.sentQuery = sql
  const q = ctx.queryOptions // the run's one object: no allocation per statement
  q.printed = 0
  q.send = options
  q.ahead = options.ahead
  try {
    results = await session.query(sql, options.gset || options.gexec ? { onNotice: q.onNotice } : options.copyIn ? { ...q, copyIn: options.copyIn } : q)
  } catch (e) {
    const err = toWarehouseError(e)
    // a string of statements (a `-c`): those that completed before the failing one print, as psql's do
    if (!options.gset && !options.gexec) printRemaining(ctx, q, err.results ?? [])
    q.stores.clear()
    // psql's SendQuery: the error first, then the notifications that came meanwhile
    const notifications = ctx.session?.takeNotifications?.()
    const o = await failed(ctx, err, sql)
    syncEncoding(ctx)
    printNotifications(ctx, notifications)
    return o
  }
  notesGone(savepoint, results)
  let outcome: StatementOutcome = 'ok'
  let generatedFailed = false
  for (let i = q.printed; i < results.length; i++) {
    const r = results[i]
    if (options.gset && i === results.length - 1) outcome = gset(ctx, r, options.gset.prefix, options, q.stores.get(r) ?? r.rows)
    else if (options.gexec && returnsTuples(r)) {
      const o = await gexec(ctx, r, sendStatement)
      if (typeof o === 'object') {
        echoGenerating(ctx, sql)
        return o
      }
      generatedFailed ||= o === 'error'
    } else if (options.crosstab && r === results[results.length - 1] && returnsTuples(r)) {
      outcome = printCrosstab(ctx, r, options.crosstab, q.stores.get(r) ?? r.rows)
    } else printResult(ctx, r, options, q.stores.get(r) ?? r.rows)
  }
  q.stores.clear()
  if (statementOutputFailed(ctx)) outcome = 'error'
  const last = results[results.length - 1]
  // as psql 15: a result that could not be printed (\gset, \crosstabview) sets no status variables
  if (outcome === 'error') {
    if (ctx.settings.echo === 'errors') writeErr(ctx, `${prefix(ctx)}STATEMENT:  ${sql}\n`)
  } else {
    // after \gexec too (as psql 15): the generating query's success, the generated ones' LAST_ERROR_*
    setSuccess(ctx.vars, last ? last.rowCount : null)
    // a COPY … TO STDOUT last, its tag not printed where its rows went: psql has no result to count (ROW_COUNT 0)
    if (last?.copyOut && !hasStatementOutput(ctx)) ctx.vars.setStatus('ROW_COUNT', '0')
  }
  if (ctx.settings.timing) printTiming(ctx, ctx.now() - started)
  syncEncoding(ctx)
  printNotifications(ctx)
  if (generatedFailed) echoGenerating(ctx, sql)
  const wait = ctx.queryOut.drained()
  if (wait) await wait
  if (outcome === 'error' && ctx.settings.onErrorStop) return { exit: errorStop(ctx) }
  return outcome
}

/** psql -b: a `\gexec` whose generated statement failed echoes the generating query too (its variables set as a success's). */
function echoGenerating(ctx: ScriptContext, sql: string): void {
  if (ctx.settings.echo === 'errors') writeErr(ctx, `${prefix(ctx)}STATEMENT:  ${sql}\n`)
}

/**
 * What comes back from a statement: results printed where query results go (or pivoted for
 * `\crosstabview`, stored in variables for `\gset`, sent again value by value for `\gexec`), errors
 * reported with their status variables and the run's fate (ON_ERROR_STOP, MAXERROR, a lost connection),
 * then timing and the NOTIFYs that came meanwhile. Also the query options every statement is sent with.
 */
import type { QueryOptions, StatementResult, WarehouseError } from '../warehouse/index.ts'
import { activePrintOptions, applyPset, clonePrintOptions, crosstabTable, effectivePrintOptions, printCommandStatus, printQueryResultTo, printTableTo, reportHeading, returnsTuples, type PrintOptions, type RowList } from './output/index.ts'
import { RowStore } from './rows.ts'
import { errorStop, type ScriptContext } from './context.ts'
import { prefix, reportError, reportNotice, reportSqlError, reportWarning, writeErr } from './messages.ts'
import { setFailure } from './status.ts'
import { hasStatementOutput, rowsOutput } from './query-output.ts'
import type { SendOptions, StatementOutcome } from './execute.ts'
import { describeIoError } from './paths.ts'

/** The query options of a run (one object for all its statements, which are many): notices reported, rows stored compactly. */
export interface StatementQueryOptions extends QueryOptions {
  onNotice: NonNullable<QueryOptions['onNotice']>
  /** Rows of the statement running now, per result, held compactly until printed. */
  stores: Map<StatementResult, RowStore>
  /** How many of the statement's results were printed already (before a COPY … TO STDOUT's data), and its options. */
  printed: number
  send: SendOptions
}

/** The run's query options; `context` gives the run's context (built with them) when a callback needs it. */
export function newQueryOptions(context: () => ScriptContext): StatementQueryOptions {
  const stores = new Map<StatementResult, RowStore>()
  const o: StatementQueryOptions = {
    stores,
    printed: 0,
    send: {},
    onNotice: n => reportNotice(context(), n),
    // a COPY … TO STDOUT's rows go where query results go, as psql's (\o included), bytes unchanged (binary too);
    // while that is behind (a slow pipe), the session reads no more of them
    copyOut: data => {
      const out = rowsOutput(context())
      if (!out || out.failure) return // psql reads the rest of the data and drops it
      out.writeBytes(data)
      return out.drained()
    },
    // as psql's, which prints each result as it comes: the results before a COPY's data print first
    onCopyOut: completed => printRemaining(context(), o, completed),
    onRow: (row, result) => {
      let store = stores.get(result)
      if (!store) stores.set(result, store = new RowStore(result.fields.length))
      store.add(row)
    },
  }
  return o
}

/** Prints the statement's results not printed yet (from `printed` on), with its send options and stored rows. */
export function printRemaining(ctx: ScriptContext, q: StatementQueryOptions, results: StatementResult[]): void {
  for (let i = q.printed; i < results.length; i++) printResult(ctx, results[i], q.send, q.stores.get(results[i]) ?? results[i].rows)
  q.printed = results.length
}

export function optionsFor(ctx: ScriptContext, options: SendOptions): PrintOptions {
  const o = effectivePrintOptions(ctx.output)
  if (options.pset) {
    const changed = clonePrintOptions(o)
    for (const [name, value] of options.pset) applyPset(changed, name, value)
    return options.expanded ? { ...changed, expanded: 'on' } : changed
  }
  return options.expanded ? { ...o, expanded: 'on' } : o
}

export function printResult(ctx: ScriptContext, r: StatementResult, options: SendOptions, rows: RowList<string | null>): void {
  const env = { quiet: ctx.settings.quiet, terminalColumns: ctx.terminalColumns }
  const tuples = returnsTuples(r)
  if (!tuples) {
    if (r.commandTag === '') return // an empty query (`;` alone in a `-c`): psql prints nothing
    if (r.copyOut) {
      copyWritten(ctx)
      if (!hasStatementOutput(ctx)) return // psql prints no tag where the COPY's rows just went
    }
    // a command tag (INSERT 0 1): most statements of a script, so no copy of the print options
    ctx.queryOut.write(printCommandStatus(r, options.pset ? optionsFor(ctx, options) : activePrintOptions(ctx.output), env))
    noteLastOid(ctx)
    return
  }
  const target = ctx.exportReport ? ctx.exportReport.channel : rowsOutput(ctx)
  if (!target) return
  const heading = reportHeading(ctx.output, new Date())
  if (heading) target.write(heading)
  // streamed in chunks: a large result is never one big string
  printQueryResultTo(chunk => target.write(chunk), r, optionsFor(ctx, options), undefined, env, rows)
  // as psql, which flushes each table and checks that it was written
  target.flush()
  if (target.failure) outputFailed(ctx, `could not print result table: ${describeIoError(target.failure)}`)
  if (ctx.exportReport) ctx.out.write(`(exported ${rows.length} ${rows.length === 1 ? 'row' : 'rows'})\n`)
  if (RETURNING_TAG.test(r.commandTag)) noteLastOid(ctx)
}

const RETURNING_TAG = /^(INSERT|UPDATE|DELETE)/

/**
 * psql's PrintQueryStatus sets LASTOID with each command tag it prints (or would, under -q): the inserted row's
 * OID, which is 0 for tables without OIDs, the only kind since PostgreSQL 12 (and Redshift's).
 */
export function noteLastOid(ctx: ScriptContext): void {
  if (ctx.vars.get('LASTOID') !== '0') ctx.vars.setStatus('LASTOID', '0')
}

/** psql's handleCopyOut: the COPY's data flushed where it went; a write that failed there fails the statement. */
function copyWritten(ctx: ScriptContext): void {
  const out = rowsOutput(ctx)
  if (!out) return
  out.flush()
  if (out.failure) outputFailed(ctx, `could not write COPY data: ${describeIoError(out.failure)}`)
}

/**
 * Output the statement could not write (a full disk): reported, and the statement fails with no status variables
 * set, as psql's. The output stays failed (C's ferror): each result table after it fails too.
 */
function outputFailed(ctx: ScriptContext, message: string): void {
  reportError(ctx, message)
  ctx.outputFailed = true
}

/** `\crosstabview`: the result pivoted where results go, or psql's message why it cannot be. */
export function printCrosstab(ctx: ScriptContext, r: StatementResult, args: (string | null)[], rows: RowList<string | null>): StatementOutcome {
  const table = crosstabTable(r, rows, args, effectivePrintOptions(ctx.output))
  if ('error' in table) {
    reportError(ctx, `\\crosstabview: ${table.error}`)
    return 'error'
  }
  const heading = reportHeading(ctx.output, new Date())
  if (heading) ctx.queryOut.write(heading)
  printTableTo({ push: text => ctx.queryOut.write(text) }, table, effectivePrintOptions(ctx.output), undefined, { terminalColumns: ctx.terminalColumns })
  return 'ok'
}

/**
 * psql 15's StoreQueryTuple: the row's values into variables (NULL unsets), a special variable (one with a hook)
 * left alone with a warning, the first name refused failing the statement. A statement without rows (CREATE
 * TABLE … \gset) prints its tag as any other.
 */
export function gset(ctx: ScriptContext, r: StatementResult, prefix: string, options: SendOptions, rows: RowList<string | null>): StatementOutcome {
  if (!returnsTuples(r)) {
    printResult(ctx, r, options, rows)
    return 'ok'
  }
  if (r.rows.length === 0) { reportError(ctx, 'no rows returned for \\gset'); return 'error' }
  if (r.rows.length > 1) { reportError(ctx, 'more than one row returned for \\gset'); return 'error' }
  const row = r.rows[0]
  for (let i = 0; i < r.fields.length; i++) {
    const name = prefix + r.fields[i].name
    if (ctx.vars.special(name)) {
      reportWarning(ctx, `attempt to \\gset into specially treated variable "${name}" ignored`)
      continue
    }
    const value = row[i]
    const problem = value === null ? ctx.vars.unset(name) : ctx.vars.set(name, value)
    if (problem) {
      reportError(ctx, problem)
      return 'error'
    }
  }
  return 'ok'
}

/**
 * psql's ExecQueryTuples: every value that is not NULL, row by row and left to right, is sent (by `send`,
 * the interpreter's sendStatement) as a statement (echoed first under ECHO all); ON_ERROR_STOP ends it at
 * the first that fails.
 */
export async function gexec(ctx: ScriptContext, r: StatementResult, send: (ctx: ScriptContext, sql: string) => Promise<StatementOutcome>): Promise<StatementOutcome> {
  let outcome: StatementOutcome = 'ok'
  for (const row of r.rows) {
    for (const value of row) {
      if (value === null) continue
      if (ctx.settings.echo === 'all') ctx.out.write(value + '\n')
      const o = await send(ctx, value)
      if (typeof o === 'object') return o
      if (o === 'error') outcome = 'error'
    }
  }
  return outcome
}

const SERVER_CLOSED = 'server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.\n'

/** A failed statement: reported, status variables set; the outcome says whether the run goes on. */
export async function failed(ctx: ScriptContext, err: WarehouseError, sql: string, sent = sql): Promise<StatementOutcome> {
  ctx.outputFailed = false // the statement failed anyway
  // the socket closed under the statement: libpq's words for it, after the server's FATAL if one came first
  const closed = err.connectionLost
  // the connection is gone then, after a FATAL or PANIC, or when the client lost it (no server error at all); a
  // server's ERROR with an 08 SQLSTATE (dblink's could not establish connection, a RAISE) leaves it as it was
  const lost = closed || err.severity === 'FATAL' || err.severity === 'PANIC' || (err.code.startsWith('08') && err.serverFields === undefined)
  // the error's LINE and caret in the text sent (FETCH_COUNT's DECLARE around the statement, as psql's)
  if (err.serverFields !== undefined || !closed) reportSqlError(ctx, err, sent)
  if (closed) writeErr(ctx, `${prefix(ctx)}${SERVER_CLOSED}`)
  // as psql -b: after the error (psql has exited when the connection is lost)
  if (ctx.settings.echo === 'errors' && !lost) writeErr(ctx, `${prefix(ctx)}STATEMENT:  ${sql}\n`)
  ctx.lastError = { code: err.code, message: err.message }
  ctx.lastServerError = { err, query: sent }
  const severity = setFailure(ctx.vars, ctx.settings, err.code, err.message)
  if (lost) {
    // the connection went bad: psql gives up a non-interactive run with 2
    reportError(ctx, 'connection to server was lost')
    await ctx.session?.close().catch(() => {})
    ctx.session = null
    return { exit: 2 }
  }
  if (ctx.settings.maxError > 0 && severity > ctx.settings.maxError) return { exit: severity }
  if (severity > 0 && ctx.settings.onErrorStop) return { exit: errorStop(ctx) }
  return 'error'
}

/** psql's PrintNotifications, after each command: the NOTIFYs that came for this session's LISTENs. */
export function printNotifications(ctx: ScriptContext, notifications = ctx.session?.takeNotifications?.()): void {
  if (!notifications) return
  for (const n of notifications) {
    ctx.queryOut.write(n.payload === ''
      ? `Asynchronous notification "${n.channel}" received from server process with PID ${n.processId}.\n`
      : `Asynchronous notification "${n.channel}" with payload "${n.payload}" received from server process with PID ${n.processId}.\n`)
  }
}

export function printTiming(ctx: ScriptContext, ms: number): void {
  let text = `Time: ${ms.toFixed(3)} ms`
  if (ms >= 1000) {
    const total = ms / 1000
    const h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60
    const ss = s.toFixed(3).padStart(6, '0')
    text += h > 0 ? ` (${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${ss})` : ` (${String(m).padStart(2, '0')}:${ss})`
  }
  ctx.out.write(text + '\n')
}

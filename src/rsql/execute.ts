/**
 * Sending one statement and handling what comes back: results printed (or `\gset`, or exported),
 * status variables set, errors reported, ON_ERROR_STOP and MAXERROR applied. With FETCH_COUNT set,
 * a SELECT runs through a cursor and prints in batches, as psql's ExecQueryUsingCursor.
 */
import { WarehouseError, toWarehouseError, type CopyInData, type QueryOptions, type Session, type StatementResult } from '../warehouse/index.ts'
import { describeStatement, NO_COLUMNS } from './describe-query.ts'
import { activePrintOptions, crosstabTable, effectivePrintOptions, printCommandStatus, printQueryResultTo, printTableTo, reportHeading, returnsTuples, type PrintOptions, type RowList } from './output/index.ts'
import { needsBegin } from './autocommit.ts'
import { RowStore } from './rows.ts'
import { errorStop, type ScriptContext } from './context.ts'
import { NOT_CONNECTED, prefix, reportError, reportNotice, reportSqlError, writeErr } from './messages.ts'
import { setFailure, setSuccess } from './status.ts'
import { hasStatementOutput, rowsOutput, statementOutputFailed, withStatementOutput } from './query-output.ts'

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
}

/** `ok`, `error` (reported, the script goes on), or an exit code for the whole run. */
export type StatementOutcome = 'ok' | 'error' | { exit: number }

/** psql's is_select_command: the statements a cursor can run. */
export function isSelect(sql: string): boolean {
  const m = /^(?:\s|\(|--[^\n]*\n|\/\*[\s\S]*?\*\/)*([A-Za-z]+)/.exec(sql)
  if (!m) return false
  const w = m[1].toLowerCase()
  return w === 'select' || w === 'values' || w === 'table' || w === 'with'
}

/** Options a `-c` string's `\gdesc`, `\crosstabview`, `\gset`… left for the next statement sent (psql's flags). */
const deferred = new WeakMap<ScriptContext, SendOptions>()

/** psql -c '\gdesc' sends nothing (there is no query buffer), but its flag stays set for the next statement. */
export function deferSendOptions(ctx: ScriptContext, options: SendOptions): void {
  deferred.set(ctx, { ...deferred.get(ctx), ...options })
}

export async function sendStatement(ctx: ScriptContext, sql: string, options: SendOptions = {}): Promise<StatementOutcome> {
  const pending = deferred.get(ctx)
  if (pending) {
    deferred.delete(ctx)
    options = { ...pending, ...options }
  }
  if (options.output !== undefined) {
    const { output, ...rest } = options
    return withStatementOutput(ctx, output, () => sendStatement(ctx, sql, rest))
  }
  if (ctx.settings.echo === 'queries') ctx.out.write(sql + '\n')
  const session = ctx.session
  if (!session) {
    reportError(ctx, NOT_CONNECTED)
    return ctx.settings.onErrorStop ? { exit: errorStop(ctx) } : 'error'
  }
  const started = ctx.settings.timing ? ctx.now() : 0
  if (needsBegin(ctx.settings, session, sql)) {
    try {
      await session.query('BEGIN')
    } catch (e) {
      return failed(ctx, toWarehouseError(e), sql)
    }
  }
  if (options.describe) return describe(ctx, session, sql, options, started)
  if (ctx.settings.fetchCount > 0 && !options.gset && !options.gexec && !options.crosstab && isSelect(sql)) {
    const r = await cursorQuery(ctx, sql, options)
    if (ctx.settings.timing) printTiming(ctx, ctx.now() - started)
    printNotifications(ctx)
    return r
  }
  let results: StatementResult[]
  const q = queryOptionsOf(ctx)
  q.printed = 0
  q.send = options
  try {
    results = await session.query(sql, options.gset || options.gexec ? { onNotice: q.onNotice } : options.copyIn ? { ...q, copyIn: options.copyIn } : q)
  } catch (e) {
    const err = toWarehouseError(e)
    // a string of statements (a `-c`): those that completed before the failing one print, as psql's do
    const done = err.results ?? []
    if (!options.gset && !options.gexec) for (let i = q.printed; i < done.length; i++) printResult(ctx, done[i], options, q.stores.get(done[i]) ?? done[i].rows)
    q.stores.clear()
    // psql's SendQuery: the error first, then the notifications that came meanwhile
    const notifications = ctx.session?.takeNotifications?.()
    const o = await failed(ctx, err, sql)
    printNotifications(ctx, notifications)
    return o
  }
  let outcome: StatementOutcome = 'ok'
  for (let i = q.printed; i < results.length; i++) {
    const r = results[i]
    if (options.gset) outcome = gset(ctx, r, options.gset.prefix)
    else if (options.gexec && returnsTuples(r)) {
      const o = await gexec(ctx, r)
      if (typeof o === 'object') return o
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
  }
  if (ctx.settings.timing) printTiming(ctx, ctx.now() - started)
  printNotifications(ctx)
  const wait = ctx.queryOut.drained()
  if (wait) await wait
  if (outcome === 'error' && ctx.settings.onErrorStop) return { exit: errorStop(ctx) }
  return outcome
}

/** psql's PrintNotifications, after each command: the NOTIFYs that came for this session's LISTENs. */
function printNotifications(ctx: ScriptContext, notifications = ctx.session?.takeNotifications?.()): void {
  if (!notifications) return
  for (const n of notifications) {
    ctx.queryOut.write(n.payload === ''
      ? `Asynchronous notification "${n.channel}" received from server process with PID ${n.processId}.\n`
      : `Asynchronous notification "${n.channel}" with payload "${n.payload}" received from server process with PID ${n.processId}.\n`)
  }
}

interface RunQueryOptions extends QueryOptions {
  onNotice: NonNullable<QueryOptions['onNotice']>
  /** Rows of the statement running now, per result, held compactly until printed. */
  stores: Map<StatementResult, RowStore>
  /** How many of the statement's results were printed already (before a COPY … TO STDOUT's data), and its options. */
  printed: number
  send: SendOptions
}

const queryOptions = new WeakMap<ScriptContext, RunQueryOptions>()

/** The query options of this run (one object per run: statements are many): notices reported, rows stored compactly. */
function queryOptionsOf(ctx: ScriptContext): RunQueryOptions {
  let o = queryOptions.get(ctx)
  if (!o) {
    const stores = new Map<StatementResult, RowStore>()
    o = {
      stores,
      printed: 0,
      send: {},
      onNotice: n => reportNotice(ctx, n),
      // a COPY … TO STDOUT's rows go where query results go, as psql's (\o included), bytes unchanged (binary too);
      // while that is behind (a slow pipe), the session reads no more of them
      copyOut: data => {
        const out = rowsOutput(ctx)
        if (!out) return
        out.writeBytes(data)
        return out.drained()
      },
      // as psql's, which prints each result as it comes: the results before a COPY's data print first
      onCopyOut: completed => {
        for (let i = o!.printed; i < completed.length; i++) printResult(ctx, completed[i], o!.send, stores.get(completed[i]) ?? completed[i].rows)
        o!.printed = completed.length
      },
      onRow: (row, result) => {
        let store = stores.get(result)
        if (!store) stores.set(result, store = new RowStore(result.fields.length))
        store.add(row)
      },
    }
    queryOptions.set(ctx, o)
  }
  return o
}

function optionsFor(ctx: ScriptContext, options: SendOptions): PrintOptions {
  const o = effectivePrintOptions(ctx.output)
  return options.expanded ? { ...o, expanded: 'on' } : o
}

function printResult(ctx: ScriptContext, r: StatementResult, options: SendOptions, rows: RowList<string | null>): void {
  const env = { quiet: ctx.settings.quiet, terminalColumns: ctx.terminalColumns }
  const tuples = returnsTuples(r)
  if (!tuples) {
    if (r.commandTag === '') return // an empty query (`;` alone in a `-c`): psql prints nothing
    if (r.copyOut && !hasStatementOutput(ctx)) return // psql prints no tag where the COPY's rows just went
    // a command tag (INSERT 0 1): most statements of a script, so no copy of the print options
    ctx.queryOut.write(printCommandStatus(r, activePrintOptions(ctx.output), env))
    return
  }
  const target = ctx.exportReport ? ctx.exportReport.channel : rowsOutput(ctx)
  if (!target) return
  const heading = reportHeading(ctx.output, new Date())
  if (heading) target.write(heading)
  // streamed in chunks: a large result is never one big string
  printQueryResultTo(chunk => target.write(chunk), r, optionsFor(ctx, options), undefined, env, rows)
  if (ctx.exportReport) ctx.out.write(`(exported ${rows.length} ${rows.length === 1 ? 'row' : 'rows'})\n`)
}

/** `\gdesc`: the statement described (psql's DescribeQuery), printed as a result; a statement that fails to parse fails. */
async function describe(ctx: ScriptContext, session: Session, sql: string, options: SendOptions, started: number): Promise<StatementOutcome> {
  let described: StatementResult | null
  try {
    described = await describeStatement(session, sql, queryOptionsOf(ctx).onNotice)
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

/** `\crosstabview`: the result pivoted where results go, or psql's message why it cannot be. */
function printCrosstab(ctx: ScriptContext, r: StatementResult, args: (string | null)[], rows: RowList<string | null>): StatementOutcome {
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

function gset(ctx: ScriptContext, r: StatementResult, prefix: string): StatementOutcome {
  if (!returnsTuples(r)) {
    reportError(ctx, '\\gset: query did not return data')
    return 'error'
  }
  if (r.rows.length === 0) { reportError(ctx, 'no rows returned for \\gset'); return 'error' }
  if (r.rows.length > 1) { reportError(ctx, 'more than one row returned for \\gset'); return 'error' }
  const row = r.rows[0]
  r.fields.forEach((f, i) => {
    const name = prefix + f.name
    const value = row[i]
    const problem = value === null ? ctx.vars.unset(name) : ctx.vars.set(name, value)
    if (problem) reportError(ctx, problem)
  })
  return 'ok'
}

/**
 * psql's ExecQueryTuples: every value that is not NULL, row by row and left to right, is sent as a
 * statement (echoed first under ECHO all); ON_ERROR_STOP ends it at the first that fails.
 */
async function gexec(ctx: ScriptContext, r: StatementResult): Promise<StatementOutcome> {
  for (const row of r.rows) {
    for (const value of row) {
      if (value === null) continue
      if (ctx.settings.echo === 'all') ctx.out.write(value + '\n')
      const o = await sendStatement(ctx, value)
      if (typeof o === 'object') return o
    }
  }
  return 'ok'
}

/** A failed statement: reported, status variables set; the outcome says whether the run goes on. */
export async function failed(ctx: ScriptContext, err: WarehouseError, sql: string): Promise<StatementOutcome> {
  reportSqlError(ctx, err, sql)
  if (ctx.settings.echo === 'errors') writeErr(ctx, `${prefix(ctx)}STATEMENT:  ${sql}\n`) // as psql -b: after the error
  ctx.lastError = { code: err.code, message: err.message }
  ctx.lastServerError = { err, query: sql }
  const severity = setFailure(ctx.vars, ctx.settings, err.code, err.message)
  if (err.code.startsWith('08') || err.severity === 'FATAL' || err.severity === 'PANIC') {
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

async function cursorQuery(ctx: ScriptContext, sql: string, options: SendOptions): Promise<StatementOutcome> {
  const session = ctx.session!
  const began = !session.inTransaction
  const n = ctx.settings.fetchCount
  const onNotice = (x: Parameters<typeof reportNotice>[1]) => reportNotice(ctx, x)
  let step = 'declare'
  try {
    if (began) await session.query('BEGIN', { onNotice })
    const declared = await session.query(`DECLARE _psql_cursor NO SCROLL CURSOR FOR\n${sql}`, { onNotice })
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
    for (let first = true; ; first = false) {
      const [r] = await session.query(`FETCH FORWARD ${n} FROM _psql_cursor`, { onNotice })
      const last = r.rows.length < n
      if (first) target.write(reportHeading(ctx.output, new Date()))
      printQueryResultTo(chunk => target.write(chunk), r, o, { startTable: first, stopTable: last, priorRows: prior }, { quiet: ctx.settings.quiet, terminalColumns: ctx.terminalColumns })
      prior += r.rows.length
      const wait = target.drained()
      if (wait) await wait
      if (last) break
    }
    await session.query('CLOSE _psql_cursor', { onNotice })
    if (began) await session.query('COMMIT', { onNotice })
    if (ctx.exportReport) ctx.out.write(`(exported ${prior} ${prior === 1 ? 'row' : 'rows'})\n`)
    setSuccess(ctx.vars, String(prior))
    return 'ok'
  } catch (e) {
    if (began && ctx.session) await ctx.session.query('ROLLBACK').catch(() => {})
    const err = toWarehouseError(e)
    // positions in DECLARE refer to the wrapped text; report them against the user's statement
    const shifted = step === 'declare' && err.position
      ? new WarehouseError(err.message, { ...err, position: Math.max(1, err.position - 'DECLARE _psql_cursor NO SCROLL CURSOR FOR\n'.length), cause: e })
      : err
    return failed(ctx, shifted, sql)
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

/** One rsql run: build the context, connect, run the sources in order, clean up. */
import type { Session } from '../warehouse/index.ts'
import { newOutputSettings, type OutputSettings } from './output/index.ts'
import type { Readable } from 'node:stream'
import { channelFor, type OutputTarget } from './channel.ts'
import { describeIoError } from './paths.ts'
import { closeQueryOutput, openQueryOutput } from './query-output.ts'
import { newQueryOptions } from './results.ts'
import { defaultSettings, installHooks, newFrame, type Connector, type ScriptContext, type Source } from './context.ts'
import { runAction, type Action } from './actions.ts'
import { syncConnectionVariables } from './commands/connection.ts'
import { echoHidden } from './commands/catalog.ts'
import { listAllDatabases } from './commands/describe.ts'
import { toWarehouseError } from '../warehouse/index.ts'
import { StreamLines } from './input.ts'
import { initialStatus } from './status.ts'
import { connectionMessage, reportNotice, reportSqlError, writeErr } from './messages.ts'
import { Variables } from './variables.ts'

export interface RunOptions {
  /** What runs, in order: sources (a script, stdin), or the command line's `-c` and `-f` (see actions.ts). */
  sources: (Source | Action)[]
  /** An open session (the caller closes it), or how to open one (closed at the end). */
  session?: Session
  open?: () => Promise<Session>
  connector?: Connector
  /** `-v`: each set, or unset when its value is undefined (psql's `-v NAME`). */
  variables?: Iterable<[string, string | undefined]>
  stdout: OutputTarget
  stderr: OutputTarget
  cwd: string
  env: Record<string, string | undefined>
  /** Adjusts print options before the first source (the CLI's -A -t -x -H --csv -P); returns an error to stop. */
  configure?: (output: OutputSettings) => string | undefined
  terminalColumns?: number
  /** The width psql's pager has ($COLUMNS, else the terminal's; 0 without either): see ScriptContext.pagerColumns. */
  pagerColumns?: number
  /** `-o file`: query results go to the file from the start. */
  queryOutput?: string
  program?: string
  /**
   * rsql's standard input, for `\copy … from pstdin`: a stream read when asked (or a function giving it, called
   * only then), or the source read from it
   * (the script came on stdin: pstdin is then the script, as in psql). Without it pstdin is empty.
   */
  stdin?: Readable | (() => Readable) | Source
  /**
   * `-1` (psql's --single-transaction): BEGIN before the first source and COMMIT after the last, or ROLLBACK
   * when ON_ERROR_STOP is set and the run failed; both run as psql's PSQLexec (shown under ECHO_HIDDEN).
   */
  singleTransaction?: boolean
  /** `-l` (psql's --list): the databases listed instead of the sources (and without -1's transaction); 1 if it failed. */
  listDatabases?: boolean
  /** Interrupts (the CLI's SIGINT): `\watch` listens while it loops, and ends the loop on one. */
  onInterrupt?: (listener: () => void) => () => void
}

export interface RunResult {
  exitCode: number
  lastError?: { code: string; message: string }
}

export async function run(o: RunOptions): Promise<RunResult> {
  const vars = new Variables()
  const settings = defaultSettings()
  installHooks(vars, settings)
  initialStatus(vars)
  const out = channelFor(o.stdout)
  const err = channelFor(o.stderr)
  const program = o.program ?? 'rsql'
  const ctx: ScriptContext = {
    vars, settings, output: newOutputSettings(), session: o.session ?? null, connector: o.connector,
    out, err, queryOut: out, cwd: o.cwd, env: o.env, frame: newFrame({ name: program, lines: [], firstLine: 1, dir: o.cwd, command: true }),
    program, terminalColumns: o.terminalColumns ?? 0, pagerColumns: o.pagerColumns ?? 0, now: () => performance.now(), onInterrupt: o.onInterrupt,
    deferredSend: undefined, queryOptions: newQueryOptions(() => ctx), statementOutput: undefined, outputFailed: false,
  }
  const stdin = o.stdin
  const stdinLines = typeof stdin === 'function' ? new StreamLines(stdin) : stdin && 'pipe' in stdin ? new StreamLines(() => stdin) : undefined
  if (stdinLines) ctx.stdin = { lines: stdinLines }
  else if (o.stdin) ctx.stdin = { source: o.stdin as Source }
  const fatal = (message: string, code: number): RunResult => {
    out.flush()
    err.write(`${program}: error: ${message}\n`)
    err.flush()
    return { exitCode: code }
  }
  let stopListening: (() => void) | undefined
  try {
    for (const [name, value] of o.variables ?? []) {
      const problem = value === undefined ? vars.unset(name) : vars.set(name, value)
      if (problem) return fatal(problem, 1)
    }
    if (o.queryOutput) {
      try {
        ctx.queryOut = openQueryOutput(ctx, o.queryOutput)
      } catch (e) {
        return fatal(`${o.queryOutput}: ${describeIoError(e)}`, 1)
      }
    }
    const problem = o.configure?.(ctx.output)
    if (problem) return fatal(problem, 1)
    if (!ctx.session && o.open) {
      try {
        ctx.session = await o.open()
      } catch (e) {
        // libpq's own hint (Is the server running…?) comes after a tab; a server's is in the message already
        const { hint, severity } = e as { hint?: string; severity?: string }
        return fatal(connectionMessage(e) + (hint && severity !== 'FATAL' ? `\n\t${hint}` : ''), 2)
      }
    }
    // as psql's: interrupts are its own once connected (before, Ctrl-C at the password prompt ends rsql, 130)
    stopListening = o.onInterrupt?.(() => interrupt(ctx))
    if (ctx.session) await syncConnectionVariables(ctx)
    if (o.listDatabases) return { exitCode: await listAllDatabases(ctx) ? 0 : 1, lastError: ctx.lastError }
    if (o.singleTransaction && ctx.session && !await transactionCommand(ctx, 'BEGIN') && ctx.settings.onErrorStop) return { exitCode: 3 }
    let exitCode = 0
    for (const source of o.sources) {
      const r = await runAction(ctx, source)
      if ('exit' in r) { exitCode = r.exit; break }
      exitCode = r.result
      if (exitCode !== 0 && ctx.settings.onErrorStop) break
    }
    if (o.singleTransaction && ctx.session) {
      const end = ctx.settings.onErrorStop && exitCode !== 0 ? 'ROLLBACK' : 'COMMIT'
      if (!await transactionCommand(ctx, end) && exitCode === 0) exitCode = 1
    }
    return { exitCode, lastError: ctx.lastError }
  } finally {
    stopListening?.()
    stdinLines?.close()
    if (ctx.queryOut !== out) await closeQueryOutput(ctx.queryOut)
    ctx.exportReport?.channel.close()
    out.close()
    err.close()
    if (!o.session && ctx.session) await ctx.session.close().catch(() => {})
    else if (o.session && ctx.session && ctx.session !== o.session) await ctx.session.close().catch(() => {})
  }
}

/**
 * psql's SIGINT in a run (fe_utils/cancel.c): the statement the server runs is cancelled ("Cancel request sent", then
 * its error), and a script ends at its next line (interpreter.ts); `\watch` listens itself.
 */
function interrupt(ctx: ScriptContext): void {
  if (ctx.watching) return
  ctx.interrupted = true
  if (!ctx.querying || !ctx.session) return
  ctx.session.cancel().catch(() => {})
  writeErr(ctx, 'Cancel request sent\n')
  ctx.err.flush()
}

/** `-1`'s BEGIN, COMMIT or ROLLBACK, as psql's PSQLexec: shown under ECHO_HIDDEN, its notices and error reported. */
async function transactionCommand(ctx: ScriptContext, sql: string): Promise<boolean> {
  if (!echoHidden(ctx, sql)) return false
  try {
    await ctx.session!.query(sql, { onNotice: n => reportNotice(ctx, n) })
    return true
  } catch (e) {
    reportSqlError(ctx, toWarehouseError(e), sql)
    return false
  }
}

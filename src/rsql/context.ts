/**
 * The state of one rsql run, passed explicitly to every part (no globals, so many scripts can
 * run in one process at once).
 */
import type { WarehouseError } from '../warehouse/index.ts'
import type { Session, WarehouseTarget } from '../warehouse/index.ts'
import type { OutputSettings } from './output/index.ts'
import type { Channel } from './channel.ts'
import { ConditionalStack } from './conditional.ts'
import { newScanState, type QueryBuffer, type ScanState } from './lexer.ts'
import { Variables } from './variables.ts'
import { boolVariable, installPsqlVariables, parseVariableNum } from './psql-variables.ts'
import { parseBoolean } from './expression.ts'
import type { SendOptions } from './execute.ts'
import type { StatementQueryOptions } from './results.ts'
import type { StatementOutput } from './query-output.ts'

export type EchoMode = 'none' | 'errors' | 'queries' | 'all'

/** Settings that special variables and `\rset` control. */
export interface Settings {
  onErrorStop: boolean
  /** `AUTOCOMMIT` (on by default): off opens a transaction before a statement sent outside one. */
  autocommit: boolean
  quiet: boolean
  fetchCount: number
  echo: EchoMode
  timing: boolean
  /** `\rset maxerror n`: exit when an error's severity is above n; 0 = never. */
  maxError: number
  errorLevelOn: boolean
  /** `\rset errorlevel <sqlstate> severity <n>`: by SQLSTATE, or by class (two characters). */
  severities: Map<string, number>
  /** The highest severity seen so far (ERRORLEVEL). */
  highestSeverity: number
  /** `SINGLELINE` (-S): the end of a line ends a statement, as a semicolon does. */
  singleLine: boolean
  /** `SINGLESTEP` (-s): each statement is shown and confirmed before it is sent. */
  singleStep: boolean
  /** `ON_ERROR_ROLLBACK`: statements in a transaction block run behind a savepoint (on-error-rollback.ts). */
  onErrorRollback: 'off' | 'on' | 'interactive'
  /** `SEND_AHEAD` (on unless set off; not listed while unset): statements read ahead and pipelined (send-ahead.ts). */
  sendAhead: boolean
}

/** Severity of an error that `\rset errorlevel` did not map (BTEQ's default). */
export const DEFAULT_SEVERITY = 8

/** One input being run: a file, stdin, a `-c` string, or a `\i` / `\run` file. */
export interface Source {
  /** The name shown in messages (`scripts/copy.sql`, `<stdin>`). */
  name: string
  lines: string[]
  /** The line number of lines[0] (1, or more after `\run … skip=n`). */
  firstLine: number
  /** The folder `\ir` is relative to. */
  dir: string
  /** A `-c` string or interactive input: errors carry no file:line prefix. */
  command?: boolean
  /** A script read from stdin without `-f -`: its errors carry no file:line prefix either, as psql's. */
  bare?: boolean
  /** Interactive input: asked for the next line when `lines` runs out (with a prompt other than the usual one). */
  more?: (prompt?: string) => Promise<string | undefined>
}

/** The per-source state of the loop: psql keeps a conditional stack per file. */
export interface Frame {
  source: Source
  lineNo: number
  cond: ConditionalStack
  scan: ScanState
  buf: QueryBuffer
  /** A `\goto` waiting for its `\label`. */
  goto?: { label: string; line: number }
  /** Labels passed so far: a `\goto` to one of them is a backward jump. */
  labels: Set<string>
  /** The frame whose `\i` runs this one (`\copy … from pstdin` in it may read the script on stdin). */
  outer?: Frame
}

/** How to open a new session, given what `\c` / `\logon` asked for (`undefined` = keep the current value). */
export interface ConnectRequest {
  database?: string
  user?: string
  host?: string
  /** As written: libpq's checks apply when the connection is made. */
  port?: string
  password?: string
  /** A URL or `key=value` connection string. */
  conninfo?: string
}

export interface Connector {
  connect(request: ConnectRequest): Promise<Session>
  /** The target the current session was opened with (for `\conninfo` and defaults). */
  describe?(): WarehouseTarget | undefined
}

export interface ScriptContext {
  vars: Variables
  settings: Settings
  output: OutputSettings
  session: Session | null
  connector?: Connector
  out: Channel
  err: Channel
  /** Where query results go: stdout, or the file `\o` named. */
  queryOut: Channel
  queryOutPath?: string
  /** `\export report file=…`: SELECT results go here instead of the console. */
  exportReport?: { path: string; channel: Channel }
  cwd: string
  env: Record<string, string | undefined>
  frame: Frame
  /** ON_ERROR_STOP ended the input (exit 3): the command line's loop tells this from `\exit 3`. */
  stoppedOnError?: boolean
  /** Statements being sent now (sendStatement): an interrupt cancels what the server runs for them. */
  querying?: number
  /** An interrupt (SIGINT) came: a script ends at its next line with exit 3, as psql's EXIT_USER. */
  interrupted?: boolean
  /** A `\watch` loop listens for interrupts itself (it ends the loop, and the script goes on). */
  watching?: boolean
  /** The last SQL error, for the library's result. */
  lastError?: { code: string; message: string }
  /** The last server error and its statement, for `\errverbose`. */
  lastServerError?: { err: WarehouseError; query: string }
  /** The statement sent last (libpq's last_query): the position of a notice it raised points into it. */
  sentQuery?: string
  /** The last statement sent (`\g` with an empty buffer sends it again). */
  lastQuery?: string
  /** The client encoding as last seen (psql's pset.encoding): ENCODING is set when it changes, not when it differs. */
  encoding?: string
  /** Columns of the terminal stdout is, 0 for a file or pipe (wrapped and expanded=auto use it). */
  terminalColumns: number
  /**
   * psql's width when it pages (a FETCH_COUNT result of several batches on stdout, pager or not): $COLUMNS as it
   * was at the start, else the terminal's, else 0.
   */
  pagerColumns: number
  /** The program name in messages: `rsql`. */
  program: string
  /** Timing of the last statement is printed when `\timing` is on. */
  now: () => number
  /**
   * rsql's own standard input (`\copy … from pstdin`, a `-c` string's COPY … FROM STDIN): the source read
   * from it (the script itself, or the terminal), or its lines, read when asked (binary data: the rest of it
   * as it comes).
   */
  stdin?: { source: Source } | { lines: { next(): string | undefined | Promise<string | undefined>; chars(max: number): Promise<string | undefined>; rest(): AsyncIterable<Buffer>; readonly terminal: boolean } }
  /** Interrupts (the CLI's SIGINT) for `\watch`, which listens while it loops; returns how to stop listening. */
  onInterrupt?: (listener: () => void) => () => void
  /** Send options a `-c` string's `\gdesc`, `\crosstabview`, `\gset`… left for the next statement sent (psql's flags). */
  deferredSend: SendOptions | undefined
  /** When the last pipeline was sent, and with how many statements (send-ahead.ts: how many go in the next). */
  lastPipeline?: { started: number; statements: number }
  /** The last statement took QUICK_MS or more: none is sent ahead after it (send-ahead.ts). */
  slow?: boolean
  /** The query options every statement is sent with: one object for the run (statements are many), built with the context. */
  queryOptions: StatementQueryOptions
  /** The `\g FILE|command` target of the statement running now. */
  statementOutput: StatementOutput | undefined
  /** The statement running now could not write its results or COPY data (results.ts): it fails. */
  outputFailed?: boolean
}

/** ON_ERROR_STOP ends the input: psql's EXIT_USER. */
export function errorStop(ctx: ScriptContext): number {
  ctx.stoppedOnError = true
  return 3
}

export function newFrame(source: Source): Frame {
  return { source, lineNo: source.firstLine, cond: new ConditionalStack(), scan: newScanState(), buf: { text: '' }, labels: new Set() }
}

export function defaultSettings(): Settings {
  return {
    onErrorStop: false, autocommit: true, quiet: false, fetchCount: 0, echo: 'none', timing: false,
    maxError: 0, errorLevelOn: true, severities: new Map(), highestSeverity: 0, singleLine: false, singleStep: false, onErrorRollback: 'off',
    sendAhead: true,
  }
}

const ECHO_VALUES: EchoMode[] = ['none', 'errors', 'queries', 'all']

/** Installs the hooks of the special variables, tying them to `settings`. */
export function installHooks(vars: Variables, settings: Settings): void {
  // psql: `\set ON_ERROR_STOP` alone turns it on
  boolVariable(vars, 'ON_ERROR_STOP', v => { settings.onErrorStop = v })
  boolVariable(vars, 'AUTOCOMMIT', v => { settings.autocommit = v })
  vars.set('AUTOCOMMIT', 'on')
  boolVariable(vars, 'QUIET', v => { settings.quiet = v })
  boolVariable(vars, 'SINGLELINE', v => { settings.singleLine = v })
  boolVariable(vars, 'SINGLESTEP', v => { settings.singleStep = v })
  boolVariable(vars, 'ON_ERROR_ROLLBACK', v => { settings.onErrorRollback = v ? 'on' : 'off' }, ['interactive'], () => { settings.onErrorRollback = 'interactive' })
  vars.hook('FETCH_COUNT', value => {
    if (value === undefined) { settings.fetchCount = 0; return { value: '0' } }
    const n = parseVariableNum(value)
    if (n === undefined) return { error: `invalid value "${value}" for "FETCH_COUNT": integer expected` }
    settings.fetchCount = Math.max(0, n)
    return { value }
  })
  vars.hook('ECHO', value => {
    if (value === undefined) { settings.echo = 'none'; return { value: 'none' } }
    const v = value.toLowerCase() as EchoMode
    if (!ECHO_VALUES.includes(v)) return { error: `unrecognized value "${value}" for "ECHO"\nAvailable values are: none, errors, queries, all.` }
    settings.echo = v
    return { value }
  })
  vars.hook('MAXERROR', value => {
    if (value === undefined) { settings.maxError = 0; return { value: '0' } }
    if (!/^\s*\d+\s*$/.test(value) || parseInt(value, 10) > 2147483647) return { error: `invalid value "${value}" for "MAXERROR": integer expected` }
    settings.maxError = parseInt(value, 10)
    return { value: String(settings.maxError) }
  })
  vars.hook('SEND_AHEAD', value => {
    const on = value === undefined || value === '' ? true : parseBoolean(value)
    if (on === undefined) return { error: `unrecognized value "${value}" for "SEND_AHEAD": Boolean expected` }
    settings.sendAhead = on
    return {}
  })
  installPsqlVariables(vars)
}

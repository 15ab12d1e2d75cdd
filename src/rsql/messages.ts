/**
 * Messages on stderr in psql's form: `rsql:copy.sql:14: ERROR:  relation "t" does not exist`,
 * the `LINE n:` context with a caret under the error position, then DETAIL and HINT.
 */
import type { Notice, WarehouseError } from '../warehouse/index.ts'
import type { ScriptContext } from './context.ts'
import { charWidth } from './output/width.ts'
import { isUtf8Client } from './status.ts'
import { decodeBytes, encodeRaw } from '../warehouse/raw-text.ts'

/** `rsql:file:line: ` while a file or stdin runs; nothing for a `-c` string. */
export function prefix(ctx: ScriptContext): string {
  const f = ctx.frame
  if (f.source.command || f.source.bare) return ''
  return `${ctx.program}:${f.source.name}:${f.lineNo}: `
}

/** Writes to stderr after flushing stdout, so a shared terminal or file keeps the order. */
export function writeErr(ctx: ScriptContext, text: string): void {
  ctx.out.flush()
  if (ctx.queryOut !== ctx.out) ctx.queryOut.flush()
  ctx.err.write(text)
  ctx.err.flush()
}

/** psql's words for a command that needs a session when there is none. */
export const NOT_CONNECTED = 'You are currently not connected to a database.'

/**
 * The head of a client-side message: `rsql:file:line: error: ` in a file; in a `-c` string (or a script read
 * from stdin) psql's terse logging prints the message alone.
 */
function clientHead(ctx: ScriptContext, level: string): string {
  return ctx.frame.source.command || ctx.frame.source.bare ? '' : `${prefix(ctx)}${level}: `
}

/** A client-side error (`invalid command \foo`). */
export function reportError(ctx: ScriptContext, message: string): void {
  writeErr(ctx, `${clientHead(ctx, 'error')}${message}\n`)
}

/** A message without a level (psql's pg_log_info). */
export function reportInfo(ctx: ScriptContext, message: string): void {
  writeErr(ctx, `${ctx.frame.source.command || ctx.frame.source.bare ? '' : prefix(ctx)}${message}\n`)
}

export function reportWarning(ctx: ScriptContext, message: string): void {
  writeErr(ctx, `${clientHead(ctx, 'warning')}${message}\n`)
}

export function reportSqlError(ctx: ScriptContext, err: WarehouseError, query: string): void {
  writeErr(ctx, prefix(ctx) + serverMessage(styleOf(ctx, true), err.severity || 'ERROR', err, asSent(ctx, query)))
}

/**
 * A statement as the server counts its characters for an error's position: in a client encoding that is not UTF8
 * (LATIN1…), a byte a character, as libpq walks it (decodeBytes).
 */
function asSent(ctx: ScriptContext, query: string | undefined): string | undefined {
  if (query === undefined || isUtf8Client(ctx.session) || /^[\x00-\x7f]*$/.test(query)) return query
  return decodeBytes(encodeRaw(query))
}

/** A notice, with the LINE and caret of its position in the statement sent (psql's, for `nonstandard use of \'`…). */
export function reportNotice(ctx: ScriptContext, n: Notice): void {
  const position = n.serverFields?.P
  writeErr(ctx, prefix(ctx) + serverMessage(styleOf(ctx, false), n.severity, position ? { ...n, position: Number(position) } : n, asSent(ctx, ctx.sentQuery)))
}

/** `\errverbose`: the last error again, with every field (psql's PQresultVerboseErrorMessage). */
export function reportVerboseError(ctx: ScriptContext, err: WarehouseError, query: string): void {
  reportError(ctx, serverMessage({ verbosity: 'verbose', context: true }, err.severity || 'ERROR', err, query).replace(/\n$/, ''))
}

interface MessageStyle { verbosity: string; context: boolean }

function styleOf(ctx: ScriptContext, isError: boolean): MessageStyle {
  const showContext = (ctx.vars.get('SHOW_CONTEXT') ?? 'errors').toLowerCase()
  return { verbosity: (ctx.vars.get('VERBOSITY') ?? 'default').toLowerCase(), context: showContext === 'always' || (showContext === 'errors' && isError) }
}

type ServerReport = { code?: string; message: string; detail?: string; hint?: string; where?: string; position?: number; serverFields?: Readonly<Record<string, string>> }

/**
 * libpq's pqBuildErrorMessage3: an error or notice as psql prints it, by VERBOSITY (default, verbose,
 * terse, sqlstate) and SHOW_CONTEXT (errors, always, never).
 */
function serverMessage({ verbosity, context }: MessageStyle, severity: string, r: ServerReport, query: string | undefined): string {
  const f = r.serverFields ?? {}
  let text = `${severity}:  `
  if (verbosity === 'sqlstate' && r.code) return `${text}${r.code}\n`
  if (verbosity === 'verbose' && r.code) text += `${r.code}: `
  text += r.message
  if (verbosity === 'terse') {
    if (r.position) text += ` at character ${r.position}`
    else if (f.p) text += ` at character ${f.p}`
    return text + '\n'
  }
  text += '\n'
  if (r.position && query !== undefined) text += errorPosition(query, r.position)
  if (r.detail) text += `DETAIL:  ${r.detail}\n`
  if (r.hint) text += `HINT:  ${r.hint}\n`
  if (f.q) text += `QUERY:  ${f.q}\n`
  if (r.where && context) text += `CONTEXT:  ${r.where}\n`
  if (verbosity === 'verbose') {
    for (const [code, label] of [['s', 'SCHEMA NAME'], ['t', 'TABLE NAME'], ['c', 'COLUMN NAME'], ['d', 'DATATYPE NAME'], ['n', 'CONSTRAINT NAME']]) {
      if (f[code]) text += `${label}:  ${f[code]}\n`
    }
    if (f.F || f.L) text += `LOCATION:  ${f.R ? `${f.R}, ` : ''}${f.F ?? ''}:${f.L ?? ''}\n`
  }
  return text
}

const DISPLAY_SIZE = 60
const MIN_RIGHT_CUT = 10

/**
 * libpq's reportErrorPosition: the statement line holding the error, and a caret under it. Widths are screen
 * columns (pg_encoding_dsplen: a wide character takes 2; a control or combining one counts 1, as libpq
 * counts what measures 0 or less); `\r`, `\n` and `\r\n` end lines. A long line keeps DISPLAY_SIZE
 * columns, cut on the right when the error is far enough from it, else cut MIN_RIGHT_CUT columns after
 * the error and then on the left; `...` marks a cut. Nothing when the position is past the statement.
 */
export function errorPosition(query: string, position: number): string {
  const loc = position - 1
  if (loc < 0) return ''
  const chars = Array.from(query)
  const column: number[] = [] // each character's first screen column, up to the line's end
  let lineNo = 1
  let begin = 0
  let end = -1
  let screen = 0
  let n = 0
  for (; n < chars.length; n++) {
    const ch = chars[n]
    column[n] = screen
    if (ch === '\t') chars[n] = ' '
    else if (ch === '\r' || ch === '\n') {
      if (n >= loc) { end = n; break }
      if (ch === '\r' || n === 0 || chars[n - 1] !== '\r') lineNo++
      begin = n + 1
    }
    const w = charWidth(chars[n].codePointAt(0)!)
    screen += w <= 0 ? 1 : w
  }
  if (end < 0) { end = n; column[n] = screen }
  if (loc > n) return ''
  let head = ''
  let tail = ''
  if (column[end] - column[begin] > DISPLAY_SIZE) {
    if (column[begin] + DISPLAY_SIZE >= column[loc] + MIN_RIGHT_CUT) {
      while (column[end] - column[begin] > DISPLAY_SIZE) end--
      tail = '...'
    } else {
      while (column[loc] + MIN_RIGHT_CUT < column[end]) { end--; tail = '...' }
      while (column[end] - column[begin] > DISPLAY_SIZE) { begin++; head = '...' }
    }
  }
  const label = `LINE ${lineNo}: ${head}`
  return `${label}${chars.slice(begin, end).join('')}${tail}\n${' '.repeat(label.length + column[loc] - column[begin])}^\n`
}

/** A connection error's text; pg's wording for a missing password becomes libpq's. */
export function connectionMessage(e: unknown): string {
  const message = (e as Error).message ?? String(e)
  // a host name that does not resolve: libpq's words, not Node.js's (getaddrinfo ENOTFOUND h)
  const unresolved = /^connection to server at "([^"]*)", port \d+ failed: getaddrinfo (ENOTFOUND|EAI_AGAIN) /.exec(message)
  if (unresolved) return `could not translate host name "${unresolved[1]}" to address: ${unresolved[2] === 'ENOTFOUND' ? 'Name or service not known' : 'Temporary failure in name resolution'}`
  return message.replace(/SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string|password must be a string/, 'fe_sendauth: no password supplied')
}

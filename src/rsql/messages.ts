/**
 * Messages on stderr in psql's form: `rsql:copy.sql:14: ERROR:  relation "t" does not exist`,
 * the `LINE n:` context with a caret under the error position, then DETAIL and HINT.
 */
import type { Notice, WarehouseError } from '../warehouse/index.ts'
import type { ScriptContext } from './context.ts'

/** `rsql:file:line: ` while a file or stdin runs; nothing for a `-c` string. */
export function prefix(ctx: ScriptContext): string {
  const f = ctx.frame
  if (f.source.command) return ''
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
 * The head of a client-side message: `rsql:file:line: error: ` in a file; in a `-c` string psql's
 * terse logging prints the message alone.
 */
function clientHead(ctx: ScriptContext, level: string): string {
  return ctx.frame.source.command ? '' : `${prefix(ctx)}${level}: `
}

/** A client-side error (`invalid command \foo`). */
export function reportError(ctx: ScriptContext, message: string): void {
  writeErr(ctx, `${clientHead(ctx, 'error')}${message}\n`)
}

export function reportWarning(ctx: ScriptContext, message: string): void {
  writeErr(ctx, `${clientHead(ctx, 'warning')}${message}\n`)
}

export function reportSqlError(ctx: ScriptContext, err: WarehouseError, query: string): void {
  writeErr(ctx, prefix(ctx) + serverMessage(styleOf(ctx, true), err.severity || 'ERROR', err, query))
}

export function reportNotice(ctx: ScriptContext, n: Notice): void {
  writeErr(ctx, prefix(ctx) + serverMessage(styleOf(ctx, false), n.severity, n, undefined))
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

/** libpq's reportErrorPosition: the statement line holding the error, and a caret under it. */
export function errorPosition(query: string, position: number): string {
  const chars = Array.from(query)
  const loc = Math.min(position - 1, chars.length)
  let lineStart = 0
  let lineNo = 1
  for (let i = 0; i < loc; i++) {
    if (chars[i] === '\n') { lineStart = i + 1; lineNo++ }
  }
  let lineEnd = lineStart
  while (lineEnd < chars.length && chars[lineEnd] !== '\n' && chars[lineEnd] !== '\r') lineEnd++
  const text = chars.slice(lineStart, lineEnd).map(c => (c === '\t' ? ' ' : c))
  const caret = loc - lineStart
  // libpq's reportErrorPosition: a long line keeps DISPLAY_SIZE characters, cut on the right when the
  // error is far enough from it, else kept MIN_RIGHT_CUT after the error and cut on the left; `...` marks a cut
  let begin = 0
  let end = text.length
  if (end > DISPLAY_SIZE) {
    if (caret + MIN_RIGHT_CUT < DISPLAY_SIZE) end = DISPLAY_SIZE
    else {
      end = Math.min(end, caret + MIN_RIGHT_CUT)
      begin = Math.max(0, end - DISPLAY_SIZE)
    }
  }
  const head = begin > 0 ? '...' : ''
  const label = `LINE ${lineNo}: `
  return `${label}${head}${text.slice(begin, end).join('')}${end < text.length ? '...' : ''}\n${' '.repeat(label.length + head.length + caret - begin)}^\n`
}

/** A connection error's text; pg's wording for a missing password becomes libpq's. */
export function connectionMessage(e: unknown): string {
  const message = (e as Error).message ?? String(e)
  return message.replace(/SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string|password must be a string/, 'fe_sendauth: no password supplied')
}

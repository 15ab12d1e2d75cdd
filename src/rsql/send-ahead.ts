/**
 * Sending ahead: a script of small statements spends most of its time waiting for the server's answer to
 * each before it sends the next. When the lines after a statement hold only statements that will run if it
 * succeeds, with nothing between them but blank lines, comments and `\if` checks the success decides
 * (`\if :ERROR <> 0 \exit 1 \endif`), they are read ahead here and the session sends them with it
 * (QueryOptions.ahead: a pipeline, each statement in its own transaction, the server stopping at the first
 * failure). The loop then runs each line as always; each statement it sends is the next one sent ahead, and
 * is answered from what the server sent (the session's sentAhead: how many are left). Output, variables and
 * exit codes stay those of sending one by one.
 *
 * Only INSERT, UPDATE and DELETE go ahead, outside a transaction block with AUTOCOMMIT on, without \timing or
 * single-step, and while the statements before took under QUICK_MS (a run killed while statements wait in the
 * pipeline leaves them to the server: a short queue of quick statements). `\set SEND_AHEAD off` stops it.
 */
import * as control from './commands/control.ts'
import type { IfState } from './conditional.ts'
import type { Frame, ScriptContext } from './context.ts'
import { escapeProblem, newScanState, quoteIdentifier, quoteLiteral, scan, setLine, type Quote } from './lexer.ts'
import { evaluateIf, metaLine } from './meta-line.ts'

/**
 * How many statements go ahead at once: MIN_STATEMENTS, or more while the last pipeline ran fast enough that they are
 * about AHEAD_MS of the server's work at its pace (the server waits between pipelines; what a killed run leaves
 * to it stays short); at most MAX_STATEMENTS, and MAX_LENGTH characters.
 */
const MIN_STATEMENTS = 100
const MAX_STATEMENTS = 1000
const AHEAD_MS = 100
const MAX_LENGTH = 64 * 1024
/** Statements sent ahead only while each of the ones before took less than this (ms). */
export const QUICK_MS = 10

const DML = /^(insert|update|delete)\s/i
/**
 * Rows to print: printing them can fail (`could not print result table`), which fails a statement the server ran
 * and leaves ERROR as it was, so such a statement is the last one sent ahead.
 */
const RETURNING = /\breturning\b/i

/** Variables a success sets to a value known before it comes; the counts (ROW_COUNT…) are not. */
const AFTER_SUCCESS: Record<string, string> = { ERROR: 'false', SQLSTATE: '00000', ERRORCODE: '00000' }
const SET_BY_A_STATEMENT = new Set(['ROW_COUNT', 'ACTIVITYCOUNT', 'LASTOID', 'LAST_ERROR_MESSAGE', 'LAST_ERROR_SQLSTATE', 'ERRORLEVEL'])

class Unknown extends Error {}

/**
 * The statements the loop will send after `sql` (just read from the frame, its scan state after its `;`) if
 * it succeeds; undefined when none can go ahead.
 */
export function statementsAhead(ctx: ScriptContext, frame: Frame, sql: string): string[] | undefined {
  const session = ctx.session
  const s = ctx.settings
  if (!s.sendAhead || ctx.slow || !session?.sendsAhead || session.transactionStatus !== 'I' || !s.autocommit || s.timing
    || s.singleStep || s.singleLine || ctx.deferredSend || frame.goto || frame.source.more || frame.scan.expansions.length > 0
    || RETURNING.test(sql) || !isOneStatement(frame, sql)) return undefined
  const ahead: string[] = []
  try {
    readAhead(ctx, frame, ahead, aheadLimit(ctx))
  } catch (e) {
    if (!(e instanceof Unknown)) throw e
  }
  if (ahead.length === 0) return undefined
  ctx.lastPipeline = { started: ctx.now(), statements: ahead.length + 1 }
  return ahead
}

/** MIN_STATEMENTS, or as many as AHEAD_MS of the server's work at the pace the last pipeline went (answered). */
function aheadLimit(ctx: ScriptContext): number {
  const last = ctx.lastPipeline
  if (!last) return MIN_STATEMENTS
  const pace = (ctx.now() - last.started) / last.statements
  return Math.max(MIN_STATEMENTS, Math.min(MAX_STATEMENTS, Math.floor(AHEAD_MS / pace)))
}

/** Follows the frame's lines from its scan position, as the loop would after a success, into `ahead`. */
function readAhead(ctx: ScriptContext, frame: Frame, ahead: string[], limit: number): void {
  const lookup = (name: string, quote: Quote) => aheadValue(ctx, name, quote)
  const stop = () => { throw new Unknown() }
  const { lines, firstLine } = frame.source
  const state = { ...frame.scan, identifiers: [...frame.scan.identifiers], expansions: [] }
  const buf = { text: '' }
  const blocks: IfState[] = [] // the \if blocks opened ahead
  const active = () => blocks.every(b => b === 'true')
  let length = 0
  for (let idx = frame.lineNo - firstLine; ;) {
    for (;;) {
      const r = scan(state, buf, lookup, stop)
      if (r === 'semicolon') {
        const text = buf.text
        buf.text = ''
        if (!active() || !DML.test(text)) return
        ahead.push(text)
        length += text.length
        if (ahead.length >= limit || length >= MAX_LENGTH || RETURNING.test(text)) return
        continue
      }
      if (r === 'backslash') return
      break
    }
    if (++idx >= lines.length) return
    const line = lines[idx]
    if (buf.text.length > 0) buf.text += '\n'
    if (buf.text.length === 0 && state.mode === 'normal') {
      const m = metaLine(line)
      if (m) {
        const run = m.entry.run
        if (run === control.if_) {
          if (!active()) blocks.push('ignored')
          else {
            const r = evaluateIf(m, lookup)
            if (r.error) return
            blocks.push(r.value ? 'true' : 'false')
          }
        } else if (run === control.endif) {
          if (blocks.length === 0) return // the end of a block opened before the statement
          blocks.pop()
        } else if (m.entry.control || active()) return // \else; a command that would run
        continue
      }
    }
    // `\;`, `\:`, a command after SQL: the loop's general path; a backslash in a string, read as the line's
    // standard_conforming_strings says, which a statement sent ahead may change (set_config)
    if (line.includes('\\')) return
    setLine(state, line)
  }
}

/** A variable's value read ahead: as the loop will read it after a success, or Unknown. */
function aheadValue(ctx: ScriptContext, name: string, quote: Quote): string | undefined {
  if (SET_BY_A_STATEMENT.has(name)) throw new Unknown()
  const value = AFTER_SUCCESS[name] ?? ctx.vars.get(name)
  if (quote === 'defined') return value === undefined ? 'FALSE' : 'TRUE'
  if (value === undefined) return value
  if (quote === 'plain') {
    if (value.includes('\\')) throw new Unknown() // read as input: as a backslash in a line (readAhead)
    return value
  }
  // the loop reports a value it cannot quote, and a shell argument is no statement's
  if (quote === 'shell' || escapeProblem(value)) throw new Unknown()
  return quote === 'literal' ? quoteLiteral(value) : quoteIdentifier(value)
}

/** The statement the loop read is one of the kind that pipelines, and one statement (no `\;` joined two). */
function isOneStatement(frame: Frame, sql: string): boolean {
  if (!DML.test(sql)) return false
  const state = newScanState()
  state.standardStrings = frame.scan.standardStrings
  const buf = { text: '' }
  const lines = sql.split('\n')
  for (let i = 0; i < lines.length; i++) {
    setLine(state, lines[i])
    const r = scan(state, buf, () => undefined)
    if (r === 'semicolon') return i === lines.length - 1 && state.pos === lines[i].length
    if (r === 'backslash') return false
  }
  return false
}

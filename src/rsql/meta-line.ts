/**
 * Lines that hold one meta-command and nothing the argument lexer has to work out, read once per text:
 * an ETL script repeats the same check after every statement (`\if :ERROR <> 0`, `\exit 1`, `\endif`),
 * and the loop runs such a line without scanning it again. Only what the loop's general path would do
 * the same way runs here: a command an inactive branch skips (with no other command on its line), `\if`
 * with plain arguments (words and `:name` references), `\else` and `\endif` without arguments. Anything
 * else, a message included, goes the general way (the loop scans the line as always).
 */
import { ArgReader, unterminatedQuote, type Arg } from './args.ts'
import { findCommand, type CommandEntry } from './commands/index.ts'
import * as control from './commands/control.ts'
import type { Frame, ScriptContext } from './context.ts'
import { evaluateCondition, type Evaluation } from './expression.ts'
import { variableEnd, type VariableLookup } from './lexer.ts'

export interface MetaLine {
  entry: CommandEntry
  /** `\if`'s arguments: a word, or a variable's name (`:name`). */
  args: { word?: string; variable?: string }[]
  /** `\if` outcomes by the values its variables had (joined with NUL). */
  evaluations?: Map<string, Evaluation>
}

const lines = new Map<string, MetaLine | null>()
const LINES_MAX = 1000
const EVALUATIONS_MAX = 100

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x0c || c === 0x0b
const NO_ARGS = new ArgReader('', 0, { active: () => false, lookup: () => undefined, warn: () => {} })

/** The meta-command `line` holds, read once per text; null when the line needs the general path. */
export function metaLine(line: string): MetaLine | null {
  let i = 0
  while (isSpace(line.charCodeAt(i))) i++
  if (line.charCodeAt(i) !== 0x5c) return null // SQL: the lines a script does not repeat
  let m = lines.get(line)
  if (m === undefined) {
    if (lines.size >= LINES_MAX) lines.clear()
    m = read(line, i + 1)
    lines.set(line, m)
  }
  return m
}

/** Reads the command whose name starts at `start` (after the backslash). */
function read(line: string, start: number): MetaLine | null {
  let end = start
  while (end < line.length && !isSpace(line.charCodeAt(end)) && line.charCodeAt(end) !== 0x5c) end++
  const entry = end > start ? findCommand(line.slice(start, end)) : undefined
  if (!entry) return null
  const rest = line.slice(end)
  if (rest.includes('\\')) return null // another command on the line, or an escape in a quoted argument
  // an inactive branch skips a command to the end of its line, unless a quote there stays open (psql reports it)
  if (!entry.control) return unterminatedQuote(rest) ? null : { entry, args: [] }
  if (entry.run === control.else_ || entry.run === control.endif) return BLANK.test(rest) ? { entry, args: [] } : null
  if (entry.run !== control.if_) return null
  const args: MetaLine['args'] = []
  for (const word of rest.split(/[ \t\r\n\f\v]+/)) {
    if (word.length === 0) continue
    if (/['"`]/.test(word)) return null // quotes and backticks: the argument lexer's work
    const colon = word.indexOf(':')
    if (colon < 0) args.push({ word })
    else if (colon === 0 && word.length > 1 && variableEnd(word, 1) === word.length) args.push({ variable: word.slice(1) })
    else return null
  }
  return { entry, args, evaluations: new Map() }
}

const BLANK = /^[ \t\r\n\f\v]*$/

/** A prepared `\if` line's expression, by the values `lookup` gives its variables. */
export function evaluateIf(m: MetaLine, lookup: VariableLookup): Evaluation {
  let key = ''
  for (const a of m.args) if (a.variable !== undefined) key += (lookup(a.variable, 'plain') ?? '\0unset') + '\0'
  let r = m.evaluations!.get(key)
  if (r === undefined) {
    const args: Arg[] = m.args.map(a => ({ value: a.word ?? lookup(a.variable!, 'plain') ?? `:${a.variable}`, quoted: false }))
    r = evaluateCondition(args, '\\if')
    if (m.evaluations!.size >= EVALUATIONS_MAX) m.evaluations!.clear()
    m.evaluations!.set(key, r)
  }
  return r
}

/**
 * Runs a prepared line as the loop's general path would; false when it must take that path instead
 * (a command in an active branch, an expression in error, an `\endif` with no `\if`…).
 */
export function runMetaLine(ctx: ScriptContext, frame: Frame, m: MetaLine, lookup: VariableLookup): boolean {
  const active = frame.goto === undefined && frame.cond.active()
  const run = m.entry.run
  if (!m.entry.control) return !active // an inactive branch skips the command and its arguments
  if (run === control.if_) {
    if (!active) return control.enterIf(ctx, false, undefined) === undefined
    const r = evaluateIf(m, lookup)
    if (r.error) return false
    control.enterIf(ctx, true, r)
    return true
  }
  const state = frame.cond.peek()
  if (run === control.endif ? state === 'none' : state === 'none' || state === 'elseTrue' || state === 'elseFalse') return false
  return run(NO_ARGS, ctx) === undefined
}

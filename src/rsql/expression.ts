/**
 * RSQL's `\if` / `\elseif` expressions: comparisons (`= <> != ~= ^= < > <= >=`) joined by
 * `AND`, `OR`, `NOT` and parentheses, over numbers, quoted strings and booleans. A single value
 * is read as psql reads a boolean (`\if :flag`). Numbers compare as numbers (integers exactly,
 * as BigInt: ACTIVITYCOUNT reaches 2^64−1); `true`/`false` count as 1/0 against a number, so
 * `\if :ERROR <> 0` works with psql's ERROR variable; anything else compares as text.
 */
import type { Arg } from './args.ts'

type Token =
  | { t: 'value'; text: string; quoted: boolean; unset?: string }
  | { t: 'op'; op: string }
  | { t: '(' } | { t: ')' } | { t: 'and' } | { t: 'or' } | { t: 'not' }

type Operand = { text: string; quoted: boolean } | boolean

/**
 * `psqlBoolean`: the expression was psql's (values without an operator), whose unreadable value psql reports
 * and takes as false without failing the command (ON_ERROR_STOP goes on).
 */
export type Evaluation = { value: boolean; error?: undefined } | { value: false; error: string; psqlBoolean?: boolean }

const OPERATORS = ['<>', '!=', '~=', '^=', '<=', '>=', '=', '<', '>']
const WORD_END = new Set([' ', '\t', '\n', '\r', '(', ')', "'", '<', '>', '!', '=', '~', '^'])

function operatorAt(s: string, i: number): string | undefined {
  const c = s[i]
  if (!WORD_END.has(c) || c === "'" || c === '(' || c === ')') return undefined
  for (const o of OPERATORS) if (s.startsWith(o, i)) return o
  return undefined
}

// Interpolated arguments decide the outcome alone, and a script's loop checks the same few texts
// (`0 <> 0`) over and over: each text is read once.
const evaluated = new Map<string, Evaluation>()
const EVALUATED_MAX = 1000

/** Evaluates the arguments of `\if` / `\elseif`; `command` names it in messages. */
export function evaluateCondition(args: Arg[], command = '\\if'): Evaluation {
  let key = command
  for (const a of args) key += (a.quoted ? '\0q' : '\0u') + a.value
  let r = evaluated.get(key)
  if (r === undefined) {
    if (evaluated.size >= EVALUATED_MAX) evaluated.clear()
    r = evaluate(args, command)
    evaluated.set(key, r)
  }
  return r
}

function evaluate(args: Arg[], command: string): Evaluation {
  let tokens: Token[]
  try {
    tokens = tokenize(args)
  } catch (e) {
    return { value: false, error: (e as Error).message }
  }
  // Values without an operator are a psql boolean: `\if :ON_ERROR_STOP`, `\if true` (psql joins its arguments with spaces).
  if (tokens.every(t => t.t === 'value')) {
    const value = tokens.map(t => (t as { text: string }).text).join(' ')
    const b = tokens.length === 1 ? parseBoolean(value) : undefined
    if (b === undefined) return { value: false, error: `unrecognized value "${value}" for "${command} expression": Boolean expected`, psqlBoolean: true }
    return { value: b }
  }
  const unset = tokens.find(t => t.t === 'value' && t.unset !== undefined) as { unset: string } | undefined
  if (unset) return { value: false, error: `variable "${unset.unset}" is not defined` }
  const text = args.map(a => a.value).join(' ')
  const p = new Parser(tokens, command, text)
  try {
    const v = p.or()
    if (p.i < tokens.length) throw new Error(`${command}: syntax error in expression "${text}"`)
    return { value: p.truth(v) }
  } catch (e) {
    return { value: false, error: (e as Error).message }
  }
}

/** psql's ParseVariableBool: true/false/yes/no/on/off/1/0, unique prefixes, any case. */
export function parseBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase()
  if (v.length === 0) return undefined
  if ('true'.startsWith(v) || 'yes'.startsWith(v) || (v.length >= 2 && 'on'.startsWith(v)) || v === '1') return true
  if ('false'.startsWith(v) || 'no'.startsWith(v) || (v.length >= 2 && 'off'.startsWith(v)) || v === '0') return false
  return undefined
}

function tokenize(args: Arg[]): Token[] {
  const out: Token[] = []
  for (const a of args) {
    if (a.quoted) { out.push({ t: 'value', text: a.value, quoted: true }); continue }
    const s = a.value
    let i = 0
    while (i < s.length) {
      const c = s[i]
      if (c === ' ' || c === '\t') { i++; continue }
      if (c === '(') { out.push({ t: '(' }); i++; continue }
      if (c === ')') { out.push({ t: ')' }); i++; continue }
      const op = operatorAt(s, i)
      if (op) { out.push({ t: 'op', op }); i += op.length; continue }
      if (c === "'") {
        // a quoted literal inside an argument, as :'var' interpolates
        let j = i + 1
        let text = ''
        for (; j < s.length; j++) {
          if (s[j] === "'") { if (s[j + 1] === "'") { text += "'"; j++; continue } break }
          text += s[j]
        }
        if (j >= s.length) throw new Error(`unterminated quoted string in expression "${s}"`)
        out.push({ t: 'value', text, quoted: true })
        i = j + 1
        continue
      }
      let j = i
      while (j < s.length && !WORD_END.has(s[j])) j++
      if (j === i) j++ // a lone ! ~ ^
      const word = s.slice(i, j)
      const kw = word.toLowerCase()
      if (kw === 'and' || kw === 'or' || kw === 'not') out.push({ t: kw })
      else if (/^:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*$/.test(word)) out.push({ t: 'value', text: word, quoted: false, unset: word.slice(1) })
      else out.push({ t: 'value', text: word, quoted: false })
      i = j
    }
  }
  return out
}

class Parser {
  i = 0
  constructor(private readonly tokens: Token[], private readonly command: string, private readonly text: string) {}

  private fail(): never {
    throw new Error(`${this.command}: syntax error in expression "${this.text}"`)
  }

  or(): Operand {
    let v = this.and()
    while (this.tokens[this.i]?.t === 'or') {
      this.i++
      const r = this.and()
      v = this.truth(v) || this.truth(r)
    }
    return v
  }

  private and(): Operand {
    let v = this.not()
    while (this.tokens[this.i]?.t === 'and') {
      this.i++
      const r = this.not()
      v = this.truth(v) && this.truth(r)
    }
    return v
  }

  private not(): Operand {
    if (this.tokens[this.i]?.t === 'not') {
      this.i++
      return !this.truth(this.not())
    }
    return this.comparison()
  }

  private comparison(): Operand {
    const left = this.primary()
    const t = this.tokens[this.i]
    if (t?.t !== 'op') return left
    this.i++
    const right = this.primary()
    return compare(left, right, t.op)
  }

  private primary(): Operand {
    const t = this.tokens[this.i++]
    if (!t) this.fail()
    if (t.t === '(') {
      const v = this.or()
      if (this.tokens[this.i++]?.t !== ')') this.fail()
      return v
    }
    if (t.t === 'value') return { text: t.text, quoted: t.quoted }
    this.fail()
  }

  truth(v: Operand): boolean {
    if (typeof v === 'boolean') return v
    const b = parseBoolean(v.text)
    if (b === undefined) throw new Error(`unrecognized value "${v.text}" for "${this.command} expression": Boolean expected`)
    return b
  }
}

const INTEGER = /^[+-]?\d+$/
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i

type Comparable = { n: bigint } | { f: number } | { s: string }

function asComparable(v: Operand, otherNumeric: boolean): Comparable {
  if (typeof v === 'boolean') return otherNumeric ? { n: v ? 1n : 0n } : { s: String(v) }
  if (!v.quoted || otherNumeric) {
    if (INTEGER.test(v.text)) return { n: BigInt(v.text) }
    if (DECIMAL.test(v.text)) return { f: Number(v.text) }
    if (otherNumeric && !v.quoted) {
      const b = parseBoolean(v.text)
      if (b !== undefined && /^[a-z]/i.test(v.text)) return { n: b ? 1n : 0n }
    }
  }
  return { s: v.text }
}

function isNumeric(v: Operand): boolean {
  if (typeof v === 'boolean') return false
  return DECIMAL.test(v.text)
}

function compare(a: Operand, b: Operand, op: string): boolean {
  // booleans on both sides compare as booleans
  const ab = typeof a === 'boolean' ? a : (!a.quoted && /^(true|false)$/i.test(a.text) ? parseBoolean(a.text) : undefined)
  const bb = typeof b === 'boolean' ? b : (!b.quoted && /^(true|false)$/i.test(b.text) ? parseBoolean(b.text) : undefined)
  let order: number
  if (ab !== undefined && bb !== undefined) order = Number(ab) - Number(bb)
  else {
    const x = asComparable(a, isNumeric(b))
    const y = asComparable(b, isNumeric(a))
    if ('s' in x || 's' in y) {
      const xs = 's' in x ? x.s : 'n' in x ? String(x.n) : String(x.f)
      const ys = 's' in y ? y.s : 'n' in y ? String(y.n) : String(y.f)
      order = xs < ys ? -1 : xs > ys ? 1 : 0
    } else if ('n' in x && 'n' in y) order = x.n < y.n ? -1 : x.n > y.n ? 1 : 0
    else {
      const xf = 'n' in x ? Number(x.n) : x.f
      const yf = 'n' in y ? Number(y.n) : y.f
      order = xf < yf ? -1 : xf > yf ? 1 : 0
    }
  }
  switch (op) {
    case '=': return order === 0
    case '<>': case '!=': case '~=': case '^=': return order !== 0
    case '<': return order < 0
    case '>': return order > 0
    case '<=': return order <= 0
    default: return order >= 0
  }
}

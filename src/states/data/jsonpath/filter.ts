// Filter expressions inside `[?( … )]`, with Jayway's operators: == != < <= > >= =~ in nin
// subsetof anyof noneof size empty, && || ! and parentheses; a bare path tests existence.
import { Cursor, parsePathPrefix, type ParsedPath } from './parse.ts'

export type Operand =
  | { k: 'path'; path: ParsedPath }
  | { k: 'literal'; value: unknown }
  | { k: 'regex'; re: RegExp }

export type FilterExpr =
  | { op: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { op: 'not'; expr: FilterExpr }
  | { op: 'exists'; operand: Operand }
  | { op: 'compare'; cmp: Comparison; left: Operand; right: Operand }

export type Comparison = '==' | '!=' | '<' | '<=' | '>' | '>=' | '=~' | 'in' | 'nin' | 'subsetof' | 'anyof' | 'noneof' | 'size' | 'empty'

const WORD_OPS: Comparison[] = ['subsetof', 'anyof', 'noneof', 'nin', 'in', 'size', 'empty']
const SYMBOL_OPS: Comparison[] = ['==', '!=', '<=', '>=', '=~', '<', '>']

export function parseFilter(p: Cursor): FilterExpr {
  return parseOr(p)
}

function parseOr(p: Cursor): FilterExpr {
  let left = parseAnd(p)
  for (p.skipSpace(); p.text.startsWith('||', p.pos); p.skipSpace()) {
    p.pos += 2
    left = { op: 'or', left, right: parseAnd(p) }
  }
  return left
}

function parseAnd(p: Cursor): FilterExpr {
  let left = parseUnary(p)
  for (p.skipSpace(); p.text.startsWith('&&', p.pos); p.skipSpace()) {
    p.pos += 2
    left = { op: 'and', left, right: parseUnary(p) }
  }
  return left
}

function parseUnary(p: Cursor): FilterExpr {
  p.skipSpace()
  if (p.peek() === '!' && p.peek(1) !== '=') {
    p.pos++
    return { op: 'not', expr: parseUnary(p) }
  }
  if (p.peek() === '(') {
    p.pos++
    const inner = parseOr(p)
    p.skipSpace()
    p.expect(')')
    return inner
  }
  const left = parseOperand(p)
  p.skipSpace()
  const cmp = readComparison(p)
  if (!cmp) {
    if (left.k !== 'path') throw p.error('a filter needs a comparison')
    return { op: 'exists', operand: left }
  }
  p.skipSpace()
  return { op: 'compare', cmp, left, right: parseOperand(p) }
}

function readComparison(p: Cursor): Comparison | undefined {
  for (const op of SYMBOL_OPS) {
    if (p.text.startsWith(op, p.pos)) {
      p.pos += op.length
      return op
    }
  }
  for (const op of WORD_OPS) {
    if (p.text.startsWith(op, p.pos) && !/[A-Za-z]/.test(p.peek(op.length))) {
      p.pos += op.length
      return op
    }
  }
  return undefined
}

function parseOperand(p: Cursor): Operand {
  p.skipSpace()
  const c = p.peek()
  if (c === '@' || c === '$') return { k: 'path', path: parsePathPrefix(p, true) }
  if (c === "'" || c === '"') return { k: 'literal', value: p.readQuoted() }
  if (c === '/') return { k: 'regex', re: readRegex(p) }
  if (c === '[' || c === '{') return { k: 'literal', value: readJsonLiteral(p) }
  const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(p.text.slice(p.pos))
  if (!m) throw p.error('a value or a path expected in the filter')
  p.pos += m[0].length
  return { k: 'literal', value: JSON.parse(m[0]) }
}

function readRegex(p: Cursor): RegExp {
  p.pos++
  let body = ''
  while (!p.done() && p.peek() !== '/') {
    if (p.peek() === '\\') body += p.peek() + p.peek(1), (p.pos += 2)
    else body += p.peek(), p.pos++
  }
  p.expect('/')
  const flags = /^[a-z]*/.exec(p.text.slice(p.pos))![0]
  p.pos += flags.length
  try {
    return new RegExp(body, flags.replace(/[^imsu]/g, ''))
  } catch {
    throw p.error(`invalid regular expression /${body}/`)
  }
}

function readJsonLiteral(p: Cursor): unknown {
  const open = p.peek()
  const close = open === '[' ? ']' : '}'
  const start = p.pos
  let depth = 0
  for (; !p.done(); p.pos++) {
    const ch = p.peek()
    if (ch === "'" || ch === '"') {
      p.readQuoted()
      p.pos--
    } else if (ch === open) depth++
    else if (ch === close && --depth === 0) break
  }
  p.expect(close)
  const text = p.text.slice(start, p.pos).replace(/'([^'\\]*)'/g, (_, s: string) => JSON.stringify(s))
  try {
    return JSON.parse(text)
  } catch {
    throw p.error(`invalid literal ${text}`)
  }
}

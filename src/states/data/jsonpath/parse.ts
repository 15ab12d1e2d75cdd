// Parses the JSONPath dialect AWS Step Functions accepts (Jayway JsonPath underneath):
// `$`, `$$` (context object), `$name` (variables), `.name`, `['name']`, `[0]`, `[-1]`, `[*]`, `.*`,
// `[a:b:c]`, `[0,1]`, `['a','b']`, `..name`, `[?(<filter>)]` and a trailing `.length()`.
import { parseFilter, type FilterExpr } from './filter.ts'

export type PathRoot = { kind: 'input' } | { kind: 'context' } | { kind: 'variable'; name: string } | { kind: 'current' }

export type Segment =
  | { t: 'name'; name: string }
  | { t: 'index'; index: number }
  | { t: 'wildcard' }
  | { t: 'slice'; start: number | undefined; end: number | undefined; step: number | undefined }
  | { t: 'union'; keys: Array<string | number> }
  | { t: 'filter'; expr: FilterExpr; source: string }
  | { t: 'descend'; inner: Segment }
  | { t: 'length' }

export interface ParsedPath {
  source: string
  root: PathRoot
  segments: Segment[]
  /** A definite path names exactly one location (names and single indexes only). */
  definite: boolean
}

export class JsonPathSyntaxError extends Error {
  constructor(readonly path: string, readonly detail: string) {
    super(`invalid JSONPath ${JSON.stringify(path)}: ${detail}`)
  }
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*/

/** Parses a whole path. `allowCurrent` accepts `@` roots (inside filters). */
export function parsePath(source: string, allowCurrent = false): ParsedPath {
  const p = new Cursor(source)
  const root = readRoot(p, allowCurrent)
  const segments: Segment[] = []
  while (!p.done()) segments.push(readSegment(p))
  return { source, root, segments, definite: segments.every(isDefinite) }
}

/** Parses a path at the cursor, stopping at the first character that cannot continue it (for filters). */
export function parsePathPrefix(p: Cursor, allowCurrent: boolean): ParsedPath {
  const start = p.pos
  const root = readRoot(p, allowCurrent)
  const segments: Segment[] = []
  while (!p.done() && (p.peek() === '.' || p.peek() === '[')) segments.push(readSegment(p, true))
  return { source: p.text.slice(start, p.pos), root, segments, definite: segments.every(isDefinite) }
}

function isDefinite(s: Segment): boolean {
  return s.t === 'name' || s.t === 'index' || s.t === 'length'
}

function readRoot(p: Cursor, allowCurrent: boolean): PathRoot {
  if (allowCurrent && p.peek() === '@') {
    p.pos++
    return { kind: 'current' }
  }
  if (p.peek() !== '$') throw p.error("a path must start with '$'")
  p.pos++
  if (p.peek() === '$') {
    p.pos++
    return { kind: 'context' }
  }
  const m = VARIABLE_NAME.exec(p.text.slice(p.pos))
  if (m) {
    p.pos += m[0].length
    return { kind: 'variable', name: m[0] }
  }
  return { kind: 'input' }
}

function readSegment(p: Cursor, inFilter = false): Segment {
  const c = p.peek()
  if (c === '[') return readBracket(p)
  if (c !== '.') throw p.error(`unexpected character '${c}'`)
  p.pos++
  if (p.peek() === '.') {
    p.pos++
    if (p.peek() === '[') return { t: 'descend', inner: readBracket(p) }
    return { t: 'descend', inner: readDotName(p, inFilter) }
  }
  return readDotName(p, inFilter)
}

function readDotName(p: Cursor, inFilter: boolean): Segment {
  if (p.peek() === '*') {
    p.pos++
    return { t: 'wildcard' }
  }
  const start = p.pos
  const stop = inFilter ? /[.[\s)=!<>&|,]/ : /[.[]/
  while (!p.done() && !stop.test(p.peek())) p.pos++
  const name = p.text.slice(start, p.pos)
  if (name === '') throw p.error('a property name is missing after \'.\'')
  if (name === 'length()' && p.done()) return { t: 'length' }
  return { t: 'name', name }
}

function readBracket(p: Cursor): Segment {
  p.expect('[')
  p.skipSpace()
  const c = p.peek()
  let seg: Segment
  if (c === '?') {
    p.pos++
    p.skipSpace()
    p.expect('(')
    const start = p.pos
    const expr = parseFilter(p)
    const source = p.text.slice(start, p.pos)
    p.skipSpace()
    p.expect(')')
    seg = { t: 'filter', expr, source }
  } else if (c === '*') {
    p.pos++
    seg = { t: 'wildcard' }
  } else if (c === "'" || c === '"') {
    const keys: Array<string | number> = [p.readQuoted()]
    p.skipSpace()
    while (p.peek() === ',') {
      p.pos++
      p.skipSpace()
      keys.push(p.readQuoted())
      p.skipSpace()
    }
    seg = keys.length === 1 ? { t: 'name', name: keys[0] as string } : { t: 'union', keys }
  } else {
    seg = readIndexes(p)
  }
  p.skipSpace()
  p.expect(']')
  return seg
}

function readIndexes(p: Cursor): Segment {
  const start = p.pos
  while (!p.done() && p.peek() !== ']') p.pos++
  const body = p.text.slice(start, p.pos).replace(/\s+/g, '')
  const int = /^-?\d+$/
  if (body.includes(':')) {
    const parts = body.split(':')
    if (parts.length > 3 || parts.some((x) => x !== '' && !int.test(x))) throw p.error(`invalid array slice '[${body}]'`)
    const num = (x: string | undefined) => (x === undefined || x === '' ? undefined : Number(x))
    return { t: 'slice', start: num(parts[0]), end: num(parts[1]), step: num(parts[2]) }
  }
  const parts = body.split(',')
  if (parts.some((x) => !int.test(x))) throw p.error(`invalid array index '[${body}]'`)
  if (parts.length === 1) return { t: 'index', index: Number(parts[0]) }
  return { t: 'union', keys: parts.map(Number) }
}

export class Cursor {
  pos = 0
  constructor(readonly text: string) {}
  done(): boolean {
    return this.pos >= this.text.length
  }
  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? ''
  }
  skipSpace(): void {
    while (!this.done() && /\s/.test(this.peek())) this.pos++
  }
  expect(ch: string): void {
    if (this.peek() !== ch) throw this.error(this.done() ? `'${ch}' expected at the end` : `'${ch}' expected, found '${this.peek()}'`)
    this.pos++
  }
  /** A quoted name; only the quote itself is unescaped, other backslashes stay (as Jayway does). */
  readQuoted(): string {
    const q = this.peek()
    this.pos++
    let out = ''
    while (!this.done() && this.peek() !== q) {
      if (this.peek() === '\\' && this.peek(1) === q) {
        out += q
        this.pos += 2
      } else {
        out += this.peek()
        this.pos++
      }
    }
    if (this.done()) throw this.error('unterminated quoted name')
    this.pos++
    return out
  }
  error(detail: string): JsonPathSyntaxError {
    return new JsonPathSyntaxError(this.text, `${detail} at position ${this.pos}`)
  }
}

/** Jayway's normalised form, used in AWS's messages: `$['a']['b'][0]`. */
export function normalisedPath(path: ParsedPath, upTo = path.segments.length): string {
  const head = path.root.kind === 'context' ? '$$' : path.root.kind === 'variable' ? `$${path.root.name}` : path.root.kind === 'current' ? '@' : '$'
  return head + path.segments.slice(0, upTo).map(segmentText).join('')
}

function segmentText(s: Segment): string {
  switch (s.t) {
    case 'name': return `['${s.name}']`
    case 'index': return `[${s.index}]`
    case 'wildcard': return '[*]'
    case 'slice': return `[${s.start ?? ''}:${s.end ?? ''}${s.step === undefined ? '' : `:${s.step}`}]`
    case 'union': return `[${s.keys.map((k) => (typeof k === 'number' ? String(k) : `'${k}'`)).join(',')}]`
    case 'filter': return `[?(${s.source})]`
    case 'descend': return `..${segmentText(s.inner)}`
    case 'length': return '.length()'
  }
}

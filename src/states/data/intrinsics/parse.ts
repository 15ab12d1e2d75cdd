// Parses an intrinsic call such as `States.Format('Hi {}', $.name, States.UUID())` into a tree, once.

export type IntrinsicArg =
  | { k: 'literal'; value: unknown; raw?: string }
  | { k: 'path'; source: string }
  | { k: 'call'; call: IntrinsicCall }

export interface IntrinsicCall {
  name: string
  args: IntrinsicArg[]
  source: string
}

export class IntrinsicSyntaxError extends Error {
  constructor(readonly source: string, readonly detail: string) {
    super(`invalid intrinsic function ${JSON.stringify(source)}: ${detail}`)
  }
}

const CALL_START = /^States\.[A-Za-z0-9]+\s*\(/

/** Whether a `.$` value is an intrinsic call rather than a path. */
export function isIntrinsic(text: string): boolean {
  return CALL_START.test(text.trimStart())
}

export function parseIntrinsic(source: string): IntrinsicCall {
  const p = { s: source, i: 0 }
  skip(p)
  const call = readCall(p)
  skip(p)
  if (p.i < p.s.length) throw new IntrinsicSyntaxError(source, `unexpected text after the call: ${p.s.slice(p.i)}`)
  return call
}

type P = { s: string; i: number }

function skip(p: P): void {
  while (p.i < p.s.length && /\s/.test(p.s[p.i]!)) p.i++
}

function fail(p: P, detail: string): never {
  throw new IntrinsicSyntaxError(p.s, `${detail} at position ${p.i}`)
}

function readCall(p: P): IntrinsicCall {
  const start = p.i
  const m = /^States\.([A-Za-z0-9]+)\s*\(/.exec(p.s.slice(p.i))
  if (!m) fail(p, 'a call of a States.* function expected')
  p.i += m[0].length
  const args: IntrinsicArg[] = []
  skip(p)
  if (p.s[p.i] === ')') p.i++
  else {
    for (;;) {
      skip(p)
      args.push(readArg(p))
      skip(p)
      const c = p.s[p.i]
      p.i++
      if (c === ')') break
      if (c !== ',') fail(p, c === undefined ? "')' expected at the end" : `',' or ')' expected, found '${c}'`)
    }
  }
  return { name: `States.${m[1]}`, args, source: p.s.slice(start, p.i) }
}

function readArg(p: P): IntrinsicArg {
  const c = p.s[p.i]
  if (c === "'") return readString(p)
  if (c === '$') return { k: 'path', source: readPathText(p) }
  if (p.s.startsWith('States.', p.i)) return { k: 'call', call: readCall(p) }
  const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)(?=\s*[,)])/.exec(p.s.slice(p.i))
  if (!m) fail(p, 'an argument expected (a quoted string, a number, true, false, null, a path or a call)')
  p.i += m[0].length
  return { k: 'literal', value: JSON.parse(m[1]!) }
}

/** A single-quoted string; `\'`, `\\`, `\{`, `\}` are escapes. `raw` keeps the escapes for States.Format. */
function readString(p: P): IntrinsicArg {
  p.i++
  let value = ''
  const start = p.i
  while (p.i < p.s.length && p.s[p.i] !== "'") {
    if (p.s[p.i] === '\\' && p.i + 1 < p.s.length) {
      value += p.s[p.i + 1]
      p.i += 2
    } else {
      value += p.s[p.i]
      p.i++
    }
  }
  if (p.i >= p.s.length) fail(p, 'unterminated string')
  const raw = p.s.slice(start, p.i)
  p.i++
  return { k: 'literal', value, raw }
}

/** A path runs to the next `,` or `)` outside brackets, parentheses and quotes. */
function readPathText(p: P): string {
  const start = p.i
  let depth = 0
  let quote = ''
  for (; p.i < p.s.length; p.i++) {
    const c = p.s[p.i]!
    if (quote) {
      if (c === '\\') p.i++
      else if (c === quote) quote = ''
    } else if (c === "'" || c === '"') quote = c
    else if (c === '[' || c === '(') depth++
    else if ((c === ']' || c === ')') && depth > 0) depth--
    else if ((c === ',' || c === ')') && depth === 0) break
  }
  return p.s.slice(start, p.i).trim()
}

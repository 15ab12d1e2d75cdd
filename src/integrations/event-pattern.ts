/** EventBridge event patterns: content filtering as rules match events (services §4.2). */

export class InvalidEventPattern extends Error {
  readonly code = 'InvalidEventPatternException'
  constructor(message: string, readonly pointer: string) { super(`${message} at ${pointer || '/'}`) }
}

type Matcher = (value: unknown, present: boolean) => boolean
type Compiled = (event: unknown) => boolean

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

function wildcard(pattern: string): RegExp {
  let re = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) { re += '\\' + pattern[++i]; continue }
    re += c === '*' ? '.*' : c.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`, 's')
}

function stringMatcher(kind: string, arg: unknown, at: string): (s: string) => boolean {
  if (kind === 'prefix' || kind === 'suffix') {
    let text = arg, ignoreCase = false
    if (isObject(arg) && typeof arg['equals-ignore-case'] === 'string') { text = arg['equals-ignore-case']; ignoreCase = true }
    if (typeof text !== 'string') throw new InvalidEventPattern(`${kind} match pattern must be a string`, at)
    const t = ignoreCase ? text.toLowerCase() : text
    return s => { const v = ignoreCase ? s.toLowerCase() : s; return kind === 'prefix' ? v.startsWith(t) : v.endsWith(t) }
  }
  if (kind === 'equals-ignore-case') {
    if (typeof arg !== 'string') throw new InvalidEventPattern('equals-ignore-case match pattern must be a string', at)
    return s => s.toLowerCase() === arg.toLowerCase()
  }
  if (kind === 'wildcard') {
    if (typeof arg !== 'string') throw new InvalidEventPattern('wildcard match pattern must be a string', at)
    const re = wildcard(arg)
    return s => re.test(s)
  }
  throw new InvalidEventPattern(`unrecognized match type ${kind}`, at)
}

function numeric(arg: unknown, at: string): (n: number) => boolean {
  if (!Array.isArray(arg) || arg.length === 0 || arg.length % 2) throw new InvalidEventPattern('numeric match pattern must be pairs of an operator and a number', at)
  const tests: ((n: number) => boolean)[] = []
  for (let i = 0; i < arg.length; i += 2) {
    const [op, x] = [arg[i], arg[i + 1]]
    if (typeof x !== 'number') throw new InvalidEventPattern(`numeric match value must be a number, got ${JSON.stringify(x)}`, at)
    const f = ({ '=': (n: number) => n === x, '<': (n: number) => n < x, '<=': (n: number) => n <= x, '>': (n: number) => n > x, '>=': (n: number) => n >= x } as Record<string, (n: number) => boolean>)[op as string]
    if (!f) throw new InvalidEventPattern(`unrecognized numeric operator ${JSON.stringify(op)}`, at)
    tests.push(f)
  }
  return n => tests.every(t => t(n))
}

function leaf(item: unknown, at: string): Matcher {
  if (item === null || typeof item !== 'object') return (v, present) => present && v === item
  if (Array.isArray(item)) throw new InvalidEventPattern('match values must be strings, numbers, booleans, null or objects', at)
  const entries = Object.entries(item)
  if (entries.length !== 1) throw new InvalidEventPattern('a match object must have exactly one key', at)
  const [kind, arg] = entries[0]
  if (kind === 'exists') {
    if (typeof arg !== 'boolean') throw new InvalidEventPattern('exists match pattern must be true or false', at)
    return (v, present) => (present && !isObject(v)) === arg
  }
  if (kind === 'numeric') { const f = numeric(arg, at); return (v, present) => present && typeof v === 'number' && f(v) }
  if (kind === 'anything-but') {
    if (isObject(arg)) {
      const [[k, a]] = Object.entries(arg)
      const f = stringMatcher(k, a, at)
      return (v, present) => present && typeof v === 'string' && !f(v)
    }
    const values = Array.isArray(arg) ? arg : [arg]
    return (v, present) => present && !values.includes(v)
  }
  const f = stringMatcher(kind, arg, at)
  return (v, present) => present && typeof v === 'string' && f(v)
}

function compileObject(pattern: Record<string, unknown>, at: string): Compiled {
  const parts: Compiled[] = []
  for (const [key, p] of Object.entries(pattern)) {
    const here = `${at}/${key}`
    if (key === '$or') {
      if (!Array.isArray(p) || p.length < 2) throw new InvalidEventPattern('$or needs an array of at least two patterns', here)
      const alts = p.map((x, i) => { if (!isObject(x)) throw new InvalidEventPattern('$or entries must be objects', `${here}/${i}`); return compileObject(x, `${here}/${i}`) })
      parts.push(e => alts.some(a => a(e)))
    } else if (isObject(p)) {
      const inner = compileObject(p, here)
      parts.push(e => isObject(e) && (isObject(e[key]) ? inner(e[key]) : Array.isArray(e[key]) ? (e[key] as unknown[]).some(x => isObject(x) && inner(x)) : false))
    } else if (Array.isArray(p)) {
      if (!p.length) throw new InvalidEventPattern('an empty array matches nothing', here)
      const ms = p.map((x, i) => leaf(x, `${here}/${i}`))
      parts.push(e => {
        const present = isObject(e) && key in e
        const v = present ? (e as Record<string, unknown>)[key] : undefined
        if (Array.isArray(v)) return v.length ? v.some(x => ms.some(m => m(x, true))) : ms.some(m => m(undefined, false))
        return ms.some(m => m(v, present))
      })
    } else throw new InvalidEventPattern('a pattern value must be an array or an object', here)
  }
  return e => parts.every(p => p(e))
}

/** Compiles a pattern once; the result tests events. Throws InvalidEventPattern naming the JSON pointer. */
export function compileEventPattern(pattern: unknown): Compiled {
  if (!isObject(pattern)) throw new InvalidEventPattern('an event pattern must be a JSON object', '')
  return compileObject(pattern, '')
}

export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  return compileEventPattern(pattern)(event)
}

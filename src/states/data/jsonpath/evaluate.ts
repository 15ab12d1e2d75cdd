// Evaluates parsed JSONPath the way AWS (Jayway JsonPath) does: a definite path that misses is an
// error with Jayway's message; an indefinite path collects its hits into an array (possibly empty).
import type { EvalContext } from '../context.ts'
import { hasVariable } from '../context.ts'
import type { FilterExpr, Operand } from './filter.ts'
import { normalisedPath, type ParsedPath, type Segment } from './parse.ts'

/** Thrown (internally) when a definite path has no value; `detail` is Jayway's wording. */
export class PathNotFound {
  constructor(readonly detail: string) {}
}

const own = Object.prototype.hasOwnProperty
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function rootValue(path: ParsedPath, value: unknown, ctx: EvalContext | undefined, current?: unknown): unknown {
  switch (path.root.kind) {
    case 'input': return value
    case 'current': return current
    case 'context': return ctx?.context ?? {}
    case 'variable': {
      const name = path.root.name
      if (!ctx || !hasVariable(ctx.variables, name)) throw new PathNotFound(`The variable '${name}' is not defined`)
      return ctx.variables[name]
    }
  }
}

/** A definite path: the one value it names, or PathNotFound. */
export function selectDefinite(path: ParsedPath, start: unknown): unknown {
  let node = start
  const segs = path.segments
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!
    if (s.t === 'name') {
      if (!isObject(node)) throw new PathNotFound(notAnObject(path, i, node))
      if (!own.call(node, s.name)) {
        throw new PathNotFound(i === segs.length - 1
          ? `No results for path: ${normalisedPath(path)}`
          : `Missing property in path ${normalisedPath(path, i + 1)}`)
      }
      node = node[s.name]
    } else if (s.t === 'index') {
      if (node === null || node === undefined) throw new PathNotFound(`The path ${normalisedPath(path, i)} is null`)
      if (!Array.isArray(node)) {
        throw new PathNotFound(`Filter: [${s.index}] can only be applied to arrays. Current context is: ${javaText(node)}`)
      }
      const at = s.index < 0 ? node.length + s.index : s.index
      if (at < 0 || at >= node.length) throw new PathNotFound(`No results for path: ${normalisedPath(path)}`)
      node = node[at]
    } else if (s.t === 'length') {
      node = lengthOf(node, path)
    }
  }
  return node
}

function notAnObject(path: ParsedPath, i: number, node: unknown): string {
  const s = path.segments[i] as { name: string }
  const found = node === null || node === undefined ? 'null' : Array.isArray(node) ? 'java.util.ArrayList' : typeof node === 'string' ? 'java.lang.String' : typeof node === 'boolean' ? 'java.lang.Boolean' : 'java.lang.Integer'
  return `Expected to find an object with property ['${s.name}'] in path ${normalisedPath(path, i)} but found '${found}'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonProvider'.`
}

function lengthOf(node: unknown, path: ParsedPath): number {
  if (Array.isArray(node) || typeof node === 'string') return node.length
  if (isObject(node)) return Object.keys(node).length
  throw new PathNotFound(`Aggregation function attempted to calculate value using empty array: ${path.source}`)
}

/** An indefinite path: every hit, in document order; misses are skipped. */
export function selectAll(path: ParsedPath, start: unknown, rootDoc: unknown, ctx: EvalContext | undefined): unknown[] {
  let nodes: unknown[] = [start]
  for (const s of path.segments) {
    if (s.t === 'length') return nodes.map((n) => lengthOf(n, path))
    const next: unknown[] = []
    for (const n of nodes) step(s, n, next, rootDoc, ctx)
    nodes = next
  }
  return nodes
}

function step(s: Segment, node: unknown, out: unknown[], rootDoc: unknown, ctx: EvalContext | undefined): void {
  switch (s.t) {
    case 'name':
      if (isObject(node) && own.call(node, s.name)) out.push(node[s.name])
      return
    case 'index':
      if (Array.isArray(node)) {
        const at = s.index < 0 ? node.length + s.index : s.index
        if (at >= 0 && at < node.length) out.push(node[at])
      }
      return
    case 'wildcard':
      if (Array.isArray(node)) out.push(...node)
      else if (isObject(node)) out.push(...Object.values(node))
      return
    case 'slice':
      if (Array.isArray(node)) out.push(...slice(node, s.start, s.end, s.step))
      return
    case 'union':
      for (const k of s.keys) step(typeof k === 'number' ? { t: 'index', index: k } : { t: 'name', name: k }, node, out, rootDoc, ctx)
      return
    case 'filter':
      if (Array.isArray(node)) {
        for (const item of node) if (testFilter(s.expr, item, rootDoc, ctx)) out.push(item)
      } else if (isObject(node) && testFilter(s.expr, node, rootDoc, ctx)) out.push(node)
      return
    case 'descend':
      descend(s.inner, node, out, rootDoc, ctx)
      return
    case 'length':
      return
  }
}

function descend(inner: Segment, node: unknown, out: unknown[], rootDoc: unknown, ctx: EvalContext | undefined): void {
  step(inner, node, out, rootDoc, ctx)
  if (Array.isArray(node)) for (const child of node) descend(inner, child, out, rootDoc, ctx)
  else if (isObject(node)) for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) descend(inner, child, out, rootDoc, ctx)
}

function slice(arr: unknown[], start: number | undefined, end: number | undefined, stepBy: number | undefined): unknown[] {
  const n = arr.length
  const by = stepBy ?? 1
  if (by <= 0) return []
  const norm = (i: number) => (i < 0 ? Math.max(0, n + i) : Math.min(n, i))
  const from = start === undefined ? 0 : norm(start)
  const to = end === undefined ? n : norm(end)
  const out: unknown[] = []
  for (let i = from; i < to; i += by) out.push(arr[i])
  return out
}

// ---- filters -------------------------------------------------------------------------------

const MISSING = Symbol('missing')

function operandValue(o: Operand, current: unknown, rootDoc: unknown, ctx: EvalContext | undefined): unknown {
  if (o.k === 'literal') return o.value
  if (o.k === 'regex') return o.re
  const start = (() => {
    try {
      return rootValue(o.path, rootDoc, ctx, current)
    } catch {
      return MISSING
    }
  })()
  if (start === MISSING) return MISSING
  if (o.path.definite) {
    try {
      return selectDefinite(o.path, start)
    } catch {
      return MISSING
    }
  }
  return selectAll(o.path, start, rootDoc, ctx)
}

function testFilter(e: FilterExpr, current: unknown, rootDoc: unknown, ctx: EvalContext | undefined): boolean {
  switch (e.op) {
    case 'and': return testFilter(e.left, current, rootDoc, ctx) && testFilter(e.right, current, rootDoc, ctx)
    case 'or': return testFilter(e.left, current, rootDoc, ctx) || testFilter(e.right, current, rootDoc, ctx)
    case 'not': return !testFilter(e.expr, current, rootDoc, ctx)
    case 'exists': {
      const v = operandValue(e.operand, current, rootDoc, ctx)
      return v !== MISSING && !(e.operand.k === 'path' && !e.operand.path.definite && Array.isArray(v) && v.length === 0)
    }
    case 'compare': {
      const l = operandValue(e.left, current, rootDoc, ctx)
      const r = operandValue(e.right, current, rootDoc, ctx)
      if (l === MISSING || r === MISSING) return e.cmp === '!=' || e.cmp === 'nin' ? l !== r : false
      return compare(e.cmp, l, r)
    }
  }
}

function compare(cmp: string, l: unknown, r: unknown): boolean {
  switch (cmp) {
    case '==': return looseEquals(l, r)
    case '!=': return !looseEquals(l, r)
    case '<': case '<=': case '>': case '>=': {
      const [a, b] = typeof l === 'string' && typeof r === 'string' ? [l, r] : [toNumber(l), toNumber(r)]
      if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b)) return false
      return cmp === '<' ? a < b : cmp === '<=' ? a <= b : cmp === '>' ? a > b : a >= b
    }
    case '=~': return typeof l === 'string' && r instanceof RegExp && r.test(l)
    case 'in': return Array.isArray(r) && r.some((x) => looseEquals(l, x))
    case 'nin': return Array.isArray(r) && !r.some((x) => looseEquals(l, x))
    case 'subsetof': return Array.isArray(l) && Array.isArray(r) && l.every((x) => r.some((y) => looseEquals(x, y)))
    case 'anyof': return Array.isArray(l) && Array.isArray(r) && l.some((x) => r.some((y) => looseEquals(x, y)))
    case 'noneof': return Array.isArray(l) && Array.isArray(r) && !l.some((x) => r.some((y) => looseEquals(x, y)))
    case 'size': return (Array.isArray(l) || typeof l === 'string') && l.length === r
    case 'empty': return (Array.isArray(l) || typeof l === 'string') && (l.length === 0) === r
  }
  return false
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v)
  return undefined
}

/** Jayway compares a number with a numeric string by value. */
function looseEquals(l: unknown, r: unknown): boolean {
  if (typeof l === 'number' || typeof r === 'number') {
    const a = toNumber(l)
    const b = toNumber(r)
    return a !== undefined && b !== undefined && a === b && (typeof l !== 'boolean' && typeof r !== 'boolean')
  }
  return deepEqual(l, r)
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]))
  }
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return ka.length === kb.length && ka.every((k) => own.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

/** Java `toString()` of a parsed JSON value, as AWS renders values in messages and States.Format. */
export function javaText(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (Array.isArray(v)) return `[${v.map(javaText).join(', ')}]`
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${k}=${javaText(x)}`).join(', ')}}`
  return String(v)
}

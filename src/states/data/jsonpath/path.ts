// Compile-once entry points for JSONPath: `compilePath` parses and caches, the result only walks.
import type { EvalContext } from '../context.ts'
import { runtimeError } from '../errors.ts'
import { PathNotFound, rootValue, selectAll, selectDefinite } from './evaluate.ts'
import { JsonPathSyntaxError, parsePath, type ParsedPath } from './parse.ts'

export type CompiledPath = (value: unknown, ctx?: EvalContext) => unknown

export interface PathInfo {
  source: string
  definite: boolean
  root: ParsedPath['root']['kind']
  parsed: ParsedPath
}

const cache = new Map<string, { fn: CompiledPath; info: PathInfo } | JsonPathSyntaxError>()
const CACHE_LIMIT = 10_000

function build(source: string): { fn: CompiledPath; info: PathInfo } | JsonPathSyntaxError {
  let parsed: ParsedPath
  try {
    parsed = parsePath(source)
  } catch (e) {
    if (e instanceof JsonPathSyntaxError) return e
    throw e
  }
  const info: PathInfo = { source, definite: parsed.definite, root: parsed.root.kind, parsed }
  const fn: CompiledPath = parsed.definite
    ? parsed.segments.length === 0 && parsed.root.kind === 'input'
      ? (value) => value
      : (value, ctx) => selectDefinite(parsed, rootValue(parsed, value, ctx))
    : (value, ctx) => {
        let start: unknown
        try {
          start = rootValue(parsed, value, ctx)
        } catch {
          return []
        }
        return selectAll(parsed, start, value, ctx)
      }
  return { fn, info }
}

function lookup(source: string): { fn: CompiledPath; info: PathInfo } | JsonPathSyntaxError {
  let hit = cache.get(source)
  if (!hit) {
    hit = build(source)
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(source, hit)
  }
  return hit
}

/** Checks a path's syntax; returns the problem text or undefined. */
export function pathSyntaxProblem(source: string): string | undefined {
  const hit = lookup(source)
  return hit instanceof JsonPathSyntaxError ? hit.detail : undefined
}

export function pathInfo(source: string): PathInfo | undefined {
  const hit = lookup(source)
  return hit instanceof JsonPathSyntaxError ? undefined : hit.info
}

/**
 * A function evaluating `source`; it throws PathNotFound (internal) on a miss. Use `compilePath` for
 * the AWS-worded `States.Runtime` error.
 */
export function compileRawPath(source: string): CompiledPath {
  const hit = lookup(source)
  if (hit instanceof JsonPathSyntaxError) {
    return () => {
      throw runtimeError(`Invalid path '${source}' : ${hit.detail}`)
    }
  }
  return hit.fn
}

/** `$.a.b`, `$$.Execution.Id`, `$var.x`: a function of (input, ctx); a miss is `States.Runtime`. */
const wrapped = new Map<string, CompiledPath>()

export function compilePath(source: string): CompiledPath {
  let fn = wrapped.get(source)
  if (!fn) {
    fn = wrap(source)
    if (wrapped.size >= CACHE_LIMIT) wrapped.clear()
    wrapped.set(source, fn)
  }
  return fn
}

function wrap(source: string): CompiledPath {
  const raw = compileRawPath(source)
  return (value, ctx) => {
    try {
      return raw(value, ctx)
    } catch (e) {
      if (e instanceof PathNotFound) throw runtimeError(`Invalid path '${source}' : ${e.detail}`)
      throw e
    }
  }
}

export function evaluatePath(path: string, value: unknown, ctx?: EvalContext): unknown {
  return compilePath(path)(value, ctx)
}

/** InputPath / OutputPath / ItemsPath: `null` selects `{}`, absent selects everything. */
export function selectPath(path: string | null | undefined, value: unknown, ctx?: EvalContext): unknown {
  if (path === undefined || path === '$') return value
  if (path === null) return {}
  return evaluatePath(path, value, ctx)
}


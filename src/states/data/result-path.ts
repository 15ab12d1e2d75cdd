// ResultPath: where a state's result goes in its input. Only the objects along the path are copied.
import { StatesError } from './errors.ts'
import { parsePath, type ParsedPath } from './jsonpath/parse.ts'

const cache = new Map<string, ParsedPath>()

function parsed(resultPath: string): ParsedPath {
  let p = cache.get(resultPath)
  if (!p) {
    p = parsePath(resultPath)
    if (cache.size > 10_000) cache.clear()
    cache.set(resultPath, p)
  }
  return p
}

export function applyResultPath(input: unknown, result: unknown, resultPath: string | null | undefined): unknown {
  if (resultPath === undefined || resultPath === '$') return result
  if (resultPath === null) return input
  const path = parsed(resultPath)
  if (path.root.kind !== 'input' || !path.definite) {
    throw new StatesError('States.Runtime', `Invalid ResultPath '${resultPath}': a ResultPath must be a reference path`)
  }
  return place(input, path, 0, result, resultPath)
}

function place(node: unknown, path: ParsedPath, i: number, result: unknown, source: string): unknown {
  if (i === path.segments.length) return result
  const s = path.segments[i]!
  if (s.t === 'name') {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) throw mismatch(source, s.name, node)
    const obj = node as Record<string, unknown>
    const child = Object.prototype.hasOwnProperty.call(obj, s.name) ? obj[s.name] : {}
    return { ...obj, [s.name]: place(child, path, i + 1, result, source) }
  }
  if (s.t === 'index') {
    if (!Array.isArray(node)) throw mismatch(source, String(s.index), node)
    const at = s.index < 0 ? node.length + s.index : s.index
    if (at < 0 || at >= node.length) throw mismatch(source, String(s.index), node)
    const copy = node.slice()
    copy[at] = place(node[at], path, i + 1, result, source)
    return copy
  }
  throw mismatch(source, '', node)
}

function mismatch(resultPath: string, step: string, node: unknown): StatesError {
  return new StatesError(
    'States.ResultPathMatchFailure',
    `Unable to apply step "${step}" to input ${JSON.stringify(node ?? null)}`,
  )
}

import { findJsonError, jsonValueOffsets, lineColumn, pathKey, type JsonPath } from './json-position.ts'

/** One thing wrong with a project, located by file and field (`rsqlflow.json`, `jobQueues[0].priority`). */
export interface ConfigProblem {
  /** The file, relative to the project folder, with `:line[:column]` when the problem has one: `scripts/copy.sql:14`. */
  file: string
  /** The field path inside the file (a JSON pointer in workflows); empty for the file itself or a line location. */
  path: string
  message: string
}

export function formatProblem(p: ConfigProblem): string {
  return p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`
}

/**
 * A project that cannot be loaded. The code is AWS's name for invalid input (`ValidationException`), or
 * `ProjectNotFound` when no `rsqlflow.json` is found; the message names the first problem, `problems` holds all.
 */
export class ConfigError extends Error {
  override name = 'ConfigError'
  constructor(readonly code: 'ValidationException' | 'ProjectNotFound' | 'ProjectExists', readonly problems: ConfigProblem[], options?: { cause?: unknown }) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : ''
    super(problems.length ? formatProblem(problems[0]) + more : 'invalid project', options)
  }
}

/** Locates a JSON syntax error: the file becomes `file:line:column`. */
export function jsonSyntaxProblem(file: string, text: string, err: unknown): ConfigProblem {
  const found = findJsonError(text)
  const { line, column } = lineColumn(text, found?.offset ?? text.length)
  const reason = found?.reason ?? (err instanceof Error ? err.message : String(err))
  return { file: `${file}:${line}:${column}`, path: '', message: `invalid JSON: ${reason}` }
}

/**
 * Locates the field problems of a JSON file, as a compiler does: the file becomes `file:line:column` of the field's
 * value, or of the nearest enclosing value there is (a missing field: the object that lacks it; no field: the document).
 * Problems of other files, and those already located, are left as they are. `parse` reads a problem's path (`jobQueues[0].priority`).
 */
export function locateProblems(problems: ConfigProblem[], text: string, file: string, parse: (path: string) => JsonPath = fieldPath): ConfigProblem[] {
  if (!problems.some(p => p.file === file)) return problems
  const offsets = jsonValueOffsets(text)
  return problems.map(p => {
    if (p.file !== file) return p
    const path = parse(p.path)
    let offset: number | undefined
    while ((offset = offsets.get(pathKey(path))) === undefined && path.length) path.pop()
    if (offset === undefined) return p
    const { line, column } = lineColumn(text, offset)
    return { ...p, file: `${file}:${line}:${column}` }
  })
}

/** The keys and indexes of a field path as json-schema.ts's joinPath writes it: `a.b[0]["odd key"]`. */
export function fieldPath(path: string): JsonPath {
  const out: JsonPath = []
  for (const m of path.matchAll(/\.?([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : JSON.parse(m[3]) as string))
  }
  return out
}

/** The keys and indexes of a JSON pointer (`/States/load/Parameters`), as a workflow's problems name them. */
export function pointerPath(pointer: string): JsonPath {
  if (pointer === '/') return [] // the document itself, as validate names it
  return pointer.split('/').slice(1).map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

import { findJsonError } from './json-position.ts'

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
  const offset = found?.offset ?? text.length
  const before = text.slice(0, offset).split('\n')
  const reason = found?.reason ?? (err instanceof Error ? err.message : String(err))
  return { file: `${file}:${before.length}:${before[before.length - 1].length + 1}`, path: '', message: `invalid JSON: ${reason}` }
}

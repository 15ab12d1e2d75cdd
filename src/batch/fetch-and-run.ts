import type { InProcessProgram } from './executors/in-process.ts'

/** Runs RSQL source text; the composition binds it to the RSQL interpreter and a warehouse session. */
export type ScriptRunner = (script: {
  source: string
  /** Where the script came from (`s3://bucket/key`), for error locations. */
  name: string
  env: Record<string, string | undefined>
  stdout: (text: string) => void
  stderr: (text: string) => void
  signal: AbortSignal
}) => Promise<number>

/** Reads an object as text: the composition binds it to the object store. */
export type ObjectReader = (uri: string) => Promise<string>

export const REQUIRED_VARIABLES = ['BATCH_SCRIPT_LOCATION', 'DATA_BUCKET_NAME', 'COPY_IAM_ROLE_ARN'] as const

export class SubstitutionError extends Error {
  override name = 'SubstitutionError'
  constructor(readonly variable: string, readonly line: number) {
    super(`variable \${${variable}} is declared but not set`)
  }
}

/**
 * Replaces `${NAME}` only where NAME is declared (the job's environment names), so `$$` dollar quotes,
 * `$body$` tags, regexes and `${UNDECLARED}` survive as written; a declared name without a value is an error.
 * (The reference pipes the script through `envsubst`, which rewrites every `$NAME` and empties unset ones.)
 */
export function substituteDeclared(source: string, env: Record<string, string | undefined>, declared: Iterable<string>): string {
  const names = new Set(declared)
  return source.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string, offset: number) => {
    if (!names.has(name)) return whole
    const value = env[name]
    if (value === undefined) throw new SubstitutionError(name, source.slice(0, offset).split('\n').length)
    return value
  })
}

/**
 * The container entrypoint of the reference sample, fixed: every required variable present (exit 1 naming
 * the missing ones), the download must succeed (exit 1 otherwise), declared variables substituted, the
 * script run by the RSQL interpreter, and its exit code returned.
 */
export function fetchAndRunProgram(deps: { read: ObjectReader; run: ScriptRunner }): InProcessProgram {
  return async ({ env, declared, stdout, stderr, signal }) => {
    const fail = (message: string) => { stderr(`fetch-and-run: ${message}\n`); return 1 }
    const missing = REQUIRED_VARIABLES.filter(v => !env[v])
    if (missing.length) return fail(`missing environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: nothing to run`)
    const location = env.BATCH_SCRIPT_LOCATION!
    if (!/^s3:\/\/[^/]+\/.+/.test(location)) return fail(`BATCH_SCRIPT_LOCATION is not an s3://bucket/key URI: ${location}`)
    let source: string
    try {
      source = await deps.read(location)
    } catch (e) {
      return fail(`cannot download ${location}: ${(e as Error).message ?? String(e)}`)
    }
    let text: string
    try {
      text = substituteDeclared(source, env, declared)
    } catch (e) {
      if (e instanceof SubstitutionError) return fail(`${location}:${e.line}: ${e.message}`)
      throw e
    }
    return deps.run({ source: text, name: location, env, stdout, stderr, signal })
  }
}

import { ConfigError, formatProblem } from '../project/index.ts'
import { UnreadableStore } from '../store/index.ts'

/** The exit codes of every rsqlflow command (documented in the README's CLI reference). */
export const EXIT = {
  /** Success; for `run --wait` and `demo`, the execution SUCCEEDED. */
  OK: 0,
  /** The work failed: an execution FAILED, TIMED_OUT or was ABORTED; `validate` found problems. */
  FAILED: 1,
  /** A usage error or an invalid project (bad arguments, rsqlflow.json problems, no project found). */
  USAGE: 2,
  /** The environment failed: the warehouse, store or object store could not be reached, or an internal error. */
  ERROR: 3,
  /** Interrupted (Ctrl-C). */
  INTERRUPTED: 130,
} as const

export interface Terminal {
  out: (text: string) => void
  err: (text: string) => void
  /** True when stdout is a terminal: live progress; otherwise plain lines. */
  tty: boolean
  columns: number
}

export function terminal(): Terminal {
  return {
    out: t => { process.stdout.write(t) },
    err: t => { process.stderr.write(t) },
    tty: !!process.stdout.isTTY && process.env.TERM !== 'dumb',
    columns: process.stdout.columns || 100,
  }
}

export function printJson(term: Terminal, value: unknown): void {
  term.out(JSON.stringify(value, null, 2) + '\n')
}

/** A word for a command line the user copies into a POSIX shell: as it is when that is safe, else single-quoted. */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`
}

/** `--max N` of a listing: a whole number from 1 to 1000 (AWS's page limit), else a usage error said on stderr. */
export function maxOption(term: Terminal, text: string): number | undefined {
  const n = Number(text)
  if (Number.isInteger(n) && n >= 1 && n <= 1000) return n
  term.err(`rsqlflow: error: --max must be a whole number from 1 to 1000, not ${JSON.stringify(text)}\n`)
  return undefined
}

/** Columns aligned with two spaces, header first; the last column is not padded. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()
  return [line(headers), ...rows.map(line)].join('\n') + '\n'
}

// AWS error codes that mean the user asked for something wrong (exit 2), not that the environment failed.
const USER_ERRORS = new Set([
  'InvalidExecutionInput', 'InvalidName', 'InvalidDefinition', 'InvalidArn', 'ValidationException', 'ExecutionDoesNotExist',
  'StateMachineDoesNotExist', 'ExecutionAlreadyExists', 'ExecutionNotRunning', 'ExecutionNotRedrivable',
  // Batch: a job that does not exist, a bad request; rsqlflow.json's triggers: a pattern EventBridge would refuse
  'ClientException', 'InvalidEventPatternException',
  // S3: a bucket or object that does not exist, a bad URI or bucket name, a local path that is not there, a bucket
  // that `s3 mb` is asked to make again
  'NoSuchBucket', 'NoSuchKey', 'InvalidArgument', 'InvalidBucketName', 'BucketNotEmpty', 'BucketAlreadyOwnedByYou', 'BucketAlreadyExists',
])

/** A code-named error from any room: `code` is the AWS/Postgres name. */
interface NamedError { code?: unknown; message: string; location?: unknown }

/**
 * Prints an error the way a user can act on it — its AWS/Postgres name and message, never a stack trace
 * (set RSQLFLOW_DEBUG=1 to see one) — and returns the exit code.
 */
export function reportError(term: Terminal, err: unknown): number {
  if (err instanceof ConfigError) {
    for (const p of err.problems) term.err(`rsqlflow: ${formatProblem(p)}\n`)
    return EXIT.USAGE
  }
  const e = err as NamedError
  const message = err instanceof Error ? err.message : String(err)
  const code = typeof e?.code === 'string' && !/^E[A-Z]+$/.test(e.code) ? ` (${e.code})` : ''
  const where = typeof e?.location === 'string' && e.location ? `${e.location}: ` : ''
  term.err(`rsqlflow: error: ${where}${message}${advice(err)}${code}\n`)
  if (process.env.RSQLFLOW_DEBUG && err instanceof Error && err.stack) term.err(err.stack + '\n')
  return typeof e?.code === 'string' && USER_ERRORS.has(e.code) ? EXIT.USAGE : EXIT.ERROR
}

/** What the user does about an error, said after its message. */
function advice(err: unknown): string {
  if (err instanceof UnreadableStore) {
    // nothing is deleted for them: its executions may still be recoverable
    return `: move it aside (mv ${shellWord(err.location)} ${shellWord(err.location + '.bad')}) and the next command creates an empty one; nothing was deleted`
  }
  return ''
}

/** Wraps a command action: errors are reported (no stack trace) and set the exit code. */
export function action<A extends unknown[]>(setExit: (code: number) => void, fn: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args)
      setExit(code ?? EXIT.OK)
    } catch (err) {
      setExit(reportError(terminal(), err))
    }
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const s = Math.round(ms / 1000)
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
}

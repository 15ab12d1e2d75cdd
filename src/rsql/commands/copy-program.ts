/**
 * `\copy … from program 'cmd'` / `to program 'cmd'`: the command runs through `/bin/sh -c` as psql's popen
 * runs it, its stdout (from) or stdin (to) being the COPY's data; how it ended is told as psql's
 * wait_result_to_str tells it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { constants } from 'node:os'
import { Writable } from 'node:stream'
import type { ScriptContext } from '../context.ts'
import { reportError, writeErr } from '../messages.ts'
import { decodeRaw } from '../../warehouse/raw-text.ts'

export interface Program {
  command: string
  child: ChildProcess
  /** How the command ended: undefined for success, else psql's words for it. */
  ended: Promise<string | undefined>
}

/** Starts `command`; what it writes to stderr goes to rsql's, its stdout (a `to program`'s) to rsql's stdout. */
export function startProgram(ctx: ScriptContext, command: string, from: boolean): Program {
  ctx.out.flush()
  const child = spawn('/bin/sh', ['-c', command], { argv0: 'sh', cwd: ctx.cwd, env: ctx.env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] })
  child.stderr!.on('data', (b: Buffer) => writeErr(ctx, decodeRaw(b)))
  if (from) child.stdin!.end()
  else child.stdout!.on('data', (b: Buffer) => ctx.out.writeBytes(b))
  const ended = new Promise<string | undefined>(resolve => {
    child.on('error', e => resolve((e as Error).message))
    child.on('close', (status, signal) => resolve(exitReason(status, signal)))
  })
  return { command, child, ended }
}

/** psql's wait_result_to_str for what Node tells of a child's end. */
export function exitReason(status: number | null, signal: NodeJS.Signals | null): string | undefined {
  if (signal) {
    const n = constants.signals[signal] ?? 0
    return `child process was terminated by signal ${n}: ${SIGNAL_TEXT[signal] ?? signal}`
  }
  if (status === 0 || status === null) return undefined
  if (status === 126) return 'command not executable'
  if (status === 127) return 'command not found'
  return `child process exited with exit code ${status}`
}

// strsignal's words (glibc) for the signals a command is likely to end by
const SIGNAL_TEXT: Partial<Record<NodeJS.Signals, string>> = {
  SIGHUP: 'Hangup', SIGINT: 'Interrupt', SIGQUIT: 'Quit', SIGILL: 'Illegal instruction', SIGTRAP: 'Trace/breakpoint trap',
  SIGABRT: 'Aborted', SIGBUS: 'Bus error', SIGFPE: 'Floating point exception', SIGKILL: 'Killed', SIGUSR1: 'User defined signal 1',
  SIGSEGV: 'Segmentation fault', SIGUSR2: 'User defined signal 2', SIGPIPE: 'Broken pipe', SIGALRM: 'Alarm clock', SIGTERM: 'Terminated',
  SIGXCPU: 'CPU time limit exceeded', SIGXFSZ: 'File size limit exceeded',
}

/**
 * The stdin of a `to program` command as the COPY's sink, written in blocks of stdio's BUFSIZ as psql's
 * popen stream is: the last block goes when `close` ends the input, after the COPY's tag (so a `cat` prints
 * small data after the tag, as under psql). Once the command stops reading, the rest of the data is dropped
 * (the server's COPY runs to its end), that is said once, as psql says it, and `close` resolves with true:
 * the `\copy` failed.
 */
export function programSink(ctx: ScriptContext, program: Program): { sink: Writable; close(): Promise<boolean> } {
  const stdin = program.child.stdin!
  let broken = false
  const breakOnce = (e: Error) => {
    if (broken) return
    broken = true
    reportError(ctx, `could not write COPY data: ${describeWriteError(e)}`)
  }
  stdin.on('error', breakOnce)
  let pending: Buffer[] = []
  let size = 0
  /** Writes the data held so far; a command already gone is a broken pipe. */
  const writePending = (done: () => void) => {
    const block = Buffer.concat(pending)
    pending = []
    size = 0
    if (stdin.destroyed) { breakOnce(Object.assign(new Error('Broken pipe'), { code: 'EPIPE' })); return done() }
    stdin.write(block, e => { if (e) breakOnce(e); done() })
  }
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (broken) return done()
      pending.push(chunk)
      size += chunk.length
      if (size < BUFSIZ) return done()
      writePending(done)
    },
  })
  const close = () => new Promise<boolean>(resolve => {
    // ended, or gone with the command (a closed pipe): either way the data is out or dropped
    const end = () => {
      if (stdin.destroyed) return resolve(broken)
      stdin.once('close', () => resolve(broken))
      stdin.end(() => resolve(broken))
    }
    if (broken || size === 0) return end()
    writePending(end)
  })
  return { sink, close }
}

const BUFSIZ = 8192

function describeWriteError(e: Error): string {
  return (e as NodeJS.ErrnoException).code === 'EPIPE' ? 'Broken pipe' : e.message
}

import { spawn } from 'node:child_process'
import type { AttemptExit, AttemptSpec, Executor, RunningAttempt } from './types.ts'
import { SIGNAL_EXIT, lineSplitter } from './types.ts'

/** Runs `command` as a child process with the job's environment (on top of this process's PATH and HOME). */
export function subprocessExecutor(opts: { cwd?: string } = {}): Executor {
  return {
    name: 'subprocess',
    start(spec: AttemptSpec): RunningAttempt {
      const [file, ...args] = spec.command
      if (!file) {
        const reason = 'CannotStartContainerError: the job has no command'
        return { started: Promise.reject(new Error(reason)), exit: Promise.resolve({ reason }), kill() {} }
      }
      const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' }
      for (const [k, v] of Object.entries(spec.environment)) if (v !== undefined) env[k] = v
      // detached: the child leads its own process group, so signals reach what it started too
      const child = spawn(file, args, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
      const out = lineSplitter(l => spec.onLine('stdout', l)), err = lineSplitter(l => spec.onLine('stderr', l))
      child.stdout.on('data', c => out.write(c))
      child.stderr.on('data', c => err.write(c))
      const started = new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve)
        child.once('error', e => reject(new Error(`CannotStartContainerError: ${e.message}`)))
      })
      const exit = new Promise<AttemptExit>(resolve => {
        child.once('error', e => resolve({ reason: `CannotStartContainerError: ${e.message}` }))
        child.once('close', (code, signal) => {
          out.flush(); err.flush()
          resolve(code !== null ? { exitCode: code } : { exitCode: SIGNAL_EXIT[signal ?? ''] ?? 128, reason: signal ?? undefined })
        })
      })
      started.catch(() => {})
      return {
        started, exit,
        kill(signal) {
          if (child.pid === undefined || child.exitCode !== null) return
          try { process.kill(-child.pid, signal) } catch { try { child.kill(signal) } catch { /* already gone */ } }
        },
      }
    },
  }
}

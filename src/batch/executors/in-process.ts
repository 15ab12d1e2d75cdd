import type { AttemptExit, AttemptSpec, Executor, RunningAttempt } from './types.ts'
import { SIGNAL_EXIT, lineSplitter } from './types.ts'

/** A program the in-process executor can run: `command[0]` names it; it returns its exit code. */
export type InProcessProgram = (ctx: {
  args: string[]
  env: Record<string, string | undefined>
  declared: string[]
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Aborted with reason 'SIGTERM' when the attempt must stop (timeout, TerminateJob). */
  signal: AbortSignal
}) => Promise<number>

/**
 * Runs attempts as async functions in this process (the default executor, whose entrypoint is fetch-and-run). SIGTERM aborts the
 * program's signal; SIGKILL ends the attempt with exit code 137 without waiting for the program.
 */
export function inProcessExecutor(programs: Record<string, InProcessProgram>, entrypoint = 'fetch-and-run'): Executor {
  return {
    name: 'fetch-and-run',
    start(spec: AttemptSpec): RunningAttempt {
      const controller = new AbortController()
      let killed: ((e: AttemptExit) => void) | undefined
      // like an image's ENTRYPOINT: a command naming a program runs it, any other command is the entrypoint's arguments
      const named: InProcessProgram | undefined = Object.hasOwn(programs, spec.command[0] ?? '') ? programs[spec.command[0]] : undefined
      const program: InProcessProgram | undefined = named ?? (Object.hasOwn(programs, entrypoint) ? programs[entrypoint] : undefined)
      const args = named ? spec.command.slice(1) : spec.command
      if (!program) {
        const reason = `CannotStartContainerError: no in-process program named ${JSON.stringify(spec.command[0] ?? entrypoint)}`
        return { started: Promise.reject(new Error(reason)), exit: Promise.resolve({ reason }), kill() {} }
      }
      const out = lineSplitter(l => spec.onLine('stdout', l)), err = lineSplitter(l => spec.onLine('stderr', l))
      const finish = () => { out.flush(); err.flush() }
      const stdout = (t: string) => out.write(t)
      const stderr = (t: string) => err.write(t)
      const run = (async (): Promise<AttemptExit> => {
        try {
          const code = await program({ args, env: spec.environment, declared: spec.declared, stdout, stderr, signal: controller.signal })
          return { exitCode: code }
        } catch (e) {
          stderr(`${(e as Error)?.message ?? String(e)}\n`)
          return { exitCode: controller.signal.aborted ? SIGNAL_EXIT.SIGTERM : 1 }
        } finally { finish() }
      })()
      const exit = Promise.race([run, new Promise<AttemptExit>(r => { killed = r })])
      return {
        started: Promise.resolve(),
        exit,
        kill(signal) {
          if (signal === 'SIGTERM') controller.abort('SIGTERM')
          else { controller.abort('SIGKILL'); finish(); killed?.({ exitCode: SIGNAL_EXIT.SIGKILL }) }
        },
      }
    },
  }
}

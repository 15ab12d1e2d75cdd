import type { ExecutorName } from '../types.ts'

/** What an executor needs to run one attempt. */
export interface AttemptSpec {
  jobId: string
  attempt: number
  image?: string
  command: string[]
  /** The job's declared environment (definition + overrides), then Batch's own `AWS_BATCH_*` variables. */
  environment: Record<string, string | undefined>
  /** Names the job declared (its environment entries), for fetch-and-run's substitution. */
  declared: string[]
  vcpus: number
  memory?: number
  /** Each line the attempt writes. */
  onLine: (stream: 'stdout' | 'stderr', line: string) => void
}

/** How an attempt ended. `exitCode` is absent when the container never ran. */
export interface AttemptExit { exitCode?: number; reason?: string }

/** A started attempt: `kill('SIGTERM')` asks it to stop, `kill('SIGKILL')` ends it now. */
export interface RunningAttempt {
  /** Resolves when the attempt is RUNNING (the container started); rejects when it could not start. */
  started: Promise<void>
  exit: Promise<AttemptExit>
  kill(signal: 'SIGTERM' | 'SIGKILL'): void
}

export interface Executor {
  readonly name: ExecutorName
  /** Why this executor cannot run here (e.g. no Docker engine), or undefined when it can. */
  unavailable?(): Promise<string | undefined>
  start(spec: AttemptSpec): RunningAttempt
}

/** Splits written chunks into lines; `flush` emits a last unterminated line. */
export function lineSplitter(emit: (line: string) => void): { write(chunk: string | Buffer): void; flush(): void } {
  let rest = ''
  return {
    write(chunk) {
      rest += chunk.toString()
      let i: number
      while ((i = rest.indexOf('\n')) >= 0) { emit(rest.slice(0, i).replace(/\r$/, '')); rest = rest.slice(i + 1) }
    },
    flush() { if (rest) { emit(rest); rest = '' } },
  }
}

/** 128 + signal number, as a container's exit code reports a signal. */
export const SIGNAL_EXIT: Record<string, number> = { SIGTERM: 143, SIGKILL: 137, SIGINT: 130, SIGHUP: 129 }

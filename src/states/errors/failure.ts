// What a failing state hands to Retry, Catch and finally ExecutionFailed: AWS's error and cause.
import { scopedCause, StatesError } from '../data/index.ts'

/** A state's failure; `error`/`cause` are absent when AWS reports none (a bare Fail state). */
export class StateFailure extends Error {
  constructor(
    readonly error: string | undefined,
    readonly causeText: string | undefined,
    /** the state-scoped original, for EvaluationFailed's location */
    readonly source?: StatesError,
  ) {
    super(`${error ?? 'no error'}: ${causeText ?? ''}`)
    this.name = 'StateFailure'
  }
}

/** Thrown into running steps when the execution is stopped or timed out: never caught by Catch. */
export class ExecutionInterrupted extends Error {
  constructor(readonly status: 'ABORTED' | 'TIMED_OUT' | 'FAILED', readonly error?: string, readonly causeText?: string) {
    super(status === 'ABORTED' ? 'execution aborted' : status === 'TIMED_OUT' ? 'execution timed out' : 'execution failed')
    this.name = 'ExecutionInterrupted'
  }
}

/** Any thrown value as a StateFailure of the state `name` entered at event `enteredId`. */
export function toFailure(e: unknown, name: string, enteredId: number): StateFailure {
  if (e instanceof StateFailure) return e
  if (e instanceof StatesError) return new StateFailure(e.error, scopedCause(e, name, enteredId), e)
  const message = e instanceof Error ? e.message : String(e)
  return new StateFailure('States.Runtime', `An error occurred while executing the state '${name}' (entered at the event id #${enteredId}). ${message}`)
}

/** Errors that `States.ALL` does not catch or retry; they can still be named explicitly. */
const NOT_IN_ALL = new Set(['States.Runtime', 'States.DataLimitExceeded'])

/** Whether a Retry/Catch `ErrorEquals` list covers `error`. */
export function errorMatches(errorEquals: string[], error: string | undefined): boolean {
  const name = error ?? ''
  for (const e of errorEquals) {
    if (e === name) return true
    if (e === 'States.ALL' && !NOT_IN_ALL.has(name)) return true
    if (e === 'States.TaskFailed' && name !== 'States.Timeout' && !NOT_IN_ALL.has(name)) return true
  }
  return false
}

/** An Amazon States Language error: `error` is AWS's name, `cause` AWS's message text. */
export class StatesError extends Error {
  readonly error: string
  override readonly cause: string
  /** AWS prefixes the cause with "An error occurred while executing the state …" for state-scoped errors. */
  readonly scoped: boolean

  constructor(error: string, cause: string, options: { scoped?: boolean } = {}) {
    super(`${error}: ${cause}`)
    this.name = 'StatesError'
    this.error = error
    this.cause = cause
    this.scoped = options.scoped ?? true
  }
}

/** The cause as AWS reports it in `ExecutionFailed`, with the state prefix when the error is state-scoped. */
export function scopedCause(err: StatesError, stateName: string, enteredEventId: number): string {
  if (!err.scoped) return err.cause
  return `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${err.cause}`
}

export const runtimeError = (cause: string): StatesError => new StatesError('States.Runtime', cause)

export const queryEvaluationError = (cause: string): StatesError =>
  new StatesError('States.QueryEvaluationError', cause)

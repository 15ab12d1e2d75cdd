// History events with AWS's type names and detail fields (botocore `HistoryEvent`).

export const HISTORY_EVENT_TYPES = [
  'ActivityFailed', 'ActivityScheduled', 'ActivityScheduleFailed', 'ActivityStarted', 'ActivitySucceeded',
  'ActivityTimedOut', 'ChoiceStateEntered', 'ChoiceStateExited', 'ExecutionAborted', 'ExecutionFailed',
  'ExecutionStarted', 'ExecutionSucceeded', 'ExecutionTimedOut', 'FailStateEntered', 'LambdaFunctionFailed',
  'LambdaFunctionScheduled', 'LambdaFunctionScheduleFailed', 'LambdaFunctionStarted', 'LambdaFunctionStartFailed',
  'LambdaFunctionSucceeded', 'LambdaFunctionTimedOut', 'MapIterationAborted', 'MapIterationFailed',
  'MapIterationStarted', 'MapIterationSucceeded', 'MapStateAborted', 'MapStateEntered', 'MapStateExited',
  'MapStateFailed', 'MapStateStarted', 'MapStateSucceeded', 'ParallelStateAborted', 'ParallelStateEntered',
  'ParallelStateExited', 'ParallelStateFailed', 'ParallelStateStarted', 'ParallelStateSucceeded',
  'PassStateEntered', 'PassStateExited', 'SucceedStateEntered', 'SucceedStateExited', 'TaskFailed',
  'TaskScheduled', 'TaskStarted', 'TaskStartFailed', 'TaskStateAborted', 'TaskStateEntered', 'TaskStateExited',
  'TaskSubmitFailed', 'TaskSubmitted', 'TaskSucceeded', 'TaskTimedOut', 'WaitStateAborted', 'WaitStateEntered',
  'WaitStateExited', 'MapRunAborted', 'MapRunFailed', 'MapRunStarted', 'MapRunSucceeded', 'ExecutionRedriven',
  'MapRunRedriven', 'EvaluationFailed',
] as const

export type HistoryEventType = (typeof HISTORY_EVENT_TYPES)[number]

export interface HistoryEvent {
  id: number
  previousEventId: number
  timestamp: string
  type: HistoryEventType
  /** Exactly one `<type>EventDetails` member (or none), named as AWS names it. */
  [details: string]: unknown
}

/** An event's place in a run, as recovery and redrive match it: the state visit, the type, the visit's n-th event. */
export const eventKey = (visit: string, type: string, seq: number): string => `${visit}|${type}|${seq}`

/** The details of a state's entered (`entered`) or exited event: its name and its input or output text. */
export function stateDetails(entered: boolean, name: string, text: string): Record<string, unknown> {
  return entered ? { name, input: text, inputDetails: { truncated: false } } : { name, output: text, outputDetails: { truncated: false } }
}

/** The member AWS stores an event's details under: every `…StateEntered` shares `stateEnteredEventDetails`. */
export function detailsKey(type: HistoryEventType): string {
  let key = detailKeys.get(type)
  if (key === undefined) {
    if (type.endsWith('StateEntered')) key = 'stateEnteredEventDetails'
    else if (type.endsWith('StateExited')) key = 'stateExitedEventDetails'
    else key = type[0]!.toLowerCase() + type.slice(1) + 'EventDetails'
    detailKeys.set(type, key)
  }
  return key
}
const detailKeys = new Map<string, string>()

/**
 * Where an execution's events go. `key` identifies the event's place in the run (frame, state visit,
 * attempt) so that recovery and redrive can tell which events already happened.
 */
export interface HistorySink {
  /** `visit` and `seq` are the key's parts (`<visit>|<type>|<seq>`) when the engine wrote the key */
  append(event: HistoryEvent, key: string, meta?: EventMeta, visit?: string, seq?: number): void
  /**
   * A state's entered (`entered`) or exited event given as its parts, for a sink that stores them
   * without the event object: details `{name, input|output: text, …Details: {truncated: false}}`,
   * key `<visit>|<type>|<seq>`, meta `{next}` when `next` is set.
   */
  appendState?(id: number, previousEventId: number, timestamp: string, type: HistoryEventType, visit: string, seq: number, entered: boolean, name: string, text: string, next: string | undefined): void
  /** whether the sink needs event keys (a durable store: recovery and redrive match on them) */
  readonly keyed?: boolean
  /** makes every appended event durable; the engine calls it before anything leaves it */
  flush?(): void
}

/** What recovery needs beyond AWS's fields: the state a visit went to next. */
export interface EventMeta {
  next?: string
}

/** Keeps events in memory (`states exec`, tests, benchmarks). */
export class MemoryHistory implements HistorySink {
  readonly events: HistoryEvent[] = []
  append(event: HistoryEvent): void {
    this.events.push(event)
  }
}

/** Discards details, keeps only the types: the cheapest sink. */
export class TypeOnlyHistory implements HistorySink {
  readonly types: HistoryEventType[] = []
  append(event: HistoryEvent): void {
    this.types.push(event.type)
  }
}

/** AWS stores inputs and outputs as JSON text. */
export const jsonText = (v: unknown): string => JSON.stringify(v === undefined ? null : v)

// One execution: its events, its clock, its abort switch and its outcome. The walk over states is
// in lifecycle.ts; this file owns what every state shares.
import { randomUUID } from 'node:crypto'
import type { Clock } from './clock.ts'
import type { CompiledMachine } from './compile.ts'
import { rootVariables, type Variables } from './data/index.ts'
import { ExecutionInterrupted, StateFailure } from './errors/failure.ts'
import { rootFrame, type Frame, type Visit } from './frame.ts'
import { detailsKey, eventKey, jsonText, stateDetails, type EventMeta, type HistoryEvent, type HistoryEventType, type HistorySink } from './history.ts'
import type { IntegrationRegistry } from './integrations/registry.ts'
import type { TaskTokens } from './integrations/tokens.ts'
import type { MockResolver } from './mock-config.ts'
import type { Recorded } from './replay.ts'

export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const
export type ExecutionStatus = typeof EXECUTION_STATUSES[number]

export interface ExecutionResult {
  status: ExecutionStatus
  output?: unknown
  error?: string
  cause?: string
}

export interface ExecutionOptions {
  machine: CompiledMachine
  executionArn: string
  stateMachineArn: string
  name: string
  input: unknown
  clock: Clock
  history: HistorySink
  /** whether the sink wants details (input/output text); without them events are cheaper */
  details?: boolean
  integrations: IntegrationRegistry
  tokens: TaskTokens
  roleArn?: string
  region?: string
  /** extra or overriding context-object members (`Execution`, `StateMachine`), as `states exec` gives them */
  context?: Record<string, unknown>
  startTime?: number
  /** when the machine's TimeoutSeconds started counting (a redrive restarts it) */
  timeoutFrom?: number
  redriveCount?: number
  random?: () => number
  uuid?: () => string
  mock?: MockResolver
  /** events already in the store, by key (recovery and redrive): they are not written again */
  recorded?: Recorded
  nextEventId?: number
  /** extra items readers/writers for Map ItemReader/ResultWriter */
  objects?: ObjectAccess
  /** AWS fails a Standard execution whose history passes 25,000 events; benchmarks lift the cap */
  maxHistoryEvents?: number
}

export const MAX_HISTORY_EVENTS = 25_000

/** What Map's ItemReader and ResultWriter need from the object store (given by the composition). */
export interface ObjectAccess {
  getObject(bucket: string, key: string): Promise<string>
  putObject(bucket: string, key: string, body: string): Promise<void>
  listObjects?(bucket: string, prefix: string): Promise<Array<{ Key: string; Size: number; LastModified?: string; ETag?: string }>>
}

export class Execution {
  readonly opts: ExecutionOptions
  readonly clock: Clock
  readonly random: () => number
  readonly uuid: () => string
  readonly intrinsics: { random: () => number; uuid: () => string }
  readonly controller = new AbortController()
  readonly root: Frame
  status: ExecutionStatus = 'RUNNING'
  result?: ExecutionResult
  private nextId: number
  private readonly details: boolean
  private readonly keyed: boolean
  private readonly baseContext: Record<string, unknown>
  private mockCalls = new Map<string, number>()
  /** the execution-level events' visit */
  readonly execVisit: Visit = { key: 'exec', seq: 0 }

  constructor(opts: ExecutionOptions) {
    this.opts = opts
    this.clock = opts.clock
    this.random = opts.random ?? Math.random
    this.uuid = opts.uuid ?? randomUUID
    this.intrinsics = { random: this.random, uuid: this.uuid }
    this.nextId = opts.nextEventId ?? 1
    this.details = opts.details ?? true
    this.keyed = opts.recorded !== undefined || opts.history.keyed === true
    const start = opts.startTime ?? opts.clock.now()
    const given = opts.context ?? {}
    const givenExecution = (given.Execution ?? {}) as Record<string, unknown>
    const givenMachine = (given.StateMachine ?? {}) as Record<string, unknown>
    this.baseContext = {
      ...given,
      Execution: {
        Id: opts.executionArn,
        Input: opts.input,
        Name: opts.name,
        RoleArn: opts.roleArn ?? 'arn:aws:iam::123456789012:role/rsqlflow-local',
        StartTime: new Date(start).toISOString(),
        RedriveCount: opts.redriveCount ?? 0,
        ...givenExecution,
      },
      StateMachine: {
        Id: opts.stateMachineArn,
        Name: opts.stateMachineArn.split(':').pop(),
        ...givenMachine,
      },
    }
    const vars: Variables = rootVariables()
    this.root = rootFrame(vars, this.controller.signal)
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  get region(): string {
    return this.opts.region ?? 'us-east-1'
  }

  /** Appends an event (unless recovery/redrive finds it already written) and returns its id. */
  emit(frame: Frame, visit: Visit, type: HistoryEventType, details?: () => Record<string, unknown>, meta?: EventMeta, side = false): number {
    if (frame.silent) return 0
    const seq = visit.seq++
    const key = this.keyed ? eventKey(visit.key, type, seq) : ''
    const recorded = this.opts.recorded?.events.get(key)
    if (recorded) {
      if (!side) frame.prev = recorded.id
      return recorded.id
    }
    const id = this.nextId++
    const event: HistoryEvent = { id, previousEventId: frame.prev, timestamp: this.iso(this.clock.now()), type }
    if (this.details && details) event[detailsKey(type)] = details()
    // a side event (AWS: MapIterationSucceeded, MapStateSucceeded) is not what the next event follows
    if (!side) frame.prev = id
    this.opts.history.append(event, key, meta, visit.key, seq)
    return id
  }

  /**
   * A state's entered (`entered`) or exited event with the usual details (name, input/output text):
   * handed to the sink as parts when it takes them, which spares building objects per event.
   */
  emitState(frame: Frame, visit: Visit, type: HistoryEventType, entered: boolean, name: string, text: () => string, next?: string): number {
    const sink = this.opts.history
    if (sink.appendState === undefined || frame.silent || !this.details || this.opts.recorded !== undefined) {
      return this.emit(frame, visit, type, () => stateDetails(entered, name, text()), next !== undefined ? { next } : undefined)
    }
    const seq = visit.seq++
    const id = this.nextId++
    sink.appendState(id, frame.prev, this.iso(this.clock.now()), type, visit.key, seq, entered, name, text(), next)
    frame.prev = id
    return id
  }

  /** When the visit's entered event was written: now, or its stored time when recovering. */
  enteredTime(visit: Visit, type: HistoryEventType): number {
    const hit = this.opts.recorded?.events.get(eventKey(visit.key, type, visit.seq))
    return hit ? Date.parse(hit.event.timestamp) : this.clock.now()
  }

  /** Whether the next event of `type` in this visit was written before (a task in flight at a crash). */
  isRecorded(visit: Visit, type: HistoryEventType): boolean {
    return this.opts.recorded?.events.has(eventKey(visit.key, type, visit.seq)) ?? false
  }

  private lastValue: unknown = undefined
  private lastText = 'null'

  /** JSON text of a payload; a state's output is usually the next state's input, so the last is kept. */
  text(value: unknown): string {
    if (value !== this.lastValue || typeof value !== 'object' || value === null) {
      this.lastValue = value
      this.lastText = jsonText(value)
    }
    return this.lastText
  }

  private lastMs = NaN
  private lastIso = ''

  /** ISO text of a clock reading, cached: on a virtual clock many events share one instant. */
  iso(ms: number): string {
    if (ms !== this.lastMs) {
      this.lastMs = ms
      this.lastIso = new Date(ms).toISOString()
    }
    return this.lastIso
  }

  /** `$$` for a state: the execution's members plus State (and Map.Item, Task.Token when set). */
  contextFor(name: string, enteredTime: number, retryCount: number, frame: Frame, retryable: boolean, token?: string): Record<string, unknown> {
    const state: Record<string, unknown> = { Name: name, EnteredTime: this.iso(enteredTime) }
    // AWS shows RetryCount only in states that can retry
    if (retryable) state.RetryCount = retryCount
    const c: Record<string, unknown> = { ...this.baseContext, State: state }
    if (frame.item) c.Map = { Item: frame.item }
    if (token !== undefined) c.Task = { Token: token }
    return c
  }

  /** Sleeps on the execution clock; a stop or a sibling's failure interrupts. */
  async sleep(frame: Frame, ms: number): Promise<void> {
    this.opts.history.flush?.()
    frame.onBlock?.()
    await this.clock.sleep(ms, frame.signal)
  }

  /** The mocked response for a Task state, counting calls per state as Step Functions Local does. */
  mockResponse(stateName: string): ReturnType<MockResolver> {
    if (!this.opts.mock) return undefined
    const n = this.mockCalls.get(stateName) ?? 0
    this.mockCalls.set(stateName, n + 1)
    return this.opts.mock(stateName, n)
  }

  /** The 25,000-event quota: past it the execution fails (not catchable), as on AWS. */
  checkHistoryQuota(): void {
    const max = this.opts.maxHistoryEvents ?? MAX_HISTORY_EVENTS
    if (this.nextId - 1 >= max) {
      throw new ExecutionInterrupted('FAILED', 'States.Runtime', `The execution reached the maximum number of history events (${max}).`)
    }
  }

  /** Makes the history durable before a side effect (a task call) leaves the engine. */
  flush(): void {
    this.opts.history.flush?.()
  }

  /** Stops the run: running tasks see their signal aborted; the execution ends ABORTED. */
  stop(error?: string, cause?: string): void {
    if (this.status !== 'RUNNING') return
    this.controller.abort(new ExecutionInterrupted('ABORTED', error, cause))
  }

  timeOut(): void {
    if (this.status !== 'RUNNING') return
    this.controller.abort(new ExecutionInterrupted('TIMED_OUT', 'States.Timeout', 'The execution timed out'))
  }

  finish(result: ExecutionResult): ExecutionResult {
    this.status = result.status
    this.result = result
    const v = this.execVisit
    const f = this.root
    if (result.status === 'SUCCEEDED') {
      this.emit(f, v, 'ExecutionSucceeded', () => ({ output: this.text(result.output), outputDetails: { truncated: false } }))
    } else if (result.status === 'FAILED') {
      this.emit(f, v, 'ExecutionFailed', () => errorDetails(result.error, result.cause))
    } else if (result.status === 'ABORTED') {
      this.emit(f, v, 'ExecutionAborted', () => errorDetails(result.error, result.cause))
    } else if (result.status === 'TIMED_OUT') {
      this.emit(f, v, 'ExecutionTimedOut', () => errorDetails(result.error, result.cause))
    }
    return result
  }

  started(): void {
    this.emitStarted()
    // AWS: the first state's entered event points at 0, not at ExecutionStarted
    this.root.prev = 0
  }

  private emitStarted(): void {
    this.emit(this.root, this.execVisit, 'ExecutionStarted', () => ({
      input: jsonText(this.opts.input),
      inputDetails: { truncated: false },
      roleArn: (this.baseContext.Execution as Record<string, unknown>).RoleArn,
    }))
  }

  failureResult(e: unknown): ExecutionResult {
    if (e instanceof ExecutionInterrupted) return { status: e.status, error: e.error, cause: e.causeText }
    if (e instanceof StateFailure) return { status: 'FAILED', error: e.error, cause: e.causeText }
    return { status: 'FAILED', error: 'States.Runtime', cause: e instanceof Error ? e.message : String(e) }
  }
}

export function errorDetails(error: string | undefined, cause: string | undefined): Record<string, unknown> {
  const d: Record<string, unknown> = {}
  if (error !== undefined) d.error = error
  if (cause !== undefined) d.cause = cause
  return d
}

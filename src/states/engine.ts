// The engine: starts executions of compiled machines, keeps task tokens, stops and awaits runs.
// Persistence is a HistorySink plus the store (see durable.ts); this file is the in-memory core.
import type { Clock } from './clock.ts'
import { systemClock } from './clock.ts'
import { compile, type CompiledMachine } from './compile.ts'
import { Execution, type ExecutionOptions, type ExecutionResult, type ObjectAccess } from './execution.ts'
import { MemoryHistory, type HistorySink } from './history.ts'
import { defaultIntegrations, type IntegrationRegistry } from './integrations/registry.ts'
import { TaskTokens } from './integrations/tokens.ts'
import { runMachine } from './lifecycle.ts'
import type { MockResolver } from './mock-config.ts'

export interface EngineOptions {
  clock?: Clock
  integrations?: IntegrationRegistry
  region?: string
  account?: string
  objects?: ObjectAccess
  /** history quota per execution (AWS: 25,000 events, the default) */
  maxHistoryEvents?: number
}

export interface StartOptions {
  definition?: unknown
  machine?: CompiledMachine
  stateMachineName: string
  name?: string
  input?: unknown
  history?: HistorySink
  details?: boolean
  context?: Record<string, unknown>
  mock?: MockResolver
  random?: () => number
  uuid?: () => string
  /** overrides for recovery/redrive (durable.ts) */
  extra?: Partial<ExecutionOptions>
}

export interface RunningExecution {
  executionArn: string
  execution: Execution
  done: Promise<ExecutionResult>
}

export class StatesEngine {
  readonly clock: Clock
  readonly integrations: IntegrationRegistry
  readonly tokens = new TaskTokens()
  readonly region: string
  readonly account: string
  readonly objects?: ObjectAccess
  readonly maxHistoryEvents?: number
  private running = new Map<string, RunningExecution>()

  constructor(options: EngineOptions = {}) {
    this.clock = options.clock ?? systemClock
    this.integrations = options.integrations ?? defaultIntegrations
    this.region = options.region ?? 'us-east-1'
    this.account = options.account ?? '123456789012'
    this.objects = options.objects
    this.maxHistoryEvents = options.maxHistoryEvents
  }

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.region}:${this.account}:stateMachine:${name}`
  }

  executionArn(stateMachine: string, name: string): string {
    return `arn:aws:states:${this.region}:${this.account}:execution:${stateMachine}:${name}`
  }

  start(o: StartOptions): RunningExecution {
    const machine = o.machine ?? compile(o.definition)
    const name = o.name ?? crypto.randomUUID()
    const executionArn = this.executionArn(o.stateMachineName, name)
    const ex = new Execution({
      machine,
      executionArn,
      stateMachineArn: this.stateMachineArn(o.stateMachineName),
      name,
      input: o.input ?? {},
      clock: this.clock,
      history: o.history ?? new MemoryHistory(),
      details: o.details,
      integrations: this.integrations,
      tokens: this.tokens,
      region: this.region,
      context: o.context,
      mock: o.mock,
      random: o.random,
      uuid: o.uuid,
      objects: this.objects,
      maxHistoryEvents: this.maxHistoryEvents,
      ...o.extra,
    })
    const done = runExecution(ex).finally(() => this.running.delete(executionArn))
    const running = { executionArn, execution: ex, done }
    this.running.set(executionArn, running)
    return running
  }

  /** Starts and awaits one execution. */
  async run(o: StartOptions): Promise<ExecutionResult> {
    return this.start(o).done
  }

  get(executionArn: string): RunningExecution | undefined {
    return this.running.get(executionArn)
  }

  /** StopExecution: aborts running tasks; the execution ends ABORTED. */
  stop(executionArn: string, error?: string, cause?: string): boolean {
    const r = this.running.get(executionArn)
    if (!r) return false
    r.execution.stop(error, cause)
    return true
  }

  sendTaskSuccess(token: string, output: unknown): void {
    this.tokens.sendTaskSuccess(token, output)
  }

  sendTaskFailure(token: string, error?: string, cause?: string): void {
    this.tokens.sendTaskFailure(token, error, cause)
  }

  sendTaskHeartbeat(token: string): void {
    this.tokens.sendTaskHeartbeat(token)
  }

  /** Resolves when every running execution has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()].map((r) => r.done))
  }
}

/** Walks the machine from StartAt; the execution-level TimeoutSeconds ends it TIMED_OUT. */
export async function runExecution(ex: Execution): Promise<ExecutionResult> {
  const machine = ex.opts.machine
  if (!ex.opts.recorded || !ex.opts.recorded.events.has('exec|ExecutionStarted|0')) ex.started()
  else ex.emit(ex.root, ex.execVisit, 'ExecutionStarted')
  const timer = new AbortController()
  if (machine.timeoutSeconds !== undefined) {
    const elapsed = ex.clock.now() - (ex.opts.timeoutFrom ?? ex.opts.startTime ?? ex.clock.now())
    ex.clock.sleep(machine.timeoutSeconds * 1000 - elapsed, timer.signal).then(() => ex.timeOut(), () => {})
  }
  try {
    const output = await runMachine(ex, ex.root, machine, ex.opts.input)
    return ex.finish({ status: 'SUCCEEDED', output })
  } catch (e) {
    return ex.finish(ex.failureResult(e))
  } finally {
    timer.abort()
  }
}

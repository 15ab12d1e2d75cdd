// The Step Functions API over the durable store: state machines, StartExecution, DescribeExecution,
// ListExecutions, GetExecutionHistory (paged), StopExecution, RedriveExecution, and recovery of
// executions that were running when the process died.
import { definitionHash, ExecutionTables, ownerAlive, thisProcess, type ExecutionRow, type Store } from '../store/index.ts'
import { compile, type CompiledMachine } from './compile.ts'
import { validateDefinition } from './data/index.ts'
import { StatesEngine, type EngineOptions } from './engine.ts'
import type { ExecutionResult } from './execution.ts'
import type { EventMeta, HistoryEvent } from './history.ts'
import type { MockResolver } from './mock-config.ts'
import { buildRecorded } from './replay.ts'
import { StoreHistory } from './store-history.ts'

/** An API error with AWS's code (`ExecutionDoesNotExist`, …) and a message in PostgreSQL's style. */
export class StatesApiError extends Error {
  constructor(readonly code: string, message: string) {
    super(message)
    this.name = 'StatesApiError'
  }
}

export interface ServiceOptions extends EngineOptions {
  /** every event as it is stored (live views) */
  onEvent?: (executionArn: string, event: HistoryEvent) => void
}

export interface DescribeExecution {
  executionArn: string
  stateMachineArn: string
  name: string
  status: string
  startDate: string
  stopDate?: string
  input: string
  output?: string
  error?: string
  cause?: string
  redriveCount: number
  redriveDate?: string
  redriveStatus: 'REDRIVABLE' | 'NOT_REDRIVABLE'
  redriveStatusReason?: string
}

const REDRIVABLE = new Set(['FAILED', 'TIMED_OUT', 'ABORTED'])
// AWS's rule for state machine and execution names: 1 to 80 characters, none of them whitespace, brackets,
// wildcards, control characters, surrogates, noncharacters or one of " # % \ ^ | ~ ` $ & , ; : / (so `a.b` is a name)
const NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f\ufffe\uffff\ud800-\udfff]{1,80}$/u

/** Whether `name` is a state machine or execution name AWS accepts. */
export function isStatesName(name: string): boolean {
  return NAME.test(name)
}

export class StatesService {
  readonly engine: StatesEngine
  readonly tables: ExecutionTables
  /** compiled definitions by content hash: parse once, run many */
  private machines = new Map<string, CompiledMachine>()

  constructor(readonly store: Store, readonly options: ServiceOptions = {}) {
    this.engine = new StatesEngine(options)
    this.tables = new ExecutionTables(store.db)
  }

  createStateMachine(name: string, definition: unknown, o: { roleArn?: string; type?: 'STANDARD' | 'EXPRESS' } = {}): { stateMachineArn: string } {
    if (!isStatesName(name)) throw new StatesApiError('InvalidName', `invalid state machine name: ${JSON.stringify(name)}`)
    const problems = validateDefinition(definition)
    if (problems.length > 0) {
      throw new StatesApiError('InvalidDefinition', problems.map((p) => `${p.pointer || '/'}: ${p.message}`).join('; '))
    }
    const now = new Date(this.engine.clock.now()).toISOString()
    const arn = this.engine.stateMachineArn(name)
    const text = JSON.stringify(definition)
    this.tables.putStateMachine({ name, arn, definition: text, definition_hash: definitionHash(text), type: o.type ?? 'STANDARD', role_arn: o.roleArn ?? null, created_at: now, updated_at: now })
    return { stateMachineArn: arn }
  }

  describeStateMachine(name: string) {
    const row = this.tables.getStateMachine(nameOf(name))
    if (!row) throw new StatesApiError('StateMachineDoesNotExist', `state machine does not exist: ${name}`)
    return { stateMachineArn: row.arn, name: row.name, definition: row.definition, type: row.type, roleArn: row.role_arn, creationDate: row.created_at }
  }

  listStateMachines() {
    return this.tables.listStateMachines().map((r) => ({ stateMachineArn: r.arn, name: r.name, type: r.type, creationDate: r.created_at }))
  }

  startExecution(stateMachine: string, o: { name?: string; input?: unknown; mock?: MockResolver } = {}): { executionArn: string; startDate: string } {
    const sm = this.tables.getStateMachine(nameOf(stateMachine))
    if (!sm) throw new StatesApiError('StateMachineDoesNotExist', `state machine does not exist: ${stateMachine}`)
    const name = o.name ?? crypto.randomUUID()
    if (!isStatesName(name)) throw new StatesApiError('InvalidName', `invalid execution name: ${JSON.stringify(name)}`)
    const executionArn = this.engine.executionArn(sm.name, name)
    const input = o.input === undefined ? {} : o.input
    const existing = this.tables.getExecution(executionArn)
    if (existing) {
      // StartExecution is idempotent on name + input while the execution runs
      if (existing.status === 'RUNNING' && existing.input === JSON.stringify(input)) return { executionArn, startDate: existing.start_date }
      throw new StatesApiError('ExecutionAlreadyExists', `execution already exists: ${executionArn}`)
    }
    const startDate = new Date(this.engine.clock.now()).toISOString()
    this.tables.insertExecution({ arn: executionArn, state_machine: sm.name, name, status: 'RUNNING', input: JSON.stringify(input), start_date: startDate, definition_hash: sm.definition_hash, options: null })
    this.launch(this.tables.getExecution(executionArn)!, { mock: o.mock })
    return { executionArn, startDate }
  }

  private compiled(hash: string): CompiledMachine {
    let machine = this.machines.get(hash)
    if (!machine) {
      const text = this.tables.getDefinition(hash)
      if (text === undefined) throw new StatesApiError('StateMachineDoesNotExist', `the definition ${hash.slice(0, 12)} of an execution is missing from the store`)
      machine = compile(JSON.parse(text), { validate: false })
      this.machines.set(hash, machine)
    }
    return machine
  }

  /** Runs (or resumes) a stored execution in this process. */
  private launch(row: ExecutionRow, o: { mock?: MockResolver; resume?: boolean }): void {
    const stored = o.resume ? this.tables.events(row.arn) : []
    const recorded = o.resume
      ? buildRecorded(stored.map((r) => ({ key: r.key, event: r.event as HistoryEvent, meta: r.meta as EventMeta | undefined })))
      : undefined
    this.engine.start({
      machine: this.compiled(row.definition_hash),
      stateMachineName: row.state_machine,
      name: row.name,
      input: JSON.parse(row.input),
      history: new StoreHistory(this.tables, row.arn, this.options.onEvent),
      details: true,
      mock: o.mock,
      extra: {
        startTime: Date.parse(row.start_date),
        timeoutFrom: Date.parse(row.redrive_date ?? row.start_date),
        redriveCount: row.redrive_count,
        recorded,
        nextEventId: stored.length > 0 ? stored[stored.length - 1]!.event.id + 1 : 1,
      },
    })
  }

  describeExecution(executionArn: string): DescribeExecution {
    const r = this.row(executionArn)
    const d: DescribeExecution = {
      executionArn: r.arn,
      stateMachineArn: this.engine.stateMachineArn(r.state_machine),
      name: r.name,
      status: r.status,
      startDate: r.start_date,
      input: r.input,
      redriveCount: r.redrive_count,
      redriveStatus: REDRIVABLE.has(r.status) ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
    }
    if (r.stop_date) d.stopDate = r.stop_date
    if (r.output !== null) d.output = r.output
    if (r.error !== null) d.error = r.error
    if (r.cause !== null) d.cause = r.cause
    if (r.redrive_date) d.redriveDate = r.redrive_date
    if (!REDRIVABLE.has(r.status)) d.redriveStatusReason = `Execution is ${r.status} and cannot be redriven`
    return d
  }

  listExecutions(o: { stateMachine?: string; statusFilter?: string; maxResults?: number; nextToken?: string } = {}) {
    const limit = Math.min(Math.max(o.maxResults ?? 100, 1), 1000)
    const rows = this.tables.listExecutions({ stateMachine: o.stateMachine ? nameOf(o.stateMachine) : undefined, status: o.statusFilter, limit: limit + 1, before: o.nextToken ? decodeToken(o.nextToken) : undefined })
    const page = rows.slice(0, limit)
    const last = page[page.length - 1]
    return {
      executions: page.map((r) => ({ executionArn: r.arn, stateMachineArn: this.engine.stateMachineArn(r.state_machine), name: r.name, status: r.status, startDate: r.start_date, stopDate: r.stop_date ?? undefined, redriveCount: r.redrive_count })),
      nextToken: rows.length > limit && last ? encodeToken(last.start_date + last.arn) : undefined,
    }
  }

  getExecutionHistory(executionArn: string, o: { maxResults?: number; nextToken?: string; reverseOrder?: boolean } = {}) {
    this.row(executionArn)
    const limit = Math.min(Math.max(o.maxResults ?? 1000, 1), 1000)
    const from = o.nextToken ? Number(decodeToken(o.nextToken)) : o.reverseOrder ? Number.MAX_SAFE_INTEGER : 0
    const rows = this.tables.eventsPage(executionArn, from, limit + 1, o.reverseOrder)
    const page = rows.slice(0, limit)
    return {
      events: page.map((r) => r.event as HistoryEvent),
      nextToken: rows.length > limit ? encodeToken(String(page[page.length - 1]!.event.id)) : undefined,
    }
  }

  /** StopExecution: running tasks are aborted; an execution orphaned by a dead process is closed here. */
  stopExecution(executionArn: string, o: { error?: string; cause?: string } = {}): { stopDate: string } {
    const r = this.row(executionArn)
    if (r.status !== 'RUNNING') throw new StatesApiError('ExecutionNotRunning', `execution is not running: ${executionArn} is ${r.status}`)
    if (!this.engine.stop(executionArn, o.error, o.cause)) {
      const id = this.tables.lastEventId(executionArn) + 1
      const details: Record<string, unknown> = {}
      if (o.error !== undefined) details.error = o.error
      if (o.cause !== undefined) details.cause = o.cause
      new StoreHistory(this.tables, executionArn, this.options.onEvent).append(
        { id, previousEventId: id - 1, timestamp: new Date(this.engine.clock.now()).toISOString(), type: 'ExecutionAborted', executionAbortedEventDetails: details },
        'exec|ExecutionAborted|stop',
      )
    }
    return { stopDate: new Date(this.engine.clock.now()).toISOString() }
  }

  /** RedriveExecution: same ARN, resumes at the unsuccessful step; finished work is not rerun. */
  redriveExecution(executionArn: string): { redriveDate: string } {
    const r = this.row(executionArn)
    if (!REDRIVABLE.has(r.status)) throw new StatesApiError('ExecutionNotRedrivable', `execution cannot be redriven: ${executionArn} is ${r.status}`)
    if (this.engine.get(executionArn)) throw new StatesApiError('ExecutionNotRedrivable', `execution is still closing: ${executionArn}`)
    const redriveDate = new Date(this.engine.clock.now()).toISOString()
    const id = this.tables.lastEventId(executionArn) + 1
    const redriven: HistoryEvent = { id, previousEventId: id - 1, timestamp: redriveDate, type: 'ExecutionRedriven', executionRedrivenEventDetails: { redriveCount: r.redrive_count + 1 } }
    this.store.db.transaction(() => {
      // another process may have redriven it since the check above
      if (!this.tables.markRedriven(executionArn, redriveDate)) throw new StatesApiError('ExecutionNotRedrivable', `execution cannot be redriven: ${executionArn} is ${this.row(executionArn).status}`)
      this.tables.insertEvents(executionArn, [{ event: redriven, key: `exec|ExecutionRedriven|${r.redrive_count + 1}` }])
    })()
    this.options.onEvent?.(executionArn, redriven)
    this.launch(this.tables.getExecution(executionArn)!, { resume: true })
    return { redriveDate }
  }

  /** Resumes every execution the store shows RUNNING that no live process runs (after a crash); this process owns them then. */
  recover(): string[] {
    const resumed: string[] = []
    for (const row of this.tables.runningExecutions()) {
      if (this.engine.get(row.arn)) continue
      if (row.owner !== thisProcess() && ownerAlive(row.owner)) continue // another live process (`rsqlflow run`) drives it
      this.tables.claimExecution(row.arn)
      this.launch(row, { resume: true })
      resumed.push(row.arn)
    }
    return resumed
  }

  /** Resolves with the outcome once the execution is closed. */
  async waitFor(executionArn: string): Promise<ExecutionResult> {
    const running = this.engine.get(executionArn)
    if (running) await running.done
    const r = this.row(executionArn)
    return { status: r.status as ExecutionResult['status'], output: r.output === null ? undefined : JSON.parse(r.output), error: r.error ?? undefined, cause: r.cause ?? undefined }
  }

  sendTaskSuccess(token: string, output: unknown): void {
    this.engine.sendTaskSuccess(token, output)
  }

  sendTaskFailure(token: string, error?: string, cause?: string): void {
    this.engine.sendTaskFailure(token, error, cause)
  }

  sendTaskHeartbeat(token: string): void {
    this.engine.sendTaskHeartbeat(token)
  }

  private row(executionArn: string): ExecutionRow {
    const r = this.tables.getExecution(executionArn)
    if (!r) throw new StatesApiError('ExecutionDoesNotExist', `execution does not exist: ${executionArn}`)
    return r
  }
}

/** A state machine given by name or ARN. */
const nameOf = (nameOrArn: string) => (nameOrArn.startsWith('arn:') ? nameOrArn.split(':').pop()! : nameOrArn)
const encodeToken = (s: string) => Buffer.from(s).toString('base64url')
const decodeToken = (s: string) => Buffer.from(s, 'base64url').toString()

import { createHash } from 'node:crypto'
import { TaskError, sdkMetadata } from './errors.ts'
import type { IntegrationOptions, TaskInvocation } from './types.ts'

/** Registration options: a `.sync` task in flight at a crash waits for the execution it started. */
export const statesStartExecutionOptions: IntegrationOptions = { recovery: 'reattach' }

/**
 * A nested execution without a Name gets one derived from the task attempt's key (UUID-shaped, as
 * AWS's generated names are), so the attempt starts it once even across a crash.
 */
export function executionNameFor(taskKey: string): string {
  const h = createHash('sha256').update(taskKey).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

/** A nested execution as DescribeExecution returns it (Input/Output are JSON text). */
export interface ExecutionDescription {
  executionArn: string
  stateMachineArn: string
  name: string
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | string
  startDate: number | Date
  stopDate?: number | Date
  input?: string
  output?: string
  error?: string
  cause?: string
}

/** What the integration needs of the states engine (the composition adapts the states door to it). */
export interface NestedExecutions {
  /** With `reattach`, an execution of that name and input that exists already (started before a crash) is the answer. */
  startExecution(req: { stateMachineArn: string; name?: string; input?: string; parentExecutionArn?: string; reattach?: boolean }): Promise<{ executionArn: string; startDate: number | Date }>
  /** Resolves once the execution is no longer RUNNING; rejects with the signal's reason when aborted. */
  waitForExecution(executionArn: string, signal: AbortSignal): Promise<ExecutionDescription>
  stopExecution(executionArn: string, opts: { error?: string; cause?: string }): Promise<void>
}

const epochSeconds = (d: number | Date | undefined) => d === undefined ? undefined : (typeof d === 'number' ? d : d.getTime())

/**
 * `arn:aws:states:::states:startExecution`: request-response gives ExecutionArn and StartDate; `.sync` waits and
 * gives DescribeExecution with Output as a string; `.sync:2` gives Input and Output as JSON. A child that does not
 * succeed fails the task with States.TaskFailed and the description as the cause; aborting stops the child.
 */
export function statesStartExecution(states: NestedExecutions) {
  return async (task: TaskInvocation): Promise<unknown> => {
    const p = (task.parameters ?? {}) as { StateMachineArn?: string; Name?: string; Input?: unknown }
    if (!p.StateMachineArn) throw new TaskError('States.Runtime', 'the field StateMachineArn is required for states:startExecution')
    const input = p.Input === undefined ? '{}' : typeof p.Input === 'string' ? p.Input : JSON.stringify(p.Input)
    const name = p.Name ?? (task.taskKey !== undefined ? executionNameFor(task.taskKey) : undefined)
    const started = await states.startExecution({ stateMachineArn: p.StateMachineArn, name, input, parentExecutionArn: task.executionArn, reattach: task.reattach })
    const response = { ExecutionArn: started.executionArn, StartDate: epochSeconds(started.startDate), ...sdkMetadata() }
    if (task.resource.pattern !== 'sync' && task.resource.pattern !== 'sync:2') return response
    task.submitted?.(response)
    const onAbort = () => { states.stopExecution(started.executionArn, { error: 'States.Aborted', cause: 'the parent task was aborted' }).catch(() => {}) }
    task.signal.addEventListener('abort', onAbort, { once: true })
    let d: ExecutionDescription
    try { d = await states.waitForExecution(started.executionArn, task.signal) } finally { task.signal.removeEventListener('abort', onAbort) }
    const json = task.resource.pattern === 'sync:2'
    const parse = (s: string | undefined) => s === undefined ? undefined : json ? JSON.parse(s) : s
    const described: Record<string, unknown> = {
      ExecutionArn: d.executionArn, Input: parse(d.input ?? input), InputDetails: { Included: true }, Name: d.name,
      Output: parse(d.output), OutputDetails: d.output === undefined ? undefined : { Included: true },
      StartDate: epochSeconds(d.startDate), StateMachineArn: d.stateMachineArn, Status: d.status, StopDate: epochSeconds(d.stopDate),
      Error: d.error, Cause: d.cause,
    }
    for (const k of Object.keys(described)) if (described[k] === undefined) delete described[k]
    if (d.status !== 'SUCCEEDED') throw new TaskError('States.TaskFailed', JSON.stringify(described))
    return described
  }
}

/** The states door's service, as the nested-execution integration needs it. */
export interface StatesServiceLike {
  startExecution(stateMachine: string, o: { name?: string; input?: unknown }): { executionArn: string; startDate: string }
  waitFor(executionArn: string): Promise<unknown>
  describeExecution(executionArn: string): { executionArn: string; stateMachineArn: string; name: string; status: string; startDate: string; stopDate?: string; input: string; output?: string; error?: string; cause?: string }
  stopExecution(executionArn: string, o: { error?: string; cause?: string }): unknown
}

/** Adapts the states door's StatesService (by name or ARN, JSON input) to NestedExecutions. */
export function nestedExecutions(service: StatesServiceLike): NestedExecutions {
  return {
    async startExecution(req) {
      const input = req.input === undefined ? {} : JSON.parse(req.input)
      try {
        const r = service.startExecution(req.stateMachineArn, { name: req.name, input })
        return { executionArn: r.executionArn, startDate: Date.parse(r.startDate) }
      } catch (e) {
        const arn = req.reattach && req.name !== undefined ? executionArnOf(req.stateMachineArn, req.name) : undefined
        if (arn === undefined || (e as { code?: unknown }).code !== 'ExecutionAlreadyExists') throw e
        const d = service.describeExecution(arn)
        if (d.input !== JSON.stringify(input)) throw e
        return { executionArn: arn, startDate: Date.parse(d.startDate) }
      }
    },
    async waitForExecution(arn, signal) {
      await new Promise((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason)
        signal.addEventListener('abort', () => reject(signal.reason), { once: true })
        service.waitFor(arn).then(resolve, reject)
      })
      const d = service.describeExecution(arn)
      return { ...d, startDate: Date.parse(d.startDate), stopDate: d.stopDate ? Date.parse(d.stopDate) : undefined }
    },
    async stopExecution(arn, o) { service.stopExecution(arn, o) },
  }
}

/** arn:aws:states:<region>:<account>:stateMachine:<machine> → …:execution:<machine>:<name> */
function executionArnOf(stateMachineArn: string, name: string): string | undefined {
  const m = /^(arn:[^:]+:states:[^:]*:[^:]*):stateMachine:([^:]+)$/.exec(stateMachineArn)
  return m ? `${m[1]}:execution:${m[2]}:${name}` : undefined
}

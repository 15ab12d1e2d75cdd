import { TaskError, sdkMetadata } from './errors.ts'
import type { TaskInvocation } from './types.ts'

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
export interface StatesService {
  startExecution(req: { stateMachineArn: string; name?: string; input?: string; parentExecutionArn?: string }): Promise<{ executionArn: string; startDate: number | Date }>
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
export function statesStartExecution(states: StatesService) {
  return async (task: TaskInvocation): Promise<unknown> => {
    const p = (task.parameters ?? {}) as { StateMachineArn?: string; Name?: string; Input?: unknown }
    if (!p.StateMachineArn) throw new TaskError('States.Runtime', 'the field StateMachineArn is required for states:startExecution')
    const input = p.Input === undefined ? '{}' : typeof p.Input === 'string' ? p.Input : JSON.stringify(p.Input)
    const started = await states.startExecution({ stateMachineArn: p.StateMachineArn, name: p.Name, input, parentExecutionArn: task.executionArn })
    if (task.resource.pattern !== 'sync' && task.resource.pattern !== 'sync:2') {
      return { ExecutionArn: started.executionArn, StartDate: epochSeconds(started.startDate), ...sdkMetadata() }
    }
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

// What the graph shows of each state, derived from an execution's history alone: its status, the input and
// output of its last visit, its error, how many times it was retried and the Batch jobs it ran.
import type { HistoryEvent } from '../../states/index.ts'

export type StateStatus = 'running' | 'succeeded' | 'failed' | 'caught' | 'not-run'

export interface StateView {
  name: string
  status: StateStatus
  input?: string
  output?: string
  error?: string
  cause?: string
  /** stopped by a failure elsewhere (a sibling branch) or by StopExecution, rather than failing itself */
  aborted?: boolean
  /** attempts after the first (Retry) */
  retries: number
  /** visits (a state inside a Map runs once per item) */
  visits: number
  jobIds: string[]
}

const FAILURES = new Set([
  'TaskFailed', 'TaskTimedOut', 'TaskStartFailed', 'TaskSubmitFailed', 'ActivityFailed', 'ActivityTimedOut',
  'ActivityScheduleFailed', 'LambdaFunctionFailed', 'LambdaFunctionTimedOut', 'LambdaFunctionStartFailed',
  'LambdaFunctionScheduleFailed', 'ParallelStateFailed', 'MapStateFailed', 'MapRunFailed', 'EvaluationFailed',
  // a state stopped by a failure elsewhere (a sibling branch, StopExecution) did not succeed either
  'TaskStateAborted', 'WaitStateAborted', 'ParallelStateAborted', 'MapStateAborted', 'MapRunAborted',
])
const ATTEMPT_STARTS = new Set(['TaskScheduled', 'ActivityScheduled', 'LambdaFunctionScheduled'])
const EXECUTION_ENDS = new Set(['ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut'])

type Details = { name?: string; input?: string; output?: string; error?: string; cause?: string }
const details = (e: HistoryEvent): Details => {
  for (const [k, v] of Object.entries(e)) if (k.endsWith('EventDetails') && v && typeof v === 'object') return v as Details
  return {}
}

function lastIndex<T>(xs: T[], f: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (f(xs[i]!)) return i
  return -1
}

/** Finds the state an event belongs to: the nearest `…StateEntered` up its previousEventId chain. */
function owners(events: HistoryEvent[]): Map<number, string> {
  const byId = new Map(events.map(e => [e.id, e]))
  const owner = new Map<number, string>()
  // Parallel and Map report their end after their branches' events: they own it by kind, innermost open first
  const open: { kind: string; name: string }[] = []
  for (const e of events) {
    const kind = /^(Parallel|Map)State/.exec(e.type)?.[1]
    if (e.type.endsWith('StateEntered')) {
      owner.set(e.id, details(e).name ?? '')
      if (kind) open.push({ kind, name: details(e).name ?? '' })
      continue
    }
    if (e.type.endsWith('StateExited')) {
      owner.set(e.id, details(e).name ?? '')
      if (kind) {
        const i = lastIndex(open, o => o.name === details(e).name)
        if (i >= 0) open.splice(i, 1)
      }
      continue
    }
    if (kind || e.type.startsWith('MapRun')) {
      const i = lastIndex(open, x => x.kind === (kind ?? 'Map'))
      if (i >= 0) { owner.set(e.id, open[i]!.name); continue }
    }
    const prev = byId.get(e.previousEventId)
    // a state's own events follow its entry; an event after another state's exit starts something new
    if (prev && !prev.type.endsWith('StateExited')) {
      const o = owner.get(prev.id)
      if (o !== undefined) owner.set(e.id, o)
    }
  }
  return owner
}

/** Job IDs a Batch task's result or failure names (`.sync` output and cause carry the described job). */
function jobIdOf(text: string | undefined): string | undefined {
  if (!text) return undefined
  try {
    const v = JSON.parse(text) as { JobId?: unknown }
    return typeof v?.JobId === 'string' ? v.JobId : undefined
  } catch { return undefined }
}

/**
 * The view of every state the history touched. States never entered are absent (the graph shows them as
 * not run). `liveJobs` adds jobs the runtime reported while their task still runs (the history names a
 * `.sync` job only when it ends).
 */
export function deriveStates(events: HistoryEvent[], liveJobs: Record<string, string[]> = {}): Record<string, StateView> {
  const owner = owners(events)
  const states: Record<string, StateView> = {}
  const view = (name: string) => (states[name] ??= { name, status: 'running', retries: 0, visits: 0, jobIds: [] })
  const attempts = new Map<string, number>()
  for (const e of events) {
    const d = details(e)
    if (e.type.endsWith('StateEntered')) {
      const v = view(d.name ?? '')
      v.visits++
      v.status = 'running'
      v.input = d.input
      v.aborted = undefined
      attempts.set(v.name, 0)
      if (e.type === 'FailStateEntered') v.status = 'failed'
      continue
    }
    if (e.type.endsWith('StateExited')) {
      const v = view(d.name ?? '')
      v.status = v.status === 'failed' ? 'caught' : 'succeeded'
      v.output = d.output
      continue
    }
    if (EXECUTION_ENDS.has(e.type)) {
      for (const v of Object.values(states)) if (v.status === 'running') v.status = 'failed'
      continue
    }
    if (e.type === 'ExecutionRedriven') continue
    const name = owner.get(e.id)
    if (name === undefined) continue
    const v = view(name)
    if (ATTEMPT_STARTS.has(e.type)) {
      const n = (attempts.get(name) ?? 0) + 1
      attempts.set(name, n)
      if (n > 1) v.retries++
      v.status = 'running'
    }
    if (FAILURES.has(e.type)) {
      v.status = 'failed'
      if (e.type.endsWith('Aborted')) v.aborted = true
      if (d.error !== undefined || d.cause !== undefined) {
        v.error = d.error
        v.cause = d.cause
      }
    }
    const job = jobIdOf(d.output) ?? jobIdOf(d.cause)
    if (job && !v.jobIds.includes(job)) v.jobIds.push(job)
  }
  for (const [name, ids] of Object.entries(liveJobs)) {
    const v = states[name]
    if (v) for (const id of ids) if (!v.jobIds.includes(id)) v.jobIds.push(id)
  }
  return states
}

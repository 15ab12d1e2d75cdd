// StopExecution across processes. The process that owns a RUNNING execution (`rsqlflow run`, a redrive, the
// server) is the only one writing its history; another process that stops it records a stop request in the
// store, and the owner carries it out (its ExecutionAborted, its status), so the history has one writer. An
// execution whose owner died (a killed `run`) is closed by the process that stops it, as before.
import { ownerAlive, ownerPid, thisProcess } from '../store/index.ts'
import { StatesApiError, type StatesService } from '../states/index.ts'

export interface StopOutcome {
  stopDate: string
  /** the pid of the live process that ran the execution and stopped it on request */
  ownerPid?: number
}

export interface StopOptions {
  error?: string
  cause?: string
  /** how long to wait for a live owner to stop the execution (default 10 s) */
  timeoutMs?: number
}

/** Stops an execution: here when this process runs it or its owner is gone, otherwise through its live owner. */
export async function stopExecution(states: StatesService, executionArn: string, o: StopOptions = {}): Promise<StopOutcome> {
  const request = { error: o.error, cause: o.cause }
  const row = states.tables.getExecution(executionArn)
  if (!row || row.status !== 'RUNNING' || states.engine.get(executionArn) || row.owner === thisProcess() || !ownerAlive(row.owner)) {
    return states.stopExecution(executionArn, request)
  }
  const owner = row.owner!
  if (!states.tables.requestStop(executionArn, request)) return states.stopExecution(executionArn, request) // it has just ended
  const deadline = Date.now() + (o.timeoutMs ?? 10_000)
  for (;;) {
    await new Promise(r => setTimeout(r, 50))
    const now = states.tables.getExecution(executionArn)!
    if (now.status === 'ABORTED') return { stopDate: now.stop_date!, ownerPid: ownerPid(owner) }
    if (now.status !== 'RUNNING') throw new StatesApiError('ExecutionNotRunning', `execution is not running: ${executionArn} ended ${now.status} before its process (pid ${ownerPid(owner)}) stopped it`)
    if (now.owner !== owner) throw new StatesApiError('ExecutionNotRunning', `execution ${executionArn} was redriven by another process meanwhile`)
    if (!ownerAlive(owner)) return states.stopExecution(executionArn, request) // the owner died before it could stop it
    if (Date.now() > deadline) {
      throw Object.assign(new Error(`the process that runs ${executionArn} (pid ${ownerPid(owner)}) did not stop it within ${Math.round((o.timeoutMs ?? 10_000) / 1000)} s; the stop request stays in the store for it`), { code: 'ExecutionNotStopped' })
    }
  }
}

/** Carries out the stops other processes ask of the executions this process runs; returns the function that ends the watch. */
export function watchStopRequests(states: StatesService, intervalMs = 100): () => void {
  const handled = new Set<string>()
  const timer = setInterval(() => {
    let requests
    try {
      requests = states.tables.stopRequests()
    } catch {
      return // the store is busy or closing: the next tick asks again
    }
    for (const r of requests) {
      if (handled.has(r.arn)) continue
      handled.add(r.arn)
      try {
        states.stopExecution(r.arn, { error: r.error, cause: r.cause })
      } catch { /* ended meanwhile */ }
    }
    for (const arn of handled) if (!states.engine.get(arn)) handled.delete(arn)
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}

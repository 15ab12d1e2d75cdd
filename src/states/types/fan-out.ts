// What Map and Parallel share: a child abort switch tied to the parent's, and EvaluationFailed
// written before the state's own failed event (which the lifecycle writes once retries are spent).
import { StatesError } from '../data/index.ts'
import { ExecutionInterrupted, StateFailure, toFailure } from '../errors/failure.ts'
import { BranchAborted } from '../frame.ts'
import { reportEvaluationFailed } from '../lifecycle.ts'
import type { StepOutcome, StateRun } from './index.ts'

export function linkedController(parent: AbortSignal): { controller: AbortController; unlink: () => void } {
  const controller = new AbortController()
  const onAbort = () => controller.abort(parent.reason)
  if (parent.aborted) onAbort()
  else parent.addEventListener('abort', onAbort, { once: true })
  return { controller, unlink: () => parent.removeEventListener('abort', onAbort) }
}

export async function failsMapOrParallel(
  run: StateRun,
  body: () => Promise<StepOutcome>,
): Promise<StepOutcome> {
  try {
    return await body()
  } catch (e) {
    if (e instanceof ExecutionInterrupted || e instanceof BranchAborted) throw e
    if ((e instanceof StatesError || e instanceof StateFailure) && e.error === 'States.Runtime') throw e
    const failure = toFailure(e, run.state.name, run.enteredId)
    reportEvaluationFailed(run.ex, run.frame, run.visit, failure, run.state.name)
    throw failure
  }
}

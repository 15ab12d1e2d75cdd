// Parallel: every branch on the same input, in its own variable scope; the first failing branch
// aborts the others and fails the state with its error.
import { evaluateJsonataTemplate } from '../data/index.ts'
import { ExecutionInterrupted } from '../errors/failure.ts'
import { BranchAborted, childFrame } from '../frame.ts'
import { runMachine } from '../lifecycle.ts'
import { runPool } from '../pool.ts'
import { failsMapOrParallel, linkedController } from './fan-out.ts'
import type { StepOutcome, StateRun } from './index.ts'

export async function parallel(run: StateRun): Promise<StepOutcome> {
  const { ex, frame, state, visit, input, ctx, bindings } = run
  return failsMapOrParallel(run, async () => {
    let branchInput = input
    if (state.ql === 'JSONata') {
      if (state.def.Arguments !== undefined) branchInput = await evaluateJsonataTemplate(state.def.Arguments, bindings!, 'Arguments')
    } else if (state.parameters) branchInput = state.parameters(input, ctx)
    ex.emit(frame, visit, 'ParallelStateStarted')
    const branches = state.branches!
    const results: unknown[] = new Array(branches.length)
    const { controller, unlink } = linkedController(frame.signal)
    let failure: unknown
    try {
      await runPool(
        branches.length,
        0,
        async (i, onBlock) => {
          const child = childFrame(frame, `${visit.key}{${i}}`, controller.signal, frame.prev)
          child.onBlock = () => (onBlock(), frame.onBlock?.())
          try {
            results[i] = await runMachine(ex, child, branches[i]!, branchInput)
          } catch (e) {
            if (failure === undefined && !(e instanceof BranchAborted)) {
              failure = e
              controller.abort(new BranchAborted())
            }
          }
        },
        () => failure !== undefined,
      )
    } finally {
      unlink()
    }
    if (frame.signal.aborted) throw frame.signal.reason
    if (failure !== undefined) throw failure
    ex.emit(frame, visit, 'ParallelStateSucceeded')
    return { result: results }
  })
}

export { ExecutionInterrupted }

// Map: one iteration per item (inline: frames of this execution; DISTRIBUTED: child executions
// with Map Run events), ItemSelector per item, MaxConcurrency, tolerated failures, ResultWriter.
import { evaluateJsonataTemplate, type EvalContext } from '../data/index.ts'
import { ExecutionInterrupted, StateFailure } from '../errors/failure.ts'
import { BranchAborted, childFrame, type Frame } from '../frame.ts'
import { runMachine } from '../lifecycle.ts'
import { runPool } from '../pool.ts'
import { failsMapOrParallel, linkedController } from './fan-out.ts'
import type { StepOutcome, StateRun } from './index.ts'
import { batchItems, exceeds, mapItems, maxConcurrency, tolerance } from './map-items.ts'
import { writeResults } from './result-writer.ts'

export async function map(run: StateRun): Promise<StepOutcome> {
  return failsMapOrParallel(run, () => mapBody(run))
}

async function mapBody(run: StateRun): Promise<StepOutcome> {
  const { ex, frame, state, visit } = run
  const items = await batchItems(run, await mapItems(run))
  const limit = await maxConcurrency(run)
  const distributed = (state.def.ItemProcessor as { ProcessorConfig?: { Mode?: string } } | undefined)?.ProcessorConfig?.Mode === 'DISTRIBUTED'
  ex.emit(frame, visit, 'MapStateStarted', () => ({ length: items.length }))
  const tolerated = await tolerance(run)
  const mapRunArn = distributed ? `${ex.opts.executionArn.replace(':execution:', ':mapRun:')}/${state.name}:${visit.key.split('#').pop()}` : undefined
  if (mapRunArn) ex.emit(frame, visit, 'MapRunStarted', () => ({ mapRunArn }))

  const results: unknown[] = new Array(items.length)
  const writer = state.def.ResultWriter !== undefined
  const inputs: unknown[] = writer ? new Array(items.length) : []
  const failures: Array<{ index: number; failure: StateFailure }> = []
  const { controller, unlink } = linkedController(frame.signal)
  let stop: unknown
  let lastSucceeded: number | undefined
  try {
    await runPool(
      items.length,
      limit,
      async (i, onBlock) => {
        const value = await selectItem(run, items[i], i)
        if (writer) inputs[i] = value
        const iterVisit = { key: `${visit.key}[${i}]`, seq: 0 }
        const events = !distributed
        const startedId = events ? ex.emit(frame, iterVisit, 'MapIterationStarted', () => ({ index: i, name: state.name })) : frame.prev
        const child = childFrame(frame, iterVisit.key, controller.signal, startedId)
        child.onBlock = () => (onBlock(), frame.onBlock?.())
        // AWS's previousEventId: the next event follows the iteration's last state event, not its end marker
        const ended = (type: 'MapIterationSucceeded' | 'MapIterationFailed' | 'MapIterationAborted') => {
          frame.prev = child.prev
          return ex.emit(child, iterVisit, type, () => ({ index: i, name: state.name }))
        }
        try {
          results[i] = await runMachine(ex, distributed ? silent(child) : child, state.processor!, value)
          if (events) lastSucceeded = ended('MapIterationSucceeded')
        } catch (e) {
          if (e instanceof BranchAborted || e instanceof ExecutionInterrupted) {
            if (events) ended('MapIterationAborted')
            // the history quota ends the whole execution, not just this iteration
            if (e instanceof ExecutionInterrupted && !frame.signal.aborted && stop === undefined) {
              stop = e
              controller.abort(new BranchAborted())
            }
            return
          }
          if (events) ended('MapIterationFailed')
          const failure = e instanceof StateFailure ? e : new StateFailure('States.Runtime', e instanceof Error ? e.message : String(e))
          failures.push({ index: i, failure })
          results[i] = { Error: failure.error, Cause: failure.causeText }
          if (stop === undefined && exceeds(tolerated, failures.length, items.length)) {
            stop = failure
            controller.abort(new BranchAborted())
          }
        }
      },
      () => stop !== undefined,
    )
  } finally {
    unlink()
  }
  if (frame.signal.aborted) throw frame.signal.reason
  if (stop instanceof ExecutionInterrupted) throw stop
  if (stop !== undefined) {
    if (mapRunArn) ex.emit(frame, visit, 'MapRunFailed', () => ({ error: 'States.ExceedToleratedFailureThreshold', cause: 'the tolerated failure threshold was exceeded' }))
    if (tolerated.count !== undefined || tolerated.percentage !== undefined || distributed) {
      throw new StateFailure('States.ExceedToleratedFailureThreshold', 'The specified tolerated failure threshold was exceeded')
    }
    throw stop
  }
  if (mapRunArn) ex.emit(frame, visit, 'MapRunSucceeded')
  let result: unknown = results
  if (writer) result = await writeResults(run, inputs, results, failures.map((f) => f.index), mapRunArn ?? ex.opts.executionArn)
  if (lastSucceeded !== undefined) frame.prev = lastSucceeded
  ex.emit(frame, visit, 'MapStateSucceeded', undefined, undefined, true)
  return { result }
}

/** ItemSelector (or legacy Parameters) sees `$$.Map.Item`; without one the item is the input. */
async function selectItem(run: StateRun, value: unknown, index: number): Promise<unknown> {
  const { state, input, ctx, bindings } = run
  const selector = state.def.ItemSelector ?? (state.ql === 'JSONPath' ? state.def.Parameters : undefined)
  if (selector === undefined) return value
  const context = { ...(ctx.context as Record<string, unknown>), Map: { Item: { Index: index, Value: value } } }
  if (state.ql === 'JSONata') {
    return evaluateJsonataTemplate(selector, { ...bindings!, states: { ...bindings!.states, context } }, 'ItemSelector')
  }
  const itemCtx: EvalContext = { ...ctx, context }
  return state.itemSelector!(input, itemCtx)
}

/** DISTRIBUTED iterations are child executions: their states do not write into this history. */
function silent(frame: Frame): Frame {
  frame.silent = true
  return frame
}

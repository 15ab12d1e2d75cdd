// Fail: ends the execution with Error and Cause (or their *Path / JSONata forms); AWS reports
// neither when the state names neither.
import { evaluateJsonataTemplate, evaluatePathOrIntrinsic } from '../data/index.ts'
import { StateFailure } from '../errors/failure.ts'
import type { StepOutcome, StateRun } from './index.ts'

export async function fail({ state, rawInput, ctx, bindings }: StateRun): Promise<StepOutcome> {
  const d = state.def
  let error: unknown = d.Error
  let cause: unknown = d.Cause
  if (state.ql === 'JSONata') {
    if (error !== undefined) error = await evaluateJsonataTemplate(error, bindings!, 'Error')
    if (cause !== undefined) cause = await evaluateJsonataTemplate(cause, bindings!, 'Cause')
  } else {
    if (typeof d.ErrorPath === 'string') error = evaluatePathOrIntrinsic(d.ErrorPath, rawInput, ctx)
    if (typeof d.CausePath === 'string') cause = evaluatePathOrIntrinsic(d.CausePath, rawInput, ctx)
  }
  throw new StateFailure(text(error), text(cause))
}

const text = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v))

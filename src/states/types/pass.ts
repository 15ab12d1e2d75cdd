// Pass: its Result, or its Parameters applied to the input, or the input.
import type { StepOutcome, StateRun } from './index.ts'

export function pass({ state, input, ctx }: StateRun): StepOutcome {
  if (state.ql === 'JSONata') return { result: input }
  if (state.def.Result !== undefined) return { result: state.def.Result }
  return { result: state.parameters ? state.parameters(input, ctx) : input }
}

// Choice: the first matching rule's Next, else Default, else States.NoChoiceMatched.
import { StatesError } from '../data/index.ts'
import type { StepOutcome, StateRun } from './index.ts'

export async function choice({ state, input, ctx, bindings }: StateRun): Promise<StepOutcome> {
  const i = await state.choose!(input, ctx, bindings)
  if (i >= 0) {
    const rule = (state.def.Choices as Array<Record<string, unknown>>)[i]!
    return { result: input, next: String(rule.Next), assign: rule.Assign, output: rule.Output }
  }
  if (typeof state.def.Default === 'string') return { result: input, next: state.def.Default }
  throw new StatesError('States.NoChoiceMatched', `No Matches!`)
}

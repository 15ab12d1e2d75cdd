// Succeed: ends its branch (or the execution) with its input.
import type { StepOutcome, StateRun } from './index.ts'

export function succeed({ input }: StateRun): StepOutcome {
  return { result: input }
}

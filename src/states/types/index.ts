// One step per state type, as a table the type checker keeps complete.
import type { CompiledState, StateType } from '../compile.ts'
import type { EvalContext, JsonataBindings } from '../data/index.ts'
import type { Execution } from '../execution.ts'
import type { Frame, Visit } from '../frame.ts'
import { choice } from './choice.ts'
import { fail } from './fail.ts'
import { map } from './map.ts'
import { parallel } from './parallel.ts'
import { pass } from './pass.ts'
import { succeed } from './succeed.ts'
import { task } from './task.ts'
import { wait } from './wait.ts'

export interface StateRun {
  ex: Execution
  frame: Frame
  state: CompiledState
  visit: Visit
  /** the state's input as it entered */
  rawInput: unknown
  /** after InputPath (JSONPath); the raw input in JSONata states */
  input: unknown
  ctx: EvalContext
  /** JSONata states only */
  bindings?: JsonataBindings
  enteredId: number
  /** clock time the state was entered (before a crash, when recovering) */
  enteredTime: number
}

export interface StepOutcome {
  result: unknown
  next?: string
  /** an Assign / Output of the matched Choice rule, replacing the state's own */
  assign?: unknown
  output?: unknown
}

export type Step = (run: StateRun) => StepOutcome | Promise<StepOutcome>

export const steps: { [T in StateType]: Step } = {
  Pass: pass,
  Task: task,
  Choice: choice,
  Wait: wait,
  Succeed: succeed,
  Fail: fail,
  Parallel: parallel,
  Map: map,
}

// The lifecycle every state shares, written once: entered event → input → step → result → output
// → assign → exited event, with Retry and Catch around the step. Each state type writes only its step.
import { systemClock } from './clock.ts'
import type { CompiledMachine, CompiledState, StateType } from './compile.ts'
import {
  applyAssignment,
  applyResultPath,
  checkPayloadSize,
  evaluateAssign,
  evaluateAssignJsonPath,
  evaluateJsonataTemplate,
  StatesError,
  type EvalContext,
  type JsonataBindings,
} from './data/index.ts'
import { errorOutput, findCatcher } from './errors/catch.ts'
import { ExecutionInterrupted, StateFailure, toFailure } from './errors/failure.ts'
import { retryDelay } from './errors/retry.ts'
import type { Execution } from './execution.ts'
import { BranchAborted, visitState, type Frame, type Visit } from './frame.ts'
import { jsonText, type HistoryEventType } from './history.ts'
import { recordedExit } from './replay.ts'
import { steps, type StateRun, type StepOutcome } from './types/index.ts'

export interface StateOutcome {
  output: unknown
  next?: string
}

/** Runs a state machine (or branch, or Map processor) in `frame` from its StartAt to its end. */
export async function runMachine(ex: Execution, frame: Frame, machine: CompiledMachine, input: unknown): Promise<unknown> {
  let name: string | undefined = machine.startAt
  let value = input
  let syncRun = 0
  while (name !== undefined) {
    const state = machine.states.get(name)
    if (!state) throw new StateFailure('States.Runtime', `the state ${name} does not exist`)
    ex.checkHistoryQuota()
    // on real time, let StopExecution and other work in between a long run of synchronous states
    if (state.sync && ++syncRun % 10_000 === 0 && ex.clock === systemClock) await new Promise((r) => setImmediate(r))
    const r = state.sync ? runStateSync(ex, frame, state, value) : await runState(ex, frame, state, value)
    value = r.output
    name = r.next
  }
  return value
}

// the event types as constants: a template literal per event made a fresh string every time
const ENTERED: { [T in StateType]: HistoryEventType } = {
  Pass: 'PassStateEntered', Task: 'TaskStateEntered', Choice: 'ChoiceStateEntered', Wait: 'WaitStateEntered',
  Succeed: 'SucceedStateEntered', Fail: 'FailStateEntered', Parallel: 'ParallelStateEntered', Map: 'MapStateEntered',
}
const EXITED: { [T in StateType]: HistoryEventType } = {
  Pass: 'PassStateExited', Task: 'TaskStateExited', Choice: 'ChoiceStateExited', Wait: 'WaitStateExited',
  Succeed: 'SucceedStateExited', Fail: 'FailStateExited' as HistoryEventType /* never written */, Parallel: 'ParallelStateExited', Map: 'MapStateExited',
}

const RESULT_TYPES = new Set(['Pass', 'Task', 'Map', 'Parallel'])
const ABORTABLE = new Set(['Task', 'Wait', 'Map', 'Parallel'])
const RETRYABLE = new Set(['Task', 'Map', 'Parallel'])
const EVALUATION_ERRORS = new Set(['States.QueryEvaluationError'])
const LOCATION = /specified for the field '([^']*)'|^The (\w+) field /

export async function runState(ex: Execution, frame: Frame, state: CompiledState, rawInput: unknown): Promise<StateOutcome> {
  if (frame.signal.aborted) throw frame.signal.reason
  const visit = visitState(frame, state.name)
  const done = ex.opts.recorded && recordedExit(ex.opts.recorded, visit.key, EXITED[state.type])
  if (done) return replayExit(frame, state, done.event, done.meta?.next)

  const enteredTime = ex.enteredTime(visit, ENTERED[state.type])
  visit.enteredPrev = frame.prev
  const enteredId = ex.emitState(frame, visit, ENTERED[state.type], true, state.name, () => ex.text(rawInput))
  const retryCounts: number[] = []
  let retryCount = 0
  for (;;) {
    const ctx = lazyContext(ex, state, enteredTime, retryCount, frame)
    try {
      return await attempt(ex, frame, state, visit, rawInput, ctx, enteredId, enteredTime)
    } catch (e) {
      if (e instanceof ExecutionInterrupted || e instanceof BranchAborted) {
        if (ABORTABLE.has(state.type)) ex.emit(frame, visit, `${state.type}StateAborted` as 'TaskStateAborted')
        throw e
      }
      const failure = toFailure(e, state.name, enteredId)
      reportEvaluationFailed(ex, frame, visit, failure, state.name)
      if (state.retry.length > 0) {
        const delay = retryDelay(state.retry, retryCounts, failure.error, ex.random)
        if (delay !== undefined) {
          await ex.sleep(frame, delay)
          retryCount++
          continue
        }
      }
      if ((state.type === 'Map' || state.type === 'Parallel') && failure.error !== 'States.Runtime') {
        ex.emit(frame, visit, `${state.type}StateFailed` as 'MapStateFailed')
      }
      const catcher = state.catch.length > 0 ? findCatcher(state.catch, failure.error) : undefined
      if (!catcher) throw failure
      return caught(ex, frame, state, visit, rawInput, ctx, failure, catcher)
    }
  }
}

/** `$$` is built only when something reads it: most states never do. (A class: an object literal
 * with a getter is many times slower to create, and this runs once per state.) */
class LazyContext implements EvalContext {
  private built?: Record<string, unknown>
  readonly variables: EvalContext['variables']
  readonly intrinsics: EvalContext['intrinsics']

  constructor(
    private readonly ex: Execution,
    private readonly state: CompiledState,
    private readonly enteredTime: number,
    private readonly retryCount: number,
    private readonly frame: Frame,
  ) {
    this.variables = frame.vars
    this.intrinsics = ex.intrinsics
  }

  get context(): Record<string, unknown> {
    return (this.built ??= this.ex.contextFor(this.state.name, this.enteredTime, this.retryCount, this.frame, RETRYABLE.has(this.state.type)))
  }
}

const lazyContext = (ex: Execution, state: CompiledState, enteredTime: number, retryCount: number, frame: Frame): EvalContext =>
  new LazyContext(ex, state, enteredTime, retryCount, frame)

async function attempt(
  ex: Execution,
  frame: Frame,
  state: CompiledState,
  visit: Visit,
  rawInput: unknown,
  ctx: EvalContext,
  enteredId: number,
  enteredTime: number,
): Promise<StateOutcome> {
  const jsonata = state.ql === 'JSONata'
  let input = rawInput
  let bindings: JsonataBindings | undefined
  if (jsonata) bindings = { states: { input: rawInput, context: ctx.context }, variables: frame.vars, intrinsics: ctx.intrinsics }

  else if (state.inputPath !== undefined) input = state.inputPath === null ? {} : state.inputPath(rawInput, ctx)

  const run: StateRun = { ex, frame, state, visit, rawInput, input, ctx, bindings, enteredId, enteredTime }
  const out = await steps[state.type](run)

  if (!jsonata) return finishJsonPath(ex, frame, state, visit, rawInput, ctx, out)
  if (RESULT_TYPES.has(state.type) && state.type !== 'Pass') bindings!.states.result = out.result
  const template = out.output !== undefined ? out.output : state.def.Output
  const output = template !== undefined ? await evaluateJsonataTemplate(template, bindings!, 'Output') : out.result
  const assign = out.assign !== undefined ? out.assign : state.def.Assign
  let assigned: Record<string, unknown> | undefined
  if (assign !== undefined) assigned = await evaluateAssign(assign, undefined, ctx, 'JSONata', bindings)
  return finish(ex, frame, state, visit, rawInput, output, assigned, out.next)
}

/** ResultSelector → ResultPath → OutputPath → Assign of a JSONPath state. */
function finishJsonPath(ex: Execution, frame: Frame, state: CompiledState, visit: Visit, rawInput: unknown, ctx: EvalContext, out: StepOutcome): StateOutcome {
  let result = out.result
  if (state.resultSelector && RESULT_TYPES.has(state.type) && state.type !== 'Pass') result = state.resultSelector(result, ctx)
  let output = RESULT_TYPES.has(state.type) ? applyResultPath(rawInput, result, state.resultPath) : result
  if (state.outputPath !== undefined) output = state.outputPath === null ? {} : state.outputPath(output, ctx)
  const assign = out.assign !== undefined ? out.assign : state.def.Assign
  const assigned = assign !== undefined && typeof assign === 'object' && assign !== null ? evaluateAssignJsonPath(assign, result, ctx) : undefined
  return finish(ex, frame, state, visit, rawInput, output, assigned, out.next)
}

function finish(
  ex: Execution,
  frame: Frame,
  state: CompiledState,
  visit: Visit,
  rawInput: unknown,
  output: unknown,
  assigned: Record<string, unknown> | undefined,
  stepNext: string | undefined,
): StateOutcome {
  // an output that is the state's input unchanged was measured when it was produced
  if (output !== rawInput) checkPayloadSize(output, state.name)
  if (assigned) for (const [k, v] of Object.entries(assigned)) frame.vars[k] = v
  const next = stepNext ?? state.next
  exited(ex, frame, state, visit, output, assigned, next)
  return { output, next }
}

/**
 * Pass, Succeed and Choice in JSONPath neither wait nor retry: they run without a single await, so
 * long chains of them cost no promise per state.
 */
export function runStateSync(ex: Execution, frame: Frame, state: CompiledState, rawInput: unknown): StateOutcome {
  if (frame.signal.aborted) throw frame.signal.reason
  const visit = visitState(frame, state.name)
  const done = ex.opts.recorded && recordedExit(ex.opts.recorded, visit.key, EXITED[state.type])
  if (done) return replayExit(frame, state, done.event, done.meta?.next)
  const enteredTime = ex.enteredTime(visit, ENTERED[state.type])
  const enteredId = ex.emitState(frame, visit, ENTERED[state.type], true, state.name, () => ex.text(rawInput))
  const ctx = lazyContext(ex, state, enteredTime, 0, frame)
  try {
    const input = state.inputPath === undefined ? rawInput : state.inputPath === null ? {} : state.inputPath(rawInput, ctx)
    let out: StepOutcome
    if (state.type === 'Choice') {
      const i = state.choose!(input, ctx) as number
      if (i >= 0) {
        const rule = (state.def.Choices as Array<Record<string, unknown>>)[i]!
        out = { result: input, next: String(rule.Next), assign: rule.Assign }
      } else if (typeof state.def.Default === 'string') out = { result: input, next: state.def.Default }
      else throw new StatesError('States.NoChoiceMatched', 'No Matches!')
    } else if (state.type === 'Pass') {
      out = { result: state.def.Result !== undefined ? state.def.Result : state.parameters ? state.parameters(input, ctx) : input }
    } else out = { result: input }
    return finishJsonPath(ex, frame, state, visit, rawInput, ctx, out)
  } catch (e) {
    throw toFailure(e, state.name, enteredId)
  }
}

async function caught(
  ex: Execution,
  frame: Frame,
  state: CompiledState,
  visit: Visit,
  rawInput: unknown,
  ctx: EvalContext,
  failure: StateFailure,
  catcher: NonNullable<ReturnType<typeof findCatcher>>,
): Promise<StateOutcome> {
  const errOut = errorOutput(failure.error, failure.causeText)
  let output: unknown
  let assigned: Record<string, unknown> | undefined
  if (state.ql === 'JSONata') {
    const bindings: JsonataBindings = {
      states: { input: rawInput, context: ctx.context, errorOutput: errOut },
      variables: frame.vars,
      intrinsics: ctx.intrinsics,
    }
    output = catcher.output !== undefined ? await evaluateJsonataTemplate(catcher.output, bindings, 'Output') : errOut
    if (catcher.assign !== undefined) assigned = await evaluateAssign(catcher.assign, errOut, ctx, 'JSONata', bindings)
  } else {
    output = applyResultPath(rawInput, errOut, catcher.resultPath)
    if (catcher.assign !== undefined) assigned = await evaluateAssign(catcher.assign, errOut, ctx, 'JSONPath')
  }
  if (assigned) applyAssignment(ctx, assigned)
  exited(ex, frame, state, visit, output, assigned, catcher.next)
  return { output, next: catcher.next }
}

function exited(
  ex: Execution,
  frame: Frame,
  state: CompiledState,
  visit: Visit,
  output: unknown,
  assigned: Record<string, unknown> | undefined,
  next: string | undefined,
): void {
  if (state.type === 'Fail') return
  // recovery needs the next state only where it is not the state's own Next (Choice, Catch)
  const nextMeta = next !== undefined && next !== state.next ? next : undefined
  if (!assigned || Object.keys(assigned).length === 0) {
    ex.emitState(frame, visit, EXITED[state.type], false, state.name, () => ex.text(output), nextMeta)
    return
  }
  ex.emit(
    frame,
    visit,
    EXITED[state.type],
    () => {
      const vars: Record<string, string> = {}
      for (const [k, v] of Object.entries(assigned)) vars[k] = jsonText(v)
      return {
        name: state.name,
        output: ex.text(output),
        outputDetails: { truncated: false },
        assignedVariables: vars,
        assignedVariablesDetails: { truncated: false },
      }
    },
    nextMeta !== undefined ? { next: nextMeta } : undefined,
  )
}

/** A visit that finished before a crash or redrive: its recorded output and variables, no rerun. */
function replayExit(frame: Frame, state: CompiledState, event: Record<string, unknown>, next: string | undefined): StateOutcome {
  const d = (event.stateExitedEventDetails ?? {}) as { output?: string; assignedVariables?: Record<string, string> }
  for (const [k, v] of Object.entries(d.assignedVariables ?? {})) frame.vars[k] = JSON.parse(v)
  frame.prev = Number(event.id)
  return { output: d.output === undefined ? null : JSON.parse(d.output), next: next ?? state.next }
}

/** AWS writes EvaluationFailed for query-evaluation errors, once, before the state fails. */
const reported = new WeakSet<StateFailure>()
export function reportEvaluationFailed(ex: Execution, frame: Frame, visit: Visit, failure: StateFailure, stateName: string): void {
  if (reported.has(failure) || !failure.error || !EVALUATION_ERRORS.has(failure.error)) return
  reported.add(failure)
  if (visit.enteredPrev !== undefined) frame.prev = visit.enteredPrev
  ex.emit(frame, visit, 'EvaluationFailed', () => {
    const d: Record<string, unknown> = { error: failure.error, cause: failure.causeText, state: stateName }
    const m = LOCATION.exec(failure.source?.cause ?? '')
    if (m) d.location = m[1] ?? m[2]
    return d
  })
}

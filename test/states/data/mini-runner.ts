// A test scaffold, not the engine: runs definitions made only of Pass, Choice, Succeed, Fail and
// inline Map states through the data functions, so the recorded AWS cases check them directly.
import {
  applyResultPath,
  checkPayloadSize,
  childVariables,
  compileChoices,
  evaluateAssign,
  evaluateJsonataTemplate,
  evaluatePathOrIntrinsic,
  evaluatePayloadTemplate,
  expectJsonataType,
  jsonataTemplateExpression,
  rootVariables,
  scopedCause,
  selectPath,
  StatesError,
  type EvalContext,
  type JsonataBindings,
  type QueryLanguage,
  type Variables,
} from '../../../src/states/data/index.ts'

export const SUPPORTED_TYPES = new Set(['Pass', 'Choice', 'Succeed', 'Fail', 'Map'])

export function supported(definition: unknown): boolean {
  const d = definition as { States?: Record<string, Record<string, unknown>> }
  if (!d || typeof d.States !== 'object') return false
  return Object.values(d.States).every((s) => {
    if (!SUPPORTED_TYPES.has(s.Type as string)) return false
    if (s.Type === 'Map') {
      const p = (s.ItemProcessor ?? s.Iterator) as { ProcessorConfig?: { Mode?: string } } | undefined
      if (!p || p.ProcessorConfig?.Mode === 'DISTRIBUTED' || s.ItemReader || s.ItemBatcher || s.Retry || s.Catch) return false
      if (Object.keys(s).some((k) => k.startsWith('Tolerated') || k === 'MaxConcurrencyPath')) return false
      return supported(p)
    }
    return true
  })
}

export type Outcome = { status: 'SUCCEEDED'; output: unknown } | { status: 'FAILED'; error?: string; cause?: string }

interface Run {
  context: Record<string, unknown>
  eventId: number
}

export async function runCase(definition: Record<string, unknown>, input: unknown, context: Record<string, unknown>): Promise<Outcome> {
  const run: Run = { context: { ...context, Execution: { ...(context.Execution as object), Input: input } }, eventId: 1 }
  const ql = (definition.QueryLanguage as QueryLanguage) ?? 'JSONPath'
  try {
    return await runMachine(definition, input, rootVariables(), ql, run, undefined)
  } catch (e) {
    if (e instanceof Failed) return { status: 'FAILED', error: e.error, cause: e.cause }
    throw e
  }
}

class Failed {
  constructor(readonly error: string | undefined, readonly cause: string | undefined) {}
}

async function runMachine(machine: Record<string, unknown>, input: unknown, variables: Variables, ql: QueryLanguage, run: Run, mapItem: object | undefined): Promise<Outcome> {
  const states = machine.States as Record<string, Record<string, unknown>>
  let name = machine.StartAt as string
  let value = input
  for (;;) {
    const state = states[name]!
    const entered = ++run.eventId
    const sql: QueryLanguage = (state.QueryLanguage as QueryLanguage) ?? ql
    const ctxObj: Record<string, unknown> = { ...run.context, State: { Name: name, EnteredTime: '2024-01-01T00:00:00.000Z' } }
    if (mapItem) ctxObj.Map = mapItem
    const ctx: EvalContext = { context: ctxObj, variables }
    let next: string | undefined
    try {
      const r = await step(state, value, ctx, sql, run)
      checkPayloadSize(r.output, name)
      value = r.output
      next = r.next
      if (r.assigned) for (const [k, v] of Object.entries(r.assigned)) variables[k] = v
    } catch (e) {
      if (e instanceof StatesError) throw new Failed(e.error, scopedCause(e, name, entered))
      throw e
    }
    run.eventId++
    if (state.Type === 'Succeed' || (state.End === true && next === undefined)) return { status: 'SUCCEEDED', output: value }
    name = next ?? (state.Next as string)
  }
}

interface StepResult {
  output: unknown
  next?: string
  assigned?: Record<string, unknown>
}

async function step(s: Record<string, unknown>, input: unknown, ctx: EvalContext, ql: QueryLanguage, run: Run): Promise<StepResult> {
  const bindings: JsonataBindings = { states: { input, context: ctx.context }, variables: ctx.variables }
  if (s.Type === 'Fail') {
    let error = s.Error as string | undefined
    let cause = s.Cause as string | undefined
    if (ql === 'JSONata') {
      if (error !== undefined) error = (await evaluateJsonataTemplate(error, bindings, 'Error')) as string
      if (cause !== undefined) cause = (await evaluateJsonataTemplate(cause, bindings, 'Cause')) as string
    } else {
      if (typeof s.ErrorPath === 'string') error = evaluatePathOrIntrinsic(s.ErrorPath, input, ctx) as string
      if (typeof s.CausePath === 'string') cause = evaluatePathOrIntrinsic(s.CausePath, input, ctx) as string
    }
    throw new Failed(error, cause)
  }
  if (ql === 'JSONata') return stepJsonata(s, input, ctx, bindings, run)
  const effective = selectPath(s.InputPath as string | null | undefined, input, ctx)
  if (s.Type === 'Choice') {
    const pick = await compileChoices(s.Choices, 'JSONPath')(effective, ctx)
    const rule = pick >= 0 ? (s.Choices as Array<Record<string, unknown>>)[pick]! : undefined
    // A matched rule assigns its own Assign; the state's Assign goes with Default.
    const assigned = await evaluateAssign(rule ? rule.Assign : s.Assign, effective, ctx, 'JSONPath')
    const output = selectPath(s.OutputPath as string | null | undefined, effective, ctx)
    const next = rule ? (rule.Next as string) : (s.Default as string | undefined)
    if (next === undefined) throw new StatesError('States.NoChoiceMatched', 'No Matches!', { scoped: false })
    return { output, next, assigned }
  }
  let result: unknown = effective
  if (s.Parameters !== undefined && s.Type !== 'Map') result = evaluatePayloadTemplate(s.Parameters, effective, ctx)
  if (s.Type === 'Pass' && 'Result' in s) result = s.Result
  if (s.Type === 'Map') result = await runMap(s, result, ctx, 'JSONPath', run, effective)
  if (s.ResultSelector !== undefined) result = evaluatePayloadTemplate(s.ResultSelector, result, ctx)
  const assigned = s.Assign ? await evaluateAssign(s.Assign, result, ctx, 'JSONPath') : undefined
  const placed = applyResultPath(input, result, s.ResultPath as string | null | undefined)
  return { output: selectPath(s.OutputPath as string | null | undefined, placed, ctx), assigned }
}

async function stepJsonata(s: Record<string, unknown>, input: unknown, ctx: EvalContext, bindings: JsonataBindings, run: Run): Promise<StepResult> {
  if (s.Type === 'Choice') {
    const pick = await compileChoices(s.Choices, 'JSONata')(input, ctx, bindings)
    const rule = pick >= 0 ? (s.Choices as Array<Record<string, unknown>>)[pick]! : undefined
    const outputSpec = rule && 'Output' in rule ? rule.Output : s.Output
    const output = outputSpec === undefined ? input : await evaluateJsonataTemplate(outputSpec, bindings, 'Output')
    const assignSpec = rule?.Assign ?? s.Assign
    const assigned = assignSpec ? await evaluateAssign(assignSpec, input, ctx, 'JSONata', bindings) : undefined
    const next = rule ? (rule.Next as string) : (s.Default as string | undefined)
    if (next === undefined) throw new StatesError('States.NoChoiceMatched', 'No Matches!', { scoped: false })
    return { output, next, assigned }
  }
  let result: unknown = input
  if (s.Type === 'Map') result = await runMap(s, input, ctx, 'JSONata', run, input, bindings)
  const after: JsonataBindings = { ...bindings, states: { ...bindings.states, result } }
  const assigned = s.Assign ? await evaluateAssign(s.Assign, input, ctx, 'JSONata', after) : undefined
  const output = 'Output' in s ? await evaluateJsonataTemplate(s.Output, after, 'Output') : result
  return { output, assigned }
}

async function runMap(s: Record<string, unknown>, value: unknown, ctx: EvalContext, ql: QueryLanguage, run: Run, stateInput: unknown, bindings?: JsonataBindings): Promise<unknown[]> {
  let items: unknown
  if (ql === 'JSONata') {
    const expr = jsonataTemplateExpression(s.Items)
    items = s.Items === undefined ? stateInput : await evaluateJsonataTemplate(s.Items, bindings!, 'Items')
    if (expr !== undefined) expectJsonataType(items, 'array', expr, 'Items')
  } else items = selectPath((s.ItemsPath as string) ?? '$', value, ctx)
  if (!Array.isArray(items)) throw new StatesError('States.QueryEvaluationError', `Map state input must be an array but was: ${JSON.stringify(items)}`)
  const processor = (s.ItemProcessor ?? s.Iterator) as Record<string, unknown>
  const selector = s.ItemSelector ?? s.Parameters
  const out: unknown[] = []
  for (let index = 0; index < items.length; index++) {
    const item = { Index: index, Value: items[index] }
    const itemCtx: EvalContext = { context: { ...ctx.context, Map: { Item: item } }, variables: ctx.variables }
    const itemInput = selector === undefined ? items[index] : ql === 'JSONata'
      ? await evaluateJsonataTemplate(selector, { ...bindings!, states: { ...bindings!.states, context: itemCtx.context } }, 'ItemSelector')
      : evaluatePayloadTemplate(selector, value, itemCtx)
    const r = await runMachine(processor, itemInput, childVariables(ctx.variables), ql, run, item)
    if (r.status !== 'SUCCEEDED') throw new Error('map iteration failed')
    out.push(r.output)
  }
  return out
}

// Parse once, run many: a definition becomes a tree of compiled states whose paths, templates and
// Choice rules are ready functions. Executions only walk it.
import {
  compileChoices,
  compilePath,
  compilePayloadTemplate,
  validateDefinition,
  type CompiledPath,
  type CompiledTemplate,
  type EvalContext,
  type JsonataBindings,
  type Problem,
  type QueryLanguage,
} from './data/index.ts'

export type StateType = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map'
export type { QueryLanguage }

export interface Retrier {
  errorEquals: string[]
  intervalSeconds: number
  maxAttempts: number
  backoffRate: number
  maxDelaySeconds?: number
  jitter: 'FULL' | 'NONE'
}

export interface Catcher {
  errorEquals: string[]
  next: string
  resultPath: string | null | undefined
  output?: unknown
  assign?: unknown
}

export interface CompiledState {
  name: string
  type: StateType
  ql: QueryLanguage
  /** runs without awaiting (JSONPath Pass, Succeed, Choice): see runStateSync */
  sync: boolean
  /** The state's definition as written. */
  def: Record<string, unknown>
  next?: string
  end: boolean
  inputPath?: CompiledPath | null
  outputPath?: CompiledPath | null
  parameters?: CompiledTemplate
  resultSelector?: CompiledTemplate
  resultPath: string | null | undefined
  retry: Retrier[]
  catch: Catcher[]
  choose?: (input: unknown, ctx: EvalContext, bindings?: JsonataBindings) => number | Promise<number>
  branches?: CompiledMachine[]
  processor?: CompiledMachine
  itemSelector?: CompiledTemplate
}

export interface CompiledMachine {
  startAt: string
  states: Map<string, CompiledState>
  ql: QueryLanguage
  timeoutSeconds?: number
  definition: Record<string, unknown>
}

/** A definition that failed validation: every problem with its JSON pointer. */
export class InvalidDefinition extends Error {
  readonly code = 'InvalidDefinition'
  constructor(readonly problems: Problem[]) {
    super(`invalid state machine definition: ${problems.map((p) => `${p.pointer || '/'}: ${p.message}`).join('; ')}`)
    this.name = 'InvalidDefinition'
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Validates, then compiles; throws InvalidDefinition listing every problem. */
export function compile(definition: unknown, options: { validate?: boolean } = {}): CompiledMachine {
  if (options.validate !== false) {
    const problems = validateDefinition(definition)
    if (problems.length > 0) throw new InvalidDefinition(problems)
  }
  if (!isObject(definition)) throw new InvalidDefinition([{ pointer: '', message: 'a state machine definition must be a JSON object' }])
  const ql = definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath'
  return compileMachine(definition, ql)
}

function compileMachine(def: Record<string, unknown>, ql: QueryLanguage): CompiledMachine {
  const states = new Map<string, CompiledState>()
  for (const [name, s] of Object.entries(isObject(def.States) ? def.States : {})) {
    if (isObject(s)) states.set(name, compileState(name, s, ql))
  }
  return {
    startAt: String(def.StartAt),
    states,
    ql,
    timeoutSeconds: typeof def.TimeoutSeconds === 'number' ? def.TimeoutSeconds : undefined,
    definition: def,
  }
}

const optionalPath = (p: unknown): CompiledPath | null | undefined =>
  p === undefined ? undefined : p === null ? null : p === '$' ? undefined : compilePath(String(p))

function compileState(name: string, def: Record<string, unknown>, inherited: QueryLanguage): CompiledState {
  const type = def.Type as StateType
  const ql: QueryLanguage = def.QueryLanguage === 'JSONata' || def.QueryLanguage === 'JSONPath' ? def.QueryLanguage : inherited
  const s: CompiledState = {
    name,
    type,
    ql,
    sync: ql === 'JSONPath' && (type === 'Pass' || type === 'Succeed' || type === 'Choice'),
    def,
    next: typeof def.Next === 'string' ? def.Next : undefined,
    end: def.End === true || type === 'Succeed' || type === 'Fail',
    resultPath: def.ResultPath as string | null | undefined,
    retry: (Array.isArray(def.Retry) ? def.Retry : []).filter(isObject).map(compileRetrier),
    catch: (Array.isArray(def.Catch) ? def.Catch : []).filter(isObject).map((c) => ({
      errorEquals: Array.isArray(c.ErrorEquals) ? c.ErrorEquals.map(String) : [],
      next: String(c.Next),
      resultPath: c.ResultPath as string | null | undefined,
      output: c.Output,
      assign: c.Assign,
    })),
  }
  if (ql === 'JSONPath') {
    s.inputPath = optionalPath(def.InputPath)
    s.outputPath = optionalPath(def.OutputPath)
    if (def.Parameters !== undefined) s.parameters = compilePayloadTemplate(def.Parameters)
    if (def.ResultSelector !== undefined) s.resultSelector = compilePayloadTemplate(def.ResultSelector)
  }
  if (type === 'Choice') s.choose = compileChoices(def.Choices, ql)
  if (type === 'Parallel') s.branches = (Array.isArray(def.Branches) ? def.Branches : []).filter(isObject).map((b) => compileMachine(b, ql))
  if (type === 'Map') {
    const proc = isObject(def.ItemProcessor) ? def.ItemProcessor : isObject(def.Iterator) ? def.Iterator : {}
    s.processor = compileMachine(proc, ql)
    const selector = def.ItemSelector ?? (ql === 'JSONPath' ? def.Parameters : undefined)
    if (selector !== undefined && ql === 'JSONPath') s.itemSelector = compilePayloadTemplate(selector)
    s.parameters = undefined
  }
  return s
}

function compileRetrier(r: Record<string, unknown>): Retrier {
  const num = (v: unknown, d: number) => (typeof v === 'number' ? v : d)
  return {
    errorEquals: Array.isArray(r.ErrorEquals) ? r.ErrorEquals.map(String) : [],
    intervalSeconds: num(r.IntervalSeconds, 1),
    maxAttempts: num(r.MaxAttempts, 3),
    backoffRate: num(r.BackoffRate, 2),
    maxDelaySeconds: typeof r.MaxDelaySeconds === 'number' ? r.MaxDelaySeconds : undefined,
    jitter: r.JitterStrategy === 'FULL' ? 'FULL' : 'NONE',
  }
}

// Compiles a Choice rule once into a predicate. JSONPath rules (Variable + comparator, And/Or/Not)
// are synchronous; a JSONata `Condition` is evaluated asynchronously.
import type { EvalContext } from '../context.ts'
import { runtimeError } from '../errors.ts'
import { evaluateJsonataRaw, expectJsonataType, jsonataTemplateExpression, type JsonataBindings } from '../jsonata/evaluate.ts'
import { PathNotFound } from '../jsonpath/evaluate.ts'
import { compilePath, compileRawPath } from '../jsonpath/path.ts'
import { comparators, typeTests } from './comparators.ts'

export type ChoicePredicate = (input: unknown, ctx: EvalContext, bindings?: JsonataBindings) => boolean | Promise<boolean>
type SyncPredicate = (input: unknown, ctx: EvalContext) => boolean

export type QueryLanguage = 'JSONPath' | 'JSONata'

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function compileChoiceRule(rule: object, queryLanguage: QueryLanguage): ChoicePredicate {
  const r = rule as Record<string, unknown>
  if (queryLanguage === 'JSONata' || 'Condition' in r) return compileCondition(r.Condition)
  return compileJsonPathRule(r)
}

function compileCondition(condition: unknown): ChoicePredicate {
  if (typeof condition === 'boolean') return () => condition
  const expr = jsonataTemplateExpression(condition)
  if (expr === undefined) {
    return () => {
      throw runtimeError(`The Condition field must be a JSONata expression or a boolean but was: ${JSON.stringify(condition ?? null)}`)
    }
  }
  return async (input, ctx, bindings) => {
    const b: JsonataBindings = bindings ?? { states: { input, context: ctx.context }, variables: ctx.variables }
    const value = await evaluateJsonataRaw(expr, b, 'Condition')
    expectJsonataType(value, 'boolean', expr, 'Condition')
    return value as boolean
  }
}

function compileJsonPathRule(r: Record<string, unknown>): SyncPredicate {
  if (Array.isArray(r.And)) {
    const parts = r.And.map((x) => compileJsonPathRule(isObject(x) ? x : {}))
    return (input, ctx) => parts.every((p) => p(input, ctx))
  }
  if (Array.isArray(r.Or)) {
    const parts = r.Or.map((x) => compileJsonPathRule(isObject(x) ? x : {}))
    return (input, ctx) => parts.some((p) => p(input, ctx))
  }
  if (isObject(r.Not)) {
    const inner = compileJsonPathRule(r.Not)
    return (input, ctx) => !inner(input, ctx)
  }
  if (typeof r.Variable !== 'string') {
    return () => {
      throw runtimeError('A Choice rule needs a Variable and a comparison, or And, Or or Not')
    }
  }
  const variable = r.Variable
  const operator = Object.keys(r).find((k) => k in comparators || k in typeTests || k === 'IsPresent')
  if (operator === undefined) {
    return () => {
      throw runtimeError(`The Choice rule on '${variable}' has no comparison operator`)
    }
  }
  const operand = r[operator]

  if (operator === 'IsPresent') {
    const raw = compileRawPath(variable)
    return (input, ctx) => present(raw, input, ctx) === operand
  }

  const read = compilePath(variable)
  const typeTest = typeTests[operator]
  if (typeTest) return (input, ctx) => typeTest(read(input, ctx)) === operand

  const comparator = comparators[operator]!
  if (comparator.path) {
    const other = compilePath(String(operand))
    return (input, ctx) => comparator.test(read(input, ctx), other(input, ctx))
  }
  return (input, ctx) => comparator.test(read(input, ctx), operand)
}

function present(raw: (v: unknown, ctx?: EvalContext) => unknown, input: unknown, ctx: EvalContext): boolean {
  try {
    raw(input, ctx)
    return true
  } catch (e) {
    if (e instanceof PathNotFound) return false
    throw e
  }
}

/** Compiles every rule of a Choice state; the index of the first match, or -1 (Default). */
export function compileChoices(choices: unknown, queryLanguage: QueryLanguage): (input: unknown, ctx: EvalContext, bindings?: JsonataBindings) => Promise<number> | number {
  const rules = (Array.isArray(choices) ? choices : []).map((c) => compileChoiceRule(isObject(c) ? c : {}, queryLanguage))
  return (input, ctx, bindings) => {
    for (let i = 0; i < rules.length; i++) {
      const hit = rules[i]!(input, ctx, bindings)
      if (hit instanceof Promise) return firstAsync(rules, i, hit, input, ctx, bindings)
      if (hit) return i
    }
    return -1
  }
}

async function firstAsync(rules: ChoicePredicate[], from: number, pending: Promise<boolean>, input: unknown, ctx: EvalContext, bindings?: JsonataBindings): Promise<number> {
  if (await pending) return from
  for (let i = from + 1; i < rules.length; i++) if (await rules[i]!(input, ctx, bindings)) return i
  return -1
}

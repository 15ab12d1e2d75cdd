// JSONata for `QueryLanguage: JSONata` states: compiled once per expression text, evaluated with
// `$states` and the variables in scope; failures become States.QueryEvaluationError in AWS's words.
import jsonata from 'jsonata'
import { flattenVariables, type Variables } from '../context.ts'
import { queryEvaluationError, StatesError } from '../errors.ts'
import { awsJsonataFunctions, type JsonataRandomness } from './functions.ts'

export interface StatesBinding {
  input: unknown
  context: object
  result?: unknown
  errorOutput?: unknown
}

export interface JsonataBindings {
  states: StatesBinding
  variables: Variables
  /** Randomness for $random / $uuid (defaults: Math.random, crypto.randomUUID). */
  intrinsics?: JsonataRandomness
}

type Expression = ReturnType<typeof jsonata>

interface Compiled {
  expression?: Expression
  error?: { code?: string; message: string }
}

const cache = new Map<string, Compiled>()
const defaultFunctions = awsJsonataFunctions()

function compile(expr: string): Compiled {
  let hit = cache.get(expr)
  if (!hit) {
    try {
      hit = { expression: jsonata(expr) }
    } catch (e) {
      hit = { error: describe(e) }
    }
    if (cache.size > 10_000) cache.clear()
    cache.set(expr, hit)
  }
  return hit
}

function describe(e: unknown): { code?: string; message: string } {
  const err = e as { code?: unknown; message?: unknown }
  return { code: typeof err?.code === 'string' ? err.code : undefined, message: typeof err?.message === 'string' ? err.message : String(e) }
}

/** The syntax problem of an expression, for validation; undefined when it parses. */
export function jsonataSyntaxProblem(expr: string): string | undefined {
  const { error } = compile(expr)
  return error ? (error.code ? `${error.code}: ${error.message}` : error.message) : undefined
}

const TEMPLATE = /^\{%([\s\S]*)%\}$/

/** `{% expr %}` → the expression text, else undefined. */
export function jsonataTemplateExpression(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const m = TEMPLATE.exec(value)
  return m ? m[1]!.trim() : undefined
}

export function isJsonataTemplate(value: unknown): value is string {
  return jsonataTemplateExpression(value) !== undefined
}

function bindingsFor(b: JsonataBindings): Record<string, unknown> {
  const fns = b.intrinsics ? awsJsonataFunctions(b.intrinsics) : defaultFunctions
  // Variables may shadow AWS's functions (as in AWS); `$states` is reserved.
  return { ...fns, ...flattenVariables(b.variables), states: b.states }
}

/**
 * Evaluates one expression. `undefined` (no result) is returned as is; the template functions turn
 * it into AWS's "returned nothing" error for the field.
 */
export async function evaluateJsonataRaw(expr: string, bindings: JsonataBindings, field = 'Output'): Promise<unknown> {
  const compiled = compile(expr)
  if (compiled.error) throw threw(expr, field, compiled.error)
  try {
    return await compiled.expression!.evaluate(bindings.states.input, bindingsFor(bindings))
  } catch (e) {
    if (e instanceof StatesError) throw e
    throw threw(expr, field, describe(e))
  }
}

function threw(expr: string, field: string, error: { code?: string; message: string }): StatesError {
  const what = error.code ? `${error.code}: ${error.message}` : error.message
  return queryEvaluationError(`The JSONata expression '${expr}' specified for the field '${field}' threw an error during evaluation. ${what}`)
}

/** Evaluates `expr`; a result of nothing is AWS's "returned nothing (undefined)" error. */
export async function evaluateJsonata(expr: string, bindings: JsonataBindings, field = 'Output'): Promise<unknown> {
  const value = await evaluateJsonataRaw(expr, bindings, field)
  if (value === undefined) {
    throw queryEvaluationError(`The JSONata expression '${expr}' specified for the field '${field}' returned nothing (undefined).`)
  }
  return toJson(value)
}

/**
 * Evaluates every `{% %}` string anywhere in `value` (Arguments, Output, Assign, Items, …); `field`
 * names the ASL field for messages and grows with nested keys: `Output/result`.
 */
export async function evaluateJsonataTemplate(value: unknown, bindings: JsonataBindings, field = 'Output'): Promise<unknown> {
  if (typeof value === 'string') {
    const expr = jsonataTemplateExpression(value)
    return expr === undefined ? value : evaluateJsonata(expr, bindings, field)
  }
  if (Array.isArray(value)) {
    const out: unknown[] = []
    for (let i = 0; i < value.length; i++) out.push(await evaluateJsonataTemplate(value[i], bindings, `${field}[${i}]`))
    return out
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = await evaluateJsonataTemplate(v, bindings, `${field}/${k}`)
    return out
  }
  return value
}

/** Whether a template holds any `{% %}` string (a constant one need not be evaluated). */
export function hasJsonataTemplate(value: unknown): boolean {
  if (typeof value === 'string') return isJsonataTemplate(value)
  if (Array.isArray(value)) return value.some(hasJsonataTemplate)
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasJsonataTemplate)
  return false
}

export type JsonType = 'array' | 'object' | 'string' | 'number' | 'boolean' | 'null'

export function jsonType(v: unknown): JsonType {
  if (v === null || v === undefined) return 'null'
  if (Array.isArray(v)) return 'array'
  const t = typeof v
  return t === 'string' || t === 'number' || t === 'boolean' ? t : 'object'
}

/** AWS's error for a JSONata result of the wrong type (Items must be an array, Condition a boolean, …). */
export function expectJsonataType(value: unknown, expected: JsonType | JsonType[], expr: string, field: string): void {
  const wanted = Array.isArray(expected) ? expected : [expected]
  const actual = jsonType(value)
  if (wanted.includes(actual)) return
  throw queryEvaluationError(
    `The JSONata expression '${expr}' specified for the field '${field}' returned an unexpected result type. Expected '${wanted.join("' or '")}', but was '${actual}' for value: ${JSON.stringify(value ?? null)}`,
  )
}

/** jsonata results can carry sequence markers and functions; keep plain JSON. */
function toJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toJson)
  if (typeof v === 'function') return undefined
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) {
      const j = toJson(x)
      if (j !== undefined) out[k] = j
    }
    return out
  }
  return v
}

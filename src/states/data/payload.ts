// Payload templates (Parameters, ItemSelector, ResultSelector, Arguments in JSONPath states): keys
// ending in `.$` take a path, a context path (`$$`), a variable (`$name`) or an intrinsic call.
import type { EvalContext } from './context.ts'
import { runtimeError } from './errors.ts'
import { compileIntrinsic, IntrinsicPathNotFound } from './intrinsics/evaluate.ts'
import { isIntrinsic } from './intrinsics/parse.ts'
import { PathNotFound } from './jsonpath/evaluate.ts'
import { compileRawPath } from './jsonpath/path.ts'

export type CompiledTemplate = (input: unknown, ctx?: EvalContext) => unknown

const cache = new WeakMap<object, CompiledTemplate>()

export function compilePayloadTemplate(template: unknown): CompiledTemplate {
  if (typeof template !== 'object' || template === null) return () => template
  let fn = cache.get(template)
  if (!fn) {
    fn = compileValue(template)
    cache.set(template, fn)
  }
  return fn
}

export function evaluatePayloadTemplate(template: unknown, input: unknown, ctx?: EvalContext): unknown {
  return compilePayloadTemplate(template)(input, ctx)
}

function compileValue(value: unknown): CompiledTemplate {
  if (Array.isArray(value)) {
    const items = value.map(compileValue)
    return (input, ctx) => items.map((f) => f(input, ctx))
  }
  if (typeof value !== 'object' || value === null) return () => value
  const fields: Array<[string, CompiledTemplate]> = []
  for (const [key, v] of Object.entries(value)) {
    if (key.endsWith('.$')) fields.push([key.slice(0, -2), compileDynamic(key, v)])
    else fields.push([key, compileValue(v)])
  }
  return (input, ctx) => {
    const out: Record<string, unknown> = {}
    for (const [k, f] of fields) out[k] = f(input, ctx)
    return out
  }
}

/** The value of a `key.$` field: a path or an intrinsic call, with AWS's error when a path misses. */
export function compileDynamic(field: string, expr: unknown): CompiledTemplate {
  if (typeof expr !== 'string') {
    return () => {
      throw runtimeError(`The value for the field '${field}' must be a STRING that contains a JSONPath but was an ${jsonType(expr)}`)
    }
  }
  const evaluate = isIntrinsic(expr) ? compileIntrinsic(expr) : compileRawPath(expr)
  return (input, ctx) => {
    try {
      return evaluate(input, ctx)
    } catch (e) {
      if (e instanceof PathNotFound) throw missingPath(e instanceof IntrinsicPathNotFound ? e.path : expr, field, input, ctx)
      throw e
    }
  }
}

function missingPath(path: string, field: string, input: unknown, ctx: EvalContext | undefined) {
  const source = path.startsWith('$$') ? ctx?.context : input
  return runtimeError(`The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${JSON.stringify(source ?? null)}'`)
}

function jsonType(v: unknown): string {
  if (v === null) return 'NULL'
  if (Array.isArray(v)) return 'ARRAY'
  return typeof v === 'object' ? 'OBJECT' : typeof v === 'number' ? 'NUMBER' : typeof v === 'boolean' ? 'BOOLEAN' : 'STRING'
}

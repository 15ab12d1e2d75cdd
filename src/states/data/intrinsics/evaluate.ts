// Evaluates parsed intrinsic calls through one table of every States.* function, by AWS category.
import { randomUUID } from 'node:crypto'
import type { EvalContext } from '../context.ts'
import { runtimeError } from '../errors.ts'
import { PathNotFound } from '../jsonpath/evaluate.ts'
import { compileRawPath } from '../jsonpath/path.ts'
import { arrayFunctions } from './array.ts'
import { encodingFunctions } from './encoding.ts'
import { genericFunctions } from './generic.ts'
import { hashFunctions } from './hash.ts'
import { jsonFunctions } from './json.ts'
import { mathFunctions } from './math.ts'
import { IntrinsicSyntaxError, parseIntrinsic, type IntrinsicArg, type IntrinsicCall } from './parse.ts'
import { stringFunctions } from './string.ts'
import type { IntrinsicEnv, IntrinsicFunction } from './types.ts'
import { uuidFunctions } from './uuid.ts'

export const intrinsicFunctions: Readonly<Record<string, IntrinsicFunction>> = {
  ...genericFunctions,
  ...arrayFunctions,
  ...encodingFunctions,
  ...hashFunctions,
  ...jsonFunctions,
  ...mathFunctions,
  ...stringFunctions,
  ...uuidFunctions,
}

/** A path argument that named nothing: the caller words the error for its field. */
export class IntrinsicPathNotFound extends PathNotFound {
  constructor(readonly path: string, detail: string) {
    super(detail)
  }
}

export type CompiledIntrinsic = (input: unknown, ctx?: EvalContext) => unknown

const defaultEnv: IntrinsicEnv = { random: Math.random, uuid: randomUUID }

/** Parse problems and unknown functions or arities, for validation; undefined when fine. */
export function intrinsicProblem(source: string): string | undefined {
  try {
    checkCall(parseIntrinsic(source))
    return undefined
  } catch (e) {
    if (e instanceof IntrinsicSyntaxError) return e.detail
    if (e instanceof Error) return e.message
    throw e
  }
}

function checkCall(call: IntrinsicCall): void {
  const fn = intrinsicFunctions[call.name]
  if (!fn) throw new Error(`the intrinsic function ${call.name} does not exist`)
  if (call.args.length < fn.minArgs || call.args.length > fn.maxArgs) {
    throw new Error(`${call.name} takes ${fn.minArgs === fn.maxArgs ? fn.minArgs : `${fn.minArgs} to ${fn.maxArgs}`} arguments, not ${call.args.length}`)
  }
  for (const a of call.args) if (a.k === 'call') checkCall(a.call)
}

const cache = new Map<string, CompiledIntrinsic>()

export function compileIntrinsic(source: string): CompiledIntrinsic {
  let fn = cache.get(source)
  if (!fn) {
    fn = build(source)
    if (cache.size > 10_000) cache.clear()
    cache.set(source, fn)
  }
  return fn
}

function build(source: string): CompiledIntrinsic {
  let call: IntrinsicCall
  try {
    call = parseIntrinsic(source)
  } catch (e) {
    const detail = e instanceof IntrinsicSyntaxError ? e.detail : String(e)
    return () => {
      throw runtimeError(`The intrinsic function '${source}' is not valid: ${detail}`)
    }
  }
  return compileCall(call)
}

function compileCall(call: IntrinsicCall): CompiledIntrinsic {
  const fn = intrinsicFunctions[call.name]
  const args = call.args.map(compileArg)
  return (input, ctx) => {
    if (!fn) throw runtimeError(`The intrinsic function ${call.name} does not exist`)
    if (args.length < fn.minArgs || args.length > fn.maxArgs) throw runtimeError(`Invalid arguments in ${call.name}`)
    const values = args.map((a) => a(input, ctx))
    const env = ctx?.intrinsics ?? defaultEnv
    return fn.run(values, call, env)
  }
}

function compileArg(arg: IntrinsicArg): CompiledIntrinsic {
  if (arg.k === 'literal') return () => arg.value
  if (arg.k === 'call') return compileCall(arg.call)
  const path = compileRawPath(arg.source)
  return (input, ctx) => {
    try {
      return path(input, ctx)
    } catch (e) {
      if (e instanceof PathNotFound) throw new IntrinsicPathNotFound(arg.source, e.detail)
      throw e
    }
  }
}

export function evaluateIntrinsic(source: string, input: unknown, ctx?: EvalContext): unknown {
  return compileIntrinsic(source)(input, ctx)
}

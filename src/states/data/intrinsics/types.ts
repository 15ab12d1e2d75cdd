import { runtimeError, type StatesError } from '../errors.ts'
import type { IntrinsicCall } from './parse.ts'

/** Randomness comes in from outside so tests and replays can fix it. */
export interface IntrinsicEnv {
  random: () => number
  uuid: () => string
}

export interface IntrinsicFunction {
  minArgs: number
  maxArgs: number
  run(args: unknown[], call: IntrinsicCall, env: IntrinsicEnv): unknown
}

/** AWS reports a bad intrinsic argument as `States.Runtime` "Invalid arguments in States.X". */
export function invalidArguments(call: IntrinsicCall): StatesError {
  return runtimeError(`Invalid arguments in ${call.name}`)
}

export const isArray = Array.isArray
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
export const isString = (v: unknown): v is string => typeof v === 'string'
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** AWS rounds non-integer numeric arguments half up, like Java's Math.round. */
export const javaRound = (n: number): number => Math.floor(n + 0.5)

/** AWS's limit on strings given to encoding and hashing functions. */
export const MAX_STRING_INPUT = 10_000

// The functions AWS adds to JSONata in Step Functions: $partition $range $hash $random $uuid $parse.
// `$eval` is removed: calling it fails as calling any non-function does (T1006).
import { randomUUID } from 'node:crypto'
import { hashText } from '../intrinsics/hash.ts'

/** A JSONata failure shaped like jsonata's own errors (`code`, `message`). */
export class JsonataFunctionError extends Error {
  constructor(readonly code: string, message: string) {
    super(message)
  }
}

/** jsonata unwraps a one-item sequence, as AWS's $range result shows (`$range(1, 9, 9)` is `1`). */
function sequence(items: unknown[]): unknown[] {
  Object.defineProperty(items, 'sequence', { value: true, enumerable: false })
  return items
}

function seededRandom(seed: number): number {
  let a = Math.floor(seed) >>> 0
  a = (a + 0x6d2b79f5) >>> 0
  let t = Math.imul(a ^ (a >>> 15), a | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

export interface JsonataRandomness {
  random: () => number
  uuid: () => string
}

export function awsJsonataFunctions(env: JsonataRandomness = { random: Math.random, uuid: randomUUID }): Record<string, unknown> {
  return {
    eval: false,
    partition(array: unknown, size: unknown): unknown {
      if (!Array.isArray(array)) throw new JsonataFunctionError('D3140', 'Argument 1 of function $partition must be an array')
      if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) {
        throw new JsonataFunctionError('D3140', 'Argument 2 of function $partition must be a positive integer')
      }
      const out: unknown[][] = []
      for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size))
      return out
    },
    range(first: unknown, last: unknown, step: unknown): unknown {
      if (typeof first !== 'number' || typeof last !== 'number' || typeof step !== 'number' || step === 0) {
        throw new JsonataFunctionError('D3140', 'The arguments of function $range must be numbers and the step must not be zero')
      }
      const out: number[] = []
      for (let v = first; step > 0 ? v <= last : v >= last; v += step) {
        out.push(v)
        if (out.length > 1000) throw new JsonataFunctionError('D3140', 'The function $range cannot return more than 1000 items')
      }
      return sequence(out)
    },
    hash(value: unknown, algorithm: unknown): unknown {
      if (typeof value !== 'string' || typeof algorithm !== 'string') {
        throw new JsonataFunctionError('D3140', 'The arguments of function $hash must be strings')
      }
      const digest = hashText(value, algorithm)
      if (digest === undefined) throw new JsonataFunctionError('D3140', `The hash algorithm ${algorithm} is not supported`)
      return digest
    },
    random(seed?: unknown): unknown {
      if (seed === undefined) return env.random()
      if (typeof seed !== 'number') throw new JsonataFunctionError('D3140', 'Argument 1 of function $random must be a number')
      return seededRandom(seed)
    },
    uuid(): unknown {
      return env.uuid()
    },
    parse(text: unknown): unknown {
      if (typeof text !== 'string') throw new JsonataFunctionError('D3140', 'Argument 1 of function $parse must be a string')
      try {
        return JSON.parse(text)
      } catch {
        throw new JsonataFunctionError('D3140', `The string could not be parsed as JSON: ${text}`)
      }
    },
  }
}

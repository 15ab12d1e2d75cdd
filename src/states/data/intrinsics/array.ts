// States.Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength, ArrayUnique.
import { deepEqual } from '../jsonpath/evaluate.ts'
import { invalidArguments, isArray, isNumber, javaRound, type IntrinsicFunction } from './types.ts'

const MAX_RANGE_ITEMS = 1000

export const arrayFunctions: Record<string, IntrinsicFunction> = {
  'States.Array': { minArgs: 0, maxArgs: Infinity, run: (args) => args },

  'States.ArrayPartition': {
    minArgs: 2, maxArgs: 2,
    run([array, size], call) {
      if (!isArray(array) || !isNumber(size)) throw invalidArguments(call)
      const chunk = javaRound(size)
      if (chunk <= 0) throw invalidArguments(call)
      const out: unknown[][] = []
      for (let i = 0; i < array.length; i += chunk) out.push(array.slice(i, i + chunk))
      return out
    },
  },

  'States.ArrayContains': {
    minArgs: 2, maxArgs: 2,
    run([array, value], call) {
      if (!isArray(array)) throw invalidArguments(call)
      return array.some((item) => deepEqual(item, value))
    },
  },

  'States.ArrayRange': {
    minArgs: 3, maxArgs: 3,
    run([first, last, step], call) {
      if (!isNumber(first) || !isNumber(last) || !isNumber(step)) throw invalidArguments(call)
      const [a, b, s] = [javaRound(first), javaRound(last), javaRound(step)]
      if (s === 0) throw invalidArguments(call)
      const out: number[] = []
      for (let v = a; s > 0 ? v <= b : v >= b; v += s) {
        out.push(v)
        if (out.length > MAX_RANGE_ITEMS) throw invalidArguments(call)
      }
      return out
    },
  },

  'States.ArrayGetItem': {
    minArgs: 2, maxArgs: 2,
    run([array, index], call) {
      if (!isArray(array) || !isNumber(index) || !Number.isInteger(index)) throw invalidArguments(call)
      if (index < 0 || index >= array.length) throw invalidArguments(call)
      return array[index]
    },
  },

  'States.ArrayLength': {
    minArgs: 1, maxArgs: 1,
    run([array], call) {
      if (!isArray(array)) throw invalidArguments(call)
      return array.length
    },
  },

  'States.ArrayUnique': {
    minArgs: 1, maxArgs: 1,
    run([array], call) {
      if (!isArray(array)) throw invalidArguments(call)
      const out: unknown[] = []
      for (const item of array) if (!out.some((seen) => deepEqual(seen, item))) out.push(item)
      return out
    },
  },
}

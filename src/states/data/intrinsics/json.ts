// States.StringToJson, States.JsonToString, States.JsonMerge.
import { invalidArguments, isObject, isString, type IntrinsicFunction } from './types.ts'

export const jsonFunctions: Record<string, IntrinsicFunction> = {
  'States.StringToJson': {
    minArgs: 1, maxArgs: 1,
    run([text], call) {
      if (!isString(text)) throw invalidArguments(call)
      if (text.trim() === '') return null
      try {
        return JSON.parse(text)
      } catch {
        throw invalidArguments(call)
      }
    },
  },
  'States.JsonToString': {
    minArgs: 1, maxArgs: 1,
    run: ([value]) => JSON.stringify(value ?? null),
  },
  'States.JsonMerge': {
    minArgs: 3, maxArgs: 3,
    run([left, right, deep], call) {
      // AWS supports only the shallow merge: the third argument must be false.
      if (!isObject(left) || !isObject(right) || deep !== false) throw invalidArguments(call)
      return { ...left, ...right }
    },
  },
}

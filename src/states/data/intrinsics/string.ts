// States.StringSplit.
import { invalidArguments, isString, type IntrinsicFunction } from './types.ts'

export const stringFunctions: Record<string, IntrinsicFunction> = {
  'States.StringSplit': {
    minArgs: 2, maxArgs: 2,
    run([text, delimiters], call) {
      if (!isString(text) || !isString(delimiters)) throw invalidArguments(call)
      // AWS treats the delimiter as a set of characters and drops empty tokens.
      const set = new Set(delimiters)
      const out: string[] = []
      let token = ''
      for (const ch of text) {
        if (set.has(ch)) {
          if (token !== '') out.push(token)
          token = ''
        } else token += ch
      }
      if (token !== '') out.push(token)
      return out
    },
  },
}

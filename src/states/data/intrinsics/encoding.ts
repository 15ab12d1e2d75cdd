// States.Base64Encode, States.Base64Decode.
import { Buffer } from 'node:buffer'
import { invalidArguments, isString, MAX_STRING_INPUT, type IntrinsicFunction } from './types.ts'

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

export const encodingFunctions: Record<string, IntrinsicFunction> = {
  'States.Base64Encode': {
    minArgs: 1, maxArgs: 1,
    run([text], call) {
      if (!isString(text) || text.length > MAX_STRING_INPUT) throw invalidArguments(call)
      return Buffer.from(text, 'utf8').toString('base64')
    },
  },
  'States.Base64Decode': {
    minArgs: 1, maxArgs: 1,
    run([text], call) {
      if (!isString(text) || text.length > MAX_STRING_INPUT || !BASE64.test(text)) throw invalidArguments(call)
      return Buffer.from(text, 'base64').toString('utf8')
    },
  },
}

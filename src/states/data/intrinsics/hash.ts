// States.Hash.
import { createHash } from 'node:crypto'
import { invalidArguments, isString, MAX_STRING_INPUT, type IntrinsicFunction } from './types.ts'

const ALGORITHMS: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' }

export function hashText(data: string, algorithm: string): string | undefined {
  const node = ALGORITHMS[algorithm]
  return node ? createHash(node).update(data, 'utf8').digest('hex') : undefined
}

export const hashFunctions: Record<string, IntrinsicFunction> = {
  'States.Hash': {
    minArgs: 2, maxArgs: 2,
    run([data, algorithm], call) {
      if (data === null || data === undefined || !isString(algorithm)) throw invalidArguments(call)
      const text = isString(data) ? data : JSON.stringify(data)
      if (text.length > MAX_STRING_INPUT) throw invalidArguments(call)
      const digest = hashText(text, algorithm)
      if (digest === undefined) throw invalidArguments(call)
      return digest
    },
  },
}

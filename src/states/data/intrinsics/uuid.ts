// States.UUID.
import type { IntrinsicFunction } from './types.ts'

export const uuidFunctions: Record<string, IntrinsicFunction> = {
  'States.UUID': { minArgs: 0, maxArgs: 0, run: (_args, _call, env) => env.uuid() },
}

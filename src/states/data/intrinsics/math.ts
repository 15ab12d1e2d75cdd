// States.MathRandom, States.MathAdd.
import { invalidArguments, isNumber, javaRound, type IntrinsicFunction } from './types.ts'

const INT_MIN = -(2 ** 31)
const INT_MAX = 2 ** 31 - 1
const isInt32 = (n: number) => n >= INT_MIN && n <= INT_MAX

/** A small seeded generator (mulberry32) for States.MathRandom's optional seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const mathFunctions: Record<string, IntrinsicFunction> = {
  'States.MathRandom': {
    minArgs: 2, maxArgs: 3,
    run([start, end, seed], call, env) {
      if (!isNumber(start) || !isNumber(end) || (seed !== undefined && !isNumber(seed))) throw invalidArguments(call)
      const [lo, hi] = [javaRound(start), javaRound(end)]
      if (lo >= hi || !isInt32(lo) || !isInt32(hi)) throw invalidArguments(call)
      const r = seed === undefined ? env.random() : seeded(javaRound(seed))()
      return lo + Math.floor(r * (hi - lo))
    },
  },
  'States.MathAdd': {
    minArgs: 2, maxArgs: 2,
    run([a, b], call) {
      if (!isNumber(a) || !isNumber(b)) throw invalidArguments(call)
      const [x, y] = [javaRound(a), javaRound(b)]
      if (!isInt32(x) || !isInt32(y)) throw invalidArguments(call)
      return x + y
    },
  },
}

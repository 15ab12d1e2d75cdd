// Retry: the first retrier whose ErrorEquals matches decides; attempts are counted per retrier.
import type { Retrier } from '../compile.ts'
import { errorMatches } from './failure.ts'

/** The delay in ms before the next attempt, or undefined when the error is not retried (any more). */
export function retryDelay(retriers: Retrier[], counts: number[], error: string | undefined, random: () => number): number | undefined {
  for (let i = 0; i < retriers.length; i++) {
    const r = retriers[i]!
    if (!errorMatches(r.errorEquals, error)) continue
    const done = counts[i] ?? 0
    if (done >= r.maxAttempts) return undefined
    counts[i] = done + 1
    let seconds = r.intervalSeconds * Math.pow(r.backoffRate, done)
    if (r.maxDelaySeconds !== undefined) seconds = Math.min(seconds, r.maxDelaySeconds)
    if (r.jitter === 'FULL') seconds = random() * seconds
    return seconds * 1000
  }
  return undefined
}

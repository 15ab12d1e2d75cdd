// Catch: the first catcher whose ErrorEquals matches sends the state to its Next.
import type { Catcher } from '../compile.ts'
import { errorMatches } from './failure.ts'

export function findCatcher(catchers: Catcher[], error: string | undefined): Catcher | undefined {
  return catchers.find((c) => errorMatches(c.errorEquals, error))
}

/** The error output AWS passes to a catcher: `{Error, Cause}`. */
export function errorOutput(error: string | undefined, cause: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (error !== undefined) out.Error = error
  if (cause !== undefined) out.Cause = cause
  return out
}

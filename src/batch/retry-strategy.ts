import type { EvaluateOnExit, RetryStrategy } from './types.ts'
import { clientError } from './errors.ts'

/** How an attempt ended, as `evaluateOnExit` sees it. */
export interface AttemptOutcome {
  exitCode?: number
  /** The container's `reason` (`CannotPullContainerError…`, `OutOfMemoryError…`). */
  reason?: string
  /** The attempt's `statusReason` (`Essential container in task exited`, `Host EC2 … terminated.`). */
  statusReason?: string
}

/**
 * AWS Batch's glob: at most 512 characters, `*` only at the end (a prefix match), exact otherwise.
 * An absent field matches only `*`.
 */
export function globMatches(pattern: string, value: string | undefined): boolean {
  if (pattern.endsWith('*')) return (value ?? '').startsWith(pattern.slice(0, -1))
  return value !== undefined && value === pattern
}

function entryMatches(e: EvaluateOnExit, o: AttemptOutcome): boolean {
  if (e.onExitCode !== undefined && !globMatches(e.onExitCode, o.exitCode === undefined ? undefined : String(o.exitCode))) return false
  if (e.onReason !== undefined && !globMatches(e.onReason, o.reason)) return false
  if (e.onStatusReason !== undefined && !globMatches(e.onStatusReason, o.statusReason)) return false
  return true
}

/**
 * What happens after a failed attempt: the first `evaluateOnExit` entry whose given conditions all
 * match decides; none matching means RETRY; RETRY only while attempts remain.
 */
export function afterFailedAttempt(strategy: RetryStrategy | undefined, attemptsUsed: number, outcome: AttemptOutcome): 'RETRY' | 'EXIT' {
  const attempts = strategy?.attempts ?? 1
  if (attemptsUsed >= attempts) return 'EXIT'
  const rule = strategy?.evaluateOnExit?.find(e => entryMatches(e, outcome))
  const action = rule ? rule.action.toUpperCase() : 'RETRY'
  return action === 'RETRY' ? 'RETRY' : 'EXIT'
}

const REASON_CHARS = /^[A-Za-z0-9.:\s]*\*?$/

/** Validates a retry strategy as SubmitJob/RegisterJobDefinition do; `where` names the field. */
export function validateRetryStrategy(s: RetryStrategy | undefined, where: string): void {
  if (!s) return
  if (s.attempts !== undefined && (!Number.isInteger(s.attempts) || s.attempts < 1 || s.attempts > 10)) {
    throw clientError(`retryStrategy.attempts must be an integer from 1 to 10, got ${JSON.stringify(s.attempts)}`, `${where}.attempts`)
  }
  const list = s.evaluateOnExit ?? []
  if (list.length > 5) throw clientError(`retryStrategy.evaluateOnExit has ${list.length} entries, at most 5 are allowed`, `${where}.evaluateOnExit`)
  if (list.length > 0 && s.attempts === undefined) throw clientError('retryStrategy.attempts must be set when evaluateOnExit is', `${where}.attempts`)
  list.forEach((e, i) => {
    const at = `${where}.evaluateOnExit[${i}]`
    const action = String(e.action ?? '').toUpperCase()
    if (action !== 'RETRY' && action !== 'EXIT') throw clientError(`evaluateOnExit action must be RETRY or EXIT, got ${JSON.stringify(e.action)}`, `${at}.action`)
    for (const [field, value] of [['onExitCode', e.onExitCode], ['onReason', e.onReason], ['onStatusReason', e.onStatusReason]] as const) {
      if (value === undefined) continue
      if (value.length > 512) throw clientError(`evaluateOnExit ${field} is longer than 512 characters`, `${at}.${field}`)
      const ok = field === 'onExitCode' ? /^[0-9]*\*?$/.test(value) : REASON_CHARS.test(value)
      if (!ok || value.slice(0, -1).includes('*')) throw clientError(`evaluateOnExit ${field} is not a valid pattern: ${JSON.stringify(value)}`, `${at}.${field}`)
    }
  })
}

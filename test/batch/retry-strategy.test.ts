import { test } from 'node:test'
import assert from 'node:assert/strict'
import { afterFailedAttempt, globMatches } from '../../src/batch/index.ts'
import { validateRetryStrategy } from '../../src/batch/retry-strategy.ts'

test('globs: a trailing * is a prefix match, anything else is exact', () => {
  const cases: [string, string | undefined, boolean][] = [
    ['Host EC2*', 'Host EC2 (instance i-1) terminated.', true], ['Host EC2*', 'Task failed to start', false],
    ['1', '1', true], ['1', '137', false], ['13*', '137', true], ['*', undefined, true], ['1', undefined, false],
    ['AGENT', 'AGENT', true], ['AGENT', 'AGENTS', false],
  ]
  for (const [pattern, value, expected] of cases) assert.equal(globMatches(pattern, value), expected, `${pattern} vs ${value}`)
})

test('evaluateOnExit: first matching entry decides, all given conditions must match, no match retries', () => {
  const s = { attempts: 3, evaluateOnExit: [
    { onExitCode: '1', onStatusReason: 'Essential*', action: 'exit' },
    { onStatusReason: 'Host EC2*', action: 'RETRY' },
    { onExitCode: '2', action: 'EXIT' },
  ] }
  const table: [number, { exitCode?: number; statusReason?: string; reason?: string }, 'RETRY' | 'EXIT'][] = [
    [1, { exitCode: 1, statusReason: 'Essential container in task exited' }, 'EXIT'],
    [1, { exitCode: 1, statusReason: 'Host EC2 (instance x) terminated.' }, 'RETRY'],
    [1, { exitCode: 2, statusReason: 'Essential container in task exited' }, 'EXIT'],
    [1, { exitCode: 5, statusReason: 'Essential container in task exited' }, 'RETRY'],
    [3, { exitCode: 5, statusReason: 'Essential container in task exited' }, 'EXIT'],
  ]
  for (const [used, outcome, expected] of table) assert.equal(afterFailedAttempt(s, used, outcome), expected, JSON.stringify([used, outcome]))
  assert.equal(afterFailedAttempt(undefined, 1, { exitCode: 1 }), 'EXIT', 'one attempt by default')
  assert.equal(afterFailedAttempt({ attempts: 2 }, 1, { exitCode: 1 }), 'RETRY')
})

test('retry strategies are validated as AWS does', () => {
  assert.throws(() => validateRetryStrategy({ attempts: 11 }, 'rs'), /attempts must be an integer from 1 to 10/)
  assert.throws(() => validateRetryStrategy({ evaluateOnExit: [{ action: 'RETRY' }] }, 'rs'), /attempts must be set/)
  assert.throws(() => validateRetryStrategy({ attempts: 2, evaluateOnExit: [{ onExitCode: '1*2', action: 'RETRY' }] }, 'rs'), /not a valid pattern/)
  assert.throws(() => validateRetryStrategy({ attempts: 2, evaluateOnExit: [{ onExitCode: '1', action: 'MAYBE' }] }, 'rs'), /RETRY or EXIT/)
  assert.doesNotThrow(() => validateRetryStrategy({ attempts: 5, evaluateOnExit: [{ onStatusReason: 'Host EC2*', action: 'RETRY' }, { onReason: '*', action: 'EXIT' }] }, 'rs'))
})

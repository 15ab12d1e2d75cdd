import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { IntegrationRegistry, StatesService, TaskError, VirtualClock, type HistoryEvent } from '../../../src/states/index.ts'
import { openStore } from '../../../src/store/index.ts'
import { deriveStates } from '../../../src/api/console/index.ts'

const LAMBDA = 'arn:aws:states:::lambda:invoke'
const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-console-status-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/** Runs a definition on the durable service; the task `flaky` fails its first call, `broken` always fails. */
async function history(name: string, definition: object, input: unknown = {}): Promise<HistoryEvent[]> {
  const store = openStore(join(dir, `${name}.db`))
  const integrations = new IntegrationRegistry()
  let calls = 0
  integrations.register('arn:aws:states:::lambda:invoke', async task => {
    if ((task.parameters as { FunctionName: string }).FunctionName === 'broken') throw new TaskError('States.TaskFailed', JSON.stringify({ JobId: 'job-broken', Status: 'FAILED' }))
    if (++calls === 1) throw new TaskError('Flaky.Error', 'first call fails')
    return { JobId: 'job-flaky', Status: 'SUCCEEDED' }
  })
  const svc = new StatesService(store, { integrations, clock: new VirtualClock('2024-01-01T00:00:00.000Z') })
  svc.createStateMachine(name, definition)
  const { executionArn } = svc.startExecution(name, { input })
  await svc.waitFor(executionArn)
  const events = svc.getExecutionHistory(executionArn).events
  store.close()
  return events
}

test('retried, failed, caught, succeeded and never-run states, with their Batch jobs', async () => {
  const events = await history('mixed', {
    StartAt: 'flaky',
    States: {
      flaky: { Type: 'Task', Resource: LAMBDA, Parameters: { FunctionName: 'flaky' }, Retry: [{ ErrorEquals: ['Flaky.Error'], IntervalSeconds: 1, MaxAttempts: 2 }], ResultPath: null, Next: 'load' },
      load: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'fine', States: { fine: { Type: 'Pass', End: true } } },
          { StartAt: 'broken', States: { broken: { Type: 'Task', Resource: LAMBDA, Parameters: { FunctionName: 'broken' }, Next: 'after-broken' }, 'after-broken': { Type: 'Pass', End: true } } },
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'recover' }],
        Next: 'never',
      },
      never: { Type: 'Pass', End: true },
      recover: { Type: 'Pass', End: true },
    },
  }, { note: '<b>markup</b>' })
  const s = deriveStates(events)
  assert.equal(s.flaky?.status, 'succeeded')
  assert.equal(s.flaky?.retries, 1)
  assert.deepEqual(s.flaky?.jobIds, ['job-flaky'])
  assert.equal(s.broken?.status, 'failed')
  assert.equal(s.broken?.error, 'States.TaskFailed')
  assert.deepEqual(s.broken?.jobIds, ['job-broken'])
  assert.equal(s.load?.status, 'caught', 'the Parallel failed and its Catch led on')
  assert.equal(s.recover?.status, 'succeeded')
  assert.equal(s['after-broken'], undefined, 'never entered')
  assert.equal(s.never, undefined)
  assert.equal(s.fine?.status, 'succeeded')
  assert.deepEqual(JSON.parse(s.load!.input!), { note: '<b>markup</b>' })
})

test('an uncaught failure leaves its state failed; jobs reported live are added', async () => {
  const events = await history('uncaught', {
    StartAt: 'first', States: { first: { Type: 'Pass', Next: 'broken' }, broken: { Type: 'Task', Resource: LAMBDA, Parameters: { FunctionName: 'broken' }, End: true } },
  })
  assert.equal(events.at(-1)?.type, 'ExecutionFailed')
  const s = deriveStates(events, { broken: ['job-live'] })
  assert.equal(s.first?.status, 'succeeded')
  assert.equal(s.broken?.status, 'failed')
  assert.deepEqual(s.broken?.jobIds, ['job-broken', 'job-live'])
  // while the task runs (history cut after its scheduling), the state is running
  const cut = events.slice(0, events.findIndex(e => e.type === 'TaskScheduled') + 1)
  assert.equal(deriveStates(cut).broken?.status, 'running')
})

test('a Map state counts its iterations', async () => {
  const events = await history('map', {
    StartAt: 'each',
    States: { each: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'item', States: { item: { Type: 'Pass', End: true } } }, End: true } },
  }, { items: [1, 2, 3] })
  const s = deriveStates(events)
  assert.equal(s.each?.status, 'succeeded')
  assert.equal(s.item?.status, 'succeeded')
  assert.equal(s.item?.visits, 3)
})

test('a sibling branch stopped by a failure is shown aborted', async () => {
  const events = await history('aborted', {
    StartAt: 'both',
    States: {
      both: {
        Type: 'Parallel', End: true,
        Branches: [
          { StartAt: 'slow', States: { slow: { Type: 'Wait', Seconds: 60, End: true } } },
          { StartAt: 'broken', States: { broken: { Type: 'Task', Resource: LAMBDA, Parameters: { FunctionName: 'broken' }, End: true } } },
        ],
      },
    },
  })
  const s = deriveStates(events)
  assert.equal(s.broken?.status, 'failed')
  assert.equal(s.broken?.aborted, undefined)
  assert.equal(s.both?.status, 'failed')
  assert.equal(s.slow?.status, 'failed', `a stopped Wait is not left running: ${events.map(e => e.type).join(' ')}`)
  assert.equal(s.slow?.aborted, true)
})

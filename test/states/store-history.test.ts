import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { IntegrationRegistry, MemoryHistory, StatesEngine, StatesService, VirtualClock, type HistoryEvent } from '../../src/states/index.ts'
import { openStore } from '../../src/store/index.ts'

const START = '2024-01-01T00:00:00.000Z'

const definition = {
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Result: { i: 0, items: ['a', 'b\nc', { d: 1 }] }, Next: 'Check' },
    Check: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericGreaterThanEquals: 2, Next: 'Fan' }], Default: 'Inc' },
    Inc: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)', 'items.$': '$.items' }, Assign: { seen: 1 }, Next: 'Check' },
    Fan: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Each', States: { Each: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, Next: 'P' }, P: { Type: 'Pass', End: true } } }, End: true } } },
        { StartAt: 'Echo', States: { Echo: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:echo', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true }, Caught: { Type: 'Pass', End: true } } },
      ],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
}

function integrations(): IntegrationRegistry {
  const r = new IntegrationRegistry()
  r.register('arn:aws:lambda:*:*:function:echo', async () => { throw new Error('not a TaskError') })
  return r
}

describe('StoreHistory', () => {
  for (const live of [false, true]) {
    it(`stores what the engine emits, event for event (${live ? 'with' : 'without'} a live listener)`, async () => {
      const reference = new MemoryHistory()
      await new StatesEngine({ clock: new VirtualClock(START), integrations: integrations() }).run({ stateMachineName: 'M', name: 'e', definition, input: { x: 1 }, history: reference })
      const store = openStore(':memory:')
      const seen: HistoryEvent[] = []
      const svc = new StatesService(store, { clock: new VirtualClock(START), integrations: integrations(), onEvent: live ? (_arn, e) => seen.push(e) : undefined })
      svc.createStateMachine('M', definition)
      const { executionArn } = svc.startExecution('M', { name: 'e', input: { x: 1 } })
      const result = await svc.waitFor(executionArn)
      const stored = svc.getExecutionHistory(executionArn).events
      store.close()
      assert.ok(reference.events.length > 40, `${reference.events.length} events`)
      assert.deepEqual(stored, reference.events)
      assert.equal(JSON.stringify(stored), JSON.stringify(reference.events))
      assert.deepEqual(seen, live ? reference.events : [])
      assert.equal(result.status, reference.events.at(-1)!.type === 'ExecutionSucceeded' ? 'SUCCEEDED' : 'FAILED')
    })
  }
})

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { IntegrationRegistry, MemoryHistory, mockResolver, StatesEngine, VirtualClock, type MockConfigFile } from '../../src/states/index.ts'

// The Step Functions Local example shape: test cases name mocked responses per Task state.
const config: MockConfigFile = {
  StateMachines: {
    LoadOrders: {
      TestCases: {
        HappyPath: { Load: 'LoadOk', Notify: 'Published' },
        RetryPath: { Load: 'FailTwiceThenOk', Notify: 'Published' },
        FailPath: { Load: 'AlwaysFails' },
      },
    },
  },
  MockedResponses: {
    LoadOk: { '0': { Return: { rows: 42 } } },
    FailTwiceThenOk: { '0-1': { Throw: { Error: 'Batch.JobFailed', Cause: 'exit code 1' } }, '2': { Return: { rows: 7 } } },
    AlwaysFails: { '0': { Throw: { Error: 'Batch.JobFailed', Cause: 'exit code 3' } } },
    Published: { '0': { Return: { MessageId: 'm-1' } } },
  },
}

const definition = {
  StartAt: 'Load',
  States: {
    Load: {
      Type: 'Task', Resource: 'arn:aws:states:::batch:submitJob.sync', ResultSelector: { 'rows.$': '$.rows' }, ResultPath: '$.load', Next: 'Notify',
      Retry: [{ ErrorEquals: ['Batch.JobFailed'], IntervalSeconds: 30, MaxAttempts: 2 }],
    },
    Notify: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', ResultPath: null, End: true },
  },
}

async function run(testCase: string) {
  // no integration registered: only mocks answer, nothing real is invoked
  const engine = new StatesEngine({ clock: new VirtualClock('2024-01-01T00:00:00Z'), integrations: new IntegrationRegistry() })
  const history = new MemoryHistory()
  const result = await engine.run({ stateMachineName: 'LoadOrders', definition, input: {}, history, mock: mockResolver(config, 'LoadOrders', testCase) })
  return { result, types: history.events.map((e) => e.type) }
}

describe('MockConfigFile mode', () => {
  it('returns mocked results', async () => {
    const { result } = await run('HappyPath')
    assert.deepEqual(result, { status: 'SUCCEEDED', output: { load: { rows: 42 } } })
  })

  it('throws mocked errors per attempt, driving Retry on the virtual clock', async () => {
    const { result, types } = await run('RetryPath')
    assert.deepEqual(result.output, { load: { rows: 7 } })
    assert.equal(types.filter((t) => t === 'TaskFailed').length, 2)
    assert.equal(types.filter((t) => t === 'TaskScheduled').length, 4)
  })

  it('fails the execution when retries are spent', async () => {
    const { result } = await run('FailPath')
    assert.deepEqual(result, { status: 'FAILED', error: 'Batch.JobFailed', cause: 'exit code 3' })
  })

  it('reports unknown test cases and mocked responses with their location', () => {
    assert.throws(() => mockResolver(config, 'LoadOrders', 'Nope'), { code: 'InvalidMockConfig', message: /TestCases: no test case named Nope/ })
    assert.throws(() => mockResolver({ StateMachines: { M: { TestCases: { C: { S: 'Missing' } } } } }, 'M', 'C'), /the mocked response Missing does not exist/)
    assert.throws(() => mockResolver({ StateMachines: { M: { TestCases: { C: { S: 'R' } } } }, MockedResponses: { R: { x: { Return: 1 } } } }, 'M', 'C'), /MockedResponses\.R\.x/)
  })
})

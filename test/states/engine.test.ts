import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { IntegrationRegistry, MemoryHistory, StatesEngine, TaskError, VirtualClock, type HistoryEvent } from '../../src/states/index.ts'

const START = '2024-01-01T00:00:00.000Z'

function engine(clock = new VirtualClock(START)) {
  const integrations = new IntegrationRegistry()
  return { engine: new StatesEngine({ clock, integrations }), integrations, clock }
}

const types = (h: MemoryHistory) => h.events.map((e) => e.type)

describe('states engine', () => {
  it('runs Pass states with Parameters, ResultPath and OutputPath', async () => {
    const { engine: e } = engine()
    const history = new MemoryHistory()
    const r = await e.run({
      stateMachineName: 'M',
      input: { a: 1 },
      history,
      definition: {
        StartAt: 'P1',
        States: {
          P1: { Type: 'Pass', Parameters: { 'sum.$': 'States.MathAdd($.a, 2)' }, ResultPath: '$.r', Next: 'P2' },
          P2: { Type: 'Pass', OutputPath: '$.r', End: true },
        },
      },
    })
    assert.deepEqual(r, { status: 'SUCCEEDED', output: { sum: 3 } })
    assert.deepEqual(types(history), ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded'])
    const exited = history.events[2] as HistoryEvent & { stateExitedEventDetails: { output: string } }
    assert.equal(exited.stateExitedEventDetails.output, '{"a":1,"r":{"sum":3}}')
  })

  it('retries a failing task on the virtual clock, then catches', async () => {
    const { engine: e, integrations, clock } = engine()
    const calls: number[] = []
    integrations.register('arn:aws:states:::lambda:invoke', async () => {
      calls.push(clock.now())
      throw new TaskError('Boom', 'it broke')
    })
    const history = new MemoryHistory()
    const r = await e.run({
      stateMachineName: 'M',
      history,
      definition: {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true,
            Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 3 }],
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: 'Handled' }],
          },
          Handled: { Type: 'Pass', End: true },
        },
      },
    })
    assert.equal(r.status, 'SUCCEEDED')
    assert.deepEqual(r.output, { err: { Error: 'Boom', Cause: 'it broke' } })
    const t0 = Date.parse(START)
    assert.deepEqual(calls.map((t) => (t - t0) / 1000), [0, 2, 8])
    assert.equal(types(history).filter((t) => t === 'TaskFailed').length, 3)
  })

  it('States.ALL does not catch States.Runtime', async () => {
    const { engine: e } = engine()
    const r = await e.run({
      stateMachineName: 'M',
      definition: {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', InputPath: '$.missing', End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }] },
          H: { Type: 'Succeed' },
        },
      },
    })
    assert.equal(r.status, 'FAILED')
    assert.equal(r.error, 'States.Runtime')
    assert.match(r.cause!, /^An error occurred while executing the state 'T' \(entered at the event id #2\)\. Invalid path '\$\.missing'/)
  })

  it('times a task out (TaskTimedOut, States.Timeout) without sleeping', async () => {
    const { engine: e, integrations } = engine()
    let aborted = false
    integrations.register('arn:aws:states:::lambda:invoke', (t) => new Promise((_, reject) => t.signal.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted'))))))
    const history = new MemoryHistory()
    const started = Date.now()
    const r = await e.run({ stateMachineName: 'M', history, definition: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: 3600, End: true } } } })
    assert.equal(r.status, 'FAILED')
    assert.equal(r.error, 'States.Timeout')
    assert.ok(aborted, 'the handler saw its signal aborted')
    assert.ok(types(history).includes('TaskTimedOut'))
    assert.ok(Date.now() - started < 3_600_000)
  })

  it('heartbeats keep a task alive; a missing heartbeat fails it with States.HeartbeatTimeout', async () => {
    const clock = new VirtualClock(START, { autoAdvance: false })
    const { engine: e, integrations } = engine(clock)
    integrations.register('arn:aws:states:::batch:submitJob', async (t) => {
      for (let i = 0; i < 3; i++) {
        clock.advance(8000)
        t.heartbeat()
        await new Promise((r) => setImmediate(r))
      }
      return { done: true }
    })
    integrations.register('arn:aws:states:::glue:startJobRun', () => new Promise(() => {}))
    const def = (resource: string) => ({ StartAt: 'T', States: { T: { Type: 'Task', Resource: resource, HeartbeatSeconds: 10, End: true } } })
    const ok = await e.run({ stateMachineName: 'M', definition: def('arn:aws:states:::batch:submitJob.sync') })
    assert.deepEqual(ok, { status: 'SUCCEEDED', output: { done: true } })
    const run = e.start({ stateMachineName: 'M', definition: def('arn:aws:states:::glue:startJobRun.sync') })
    await new Promise((r) => setImmediate(r))
    clock.advance(10_000)
    const r = await run.done
    assert.equal(r.error, 'States.HeartbeatTimeout')
  })

  it('waits for a task token: SendTaskSuccess and SendTaskFailure', async () => {
    const { engine: e, integrations } = engine()
    const tokens: string[] = []
    integrations.register('arn:aws:states:::sns:publish', async (t) => {
      tokens.push((t.parameters as { token: string }).token)
      assert.equal(t.taskToken, (t.parameters as { token: string }).token)
    })
    const def = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish.waitForTaskToken', Parameters: { 'token.$': '$$.Task.Token' }, End: true } } }
    const a = e.start({ stateMachineName: 'M', definition: def })
    const b = e.start({ stateMachineName: 'M', definition: def })
    while (tokens.length < 2) await new Promise((r) => setImmediate(r))
    e.sendTaskSuccess(tokens[0]!, { approved: true })
    e.sendTaskFailure(tokens[1]!, 'Rejected', 'no')
    assert.deepEqual(await a.done, { status: 'SUCCEEDED', output: { approved: true } })
    assert.deepEqual(await b.done, { status: 'FAILED', error: 'Rejected', cause: 'no' })
    assert.throws(() => e.sendTaskSuccess(tokens[0]!, {}), { name: 'TaskDoesNotExist' })
  })

  it('StopExecution aborts the running task and ends ABORTED with TaskStateAborted', async () => {
    const { engine: e, integrations } = engine()
    let signalled = false
    let startedTask!: () => void
    const taskStarted = new Promise<void>((r) => (startedTask = r))
    integrations.register('arn:aws:states:::ecs:runTask', (t) => {
      startedTask()
      return new Promise((_, reject) => t.signal.addEventListener('abort', () => ((signalled = true), reject(new Error('stopped')))))
    })
    const history = new MemoryHistory()
    const run = e.start({ stateMachineName: 'M', history, definition: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', End: true } } } })
    await taskStarted
    assert.equal(e.stop(run.executionArn, 'Stopped', 'by a test'), true)
    const r = await run.done
    assert.deepEqual(r, { status: 'ABORTED', error: 'Stopped', cause: 'by a test' })
    assert.ok(signalled)
    assert.deepEqual(types(history).slice(-2), ['TaskStateAborted', 'ExecutionAborted'])
  })

  it('ends TIMED_OUT past the machine TimeoutSeconds', async () => {
    const { engine: e } = engine()
    const r = await e.run({ stateMachineName: 'M', definition: { TimeoutSeconds: 5, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } } })
    assert.equal(r.status, 'TIMED_OUT')
    assert.equal(r.error, 'States.Timeout')
  })

  it('runs Map iterations concurrently when they wait, and fails on the first failed item', async () => {
    const { engine: e, integrations } = engine()
    let inFlight = 0
    let peak = 0
    integrations.register('arn:aws:states:::lambda:invoke', async (t) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await new Promise((r) => setTimeout(r, 5))
      inFlight--
      const n = (t.parameters as { n: number }).n
      if (n === 99) throw new TaskError('Bad', `item ${n}`)
      return n * 2
    })
    const def = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map', MaxConcurrency: 3, ItemsPath: '$.items', ItemSelector: { 'n.$': '$$.Map.Item.Value' },
          ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } },
          End: true,
        },
      },
    }
    const ok = await e.run({ stateMachineName: 'M', definition: def, input: { items: [1, 2, 3, 4, 5, 6] } })
    assert.deepEqual(ok.output, [2, 4, 6, 8, 10, 12])
    assert.equal(peak, 3)
    const bad = await e.run({ stateMachineName: 'M', definition: def, input: { items: [1, 99, 3] } })
    assert.deepEqual(bad, { status: 'FAILED', error: 'Bad', cause: 'item 99' })
  })

  it('scopes variables: Map iterations read outer variables, their Assign stays inside', async () => {
    const { engine: e } = engine()
    const r = await e.run({
      stateMachineName: 'M',
      input: [1, 2],
      definition: {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { outer: 10 }, Next: 'M' },
          M: {
            Type: 'Map',
            ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', Parameters: { 'v.$': '$outer' }, Assign: { inner: 1 }, End: true } } },
            Next: 'Check',
          },
          Check: { Type: 'Pass', Parameters: { 'outer.$': '$outer', 'n.$': 'States.ArrayLength($)' }, End: true },
        },
      },
    })
    assert.deepEqual(r, { status: 'SUCCEEDED', output: { outer: 10, n: 2 } })
  })

  it('fails an execution past the 25,000-event history quota, as AWS does', async () => {
    const { engine: e } = engine()
    const loop = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'A' } } }
    const r = await e.run({ stateMachineName: 'M', definition: loop })
    assert.equal(r.status, 'FAILED')
    assert.equal(r.error, 'States.Runtime')
    const inMap = await e.run({ stateMachineName: 'M', input: [1, 2], definition: { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: loop, End: true } } } })
    assert.equal(inMap.error, 'States.Runtime')
    const lifted = new StatesEngine({ clock: new VirtualClock(START), integrations: new IntegrationRegistry(), maxHistoryEvents: 100 })
    const small = await lifted.run({ stateMachineName: 'M', definition: loop })
    assert.match(small.cause!, /maximum number of history events \(100\)/)
  })

  it('SendTaskHeartbeat keeps a .waitForTaskToken task alive past HeartbeatSeconds', async () => {
    const clock = new VirtualClock(START, { autoAdvance: false })
    const { engine: e, integrations } = engine(clock)
    const tokens: string[] = []
    integrations.register('arn:aws:states:::sqs:sendMessage', async (t) => void tokens.push(t.taskToken!))
    const def = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', HeartbeatSeconds: 10, End: true } } }
    const kept = e.start({ stateMachineName: 'M', definition: def })
    const lost = e.start({ stateMachineName: 'M', definition: def })
    while (tokens.length < 2) await new Promise((r) => setImmediate(r))
    for (let i = 0; i < 3; i++) {
      clock.advance(8000)
      e.sendTaskHeartbeat(tokens[0]!)
      await new Promise((r) => setImmediate(r))
    }
    e.sendTaskSuccess(tokens[0]!, 'done')
    assert.deepEqual(await kept.done, { status: 'SUCCEEDED', output: 'done' })
    const r = await lost.done
    assert.equal(r.error, 'States.HeartbeatTimeout')
  })
})

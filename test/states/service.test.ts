import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { IntegrationRegistry, StatesService, TaskError, VirtualClock } from '../../src/states/index.ts'
import { openStore } from '../../src/store/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-states-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function service(name: string) {
  const store = openStore(join(dir, `${name}.db`))
  const integrations = new IntegrationRegistry()
  const svc = new StatesService(store, { clock: new VirtualClock('2024-01-01T00:00:00.000Z'), integrations })
  return { store, svc, integrations }
}

describe('states service (durable)', () => {
  it('persists executions and their history; lists, describes and pages', async () => {
    const { store, svc } = service('basic')
    svc.createStateMachine('Loop', {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Check' },
        Check: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericGreaterThanEquals: 5, Next: 'Done' }], Default: 'Inc' },
        Inc: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
        Done: { Type: 'Succeed' },
      },
    })
    const arns: string[] = []
    for (const name of ['a', 'b', 'c']) arns.push(svc.startExecution('Loop', { name }).executionArn)
    for (const arn of arns) assert.deepEqual(await svc.waitFor(arn), { status: 'SUCCEEDED', output: { i: 5 }, error: undefined, cause: undefined })
    const d = svc.describeExecution(arns[0]!)
    assert.equal(d.status, 'SUCCEEDED')
    assert.equal(d.output, '{"i":5}')
    assert.equal(d.executionArn, 'arn:aws:states:us-east-1:123456789012:execution:Loop:a')
    const page1 = svc.listExecutions({ stateMachine: 'Loop', maxResults: 2 })
    assert.equal(page1.executions.length, 2)
    const page2 = svc.listExecutions({ stateMachine: 'Loop', maxResults: 2, nextToken: page1.nextToken })
    assert.deepEqual([...page1.executions, ...page2.executions].map((e) => e.name).sort(), ['a', 'b', 'c'])
    assert.equal(page2.nextToken, undefined)
    // 1 started + Init(2) + 6 Checks(12) + 5 Incs(10) + Done(2) + succeeded = 28
    const all = svc.getExecutionHistory(arns[0]!).events
    assert.equal(all.length, 28)
    assert.deepEqual(all.map((e) => e.id), Array.from({ length: 28 }, (_, i) => i + 1))
    const first = svc.getExecutionHistory(arns[0]!, { maxResults: 10 })
    const second = svc.getExecutionHistory(arns[0]!, { maxResults: 100, nextToken: first.nextToken })
    assert.deepEqual([...first.events, ...second.events], all)
    const reversed = svc.getExecutionHistory(arns[0]!, { reverseOrder: true, maxResults: 3 })
    assert.deepEqual(reversed.events.map((e) => e.type), ['ExecutionSucceeded', 'SucceedStateExited', 'SucceedStateEntered'])
    assert.throws(() => svc.describeExecution('arn:aws:states:us-east-1:123456789012:execution:Loop:nope'), { code: 'ExecutionDoesNotExist' })
    assert.throws(() => svc.startExecution('Loop', { name: 'a', input: { x: 1 } }), { code: 'ExecutionAlreadyExists' })
    assert.throws(() => svc.createStateMachine('Bad', { StartAt: 'X', States: {} }), { code: 'InvalidDefinition' })
    store.close()
  })

  it('StopExecution aborts a running task and records ExecutionAborted', async () => {
    const { store, svc, integrations } = service('stop')
    let aborted = false
    integrations.register('arn:aws:states:::batch:submitJob', (t) => new Promise((_, reject) => t.signal.addEventListener('abort', () => ((aborted = true), reject(new Error('stopped'))))))
    svc.createStateMachine('Job', { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::batch:submitJob.sync', End: true } } })
    const { executionArn } = svc.startExecution('Job', { name: 'x' })
    await new Promise((r) => setImmediate(r))
    svc.stopExecution(executionArn, { error: 'Cancelled', cause: 'operator' })
    const r = await svc.waitFor(executionArn)
    assert.equal(r.status, 'ABORTED')
    assert.ok(aborted)
    const types = svc.getExecutionHistory(executionArn).events.map((e) => e.type)
    assert.deepEqual(types, ['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskStateAborted', 'ExecutionAborted'])
    assert.equal(svc.describeExecution(executionArn).redriveStatus, 'REDRIVABLE')
    store.close()
  })

  it('redrives a failed execution: same ARN, only the failed Map iterations rerun', async () => {
    const { store, svc, integrations } = service('redrive')
    const calls: number[] = []
    let healthy = false
    integrations.register('arn:aws:states:::lambda:invoke', async (t) => {
      const n = (t.parameters as { n: number }).n
      calls.push(n)
      if (n === 2 && !healthy) throw new TaskError('Flaky', `item ${n}`)
      return n * 10
    })
    svc.createStateMachine('Fan', {
      StartAt: 'Before',
      States: {
        Before: { Type: 'Pass', Next: 'M' },
        M: {
          Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 1, ItemSelector: { 'n.$': '$$.Map.Item.Value' },
          ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } },
          Next: 'After',
        },
        After: { Type: 'Pass', End: true },
      },
    })
    const { executionArn } = svc.startExecution('Fan', { name: 'r', input: { items: [1, 2, 3] } })
    assert.equal((await svc.waitFor(executionArn)).status, 'FAILED')
    assert.deepEqual(calls, [1, 2])
    healthy = true
    svc.redriveExecution(executionArn)
    const r = await svc.waitFor(executionArn)
    assert.deepEqual(r.output, [10, 20, 30])
    assert.deepEqual(calls, [1, 2, 2, 3], 'item 1 is not run again')
    const d = svc.describeExecution(executionArn)
    assert.equal(d.redriveCount, 1)
    assert.equal(d.status, 'SUCCEEDED')
    const events = svc.getExecutionHistory(executionArn).events
    assert.deepEqual(events.map((e) => e.id), events.map((_, i) => i + 1), 'ids are contiguous')
    const types = events.map((e) => e.type)
    assert.equal(types.filter((t) => t === 'ExecutionStarted').length, 1)
    assert.equal(types.filter((t) => t === 'ExecutionRedriven').length, 1)
    assert.equal(types.filter((t) => t === 'PassStateEntered').length, 2, 'Before is not rerun; After runs once')
    assert.throws(() => svc.redriveExecution(executionArn), { code: 'ExecutionNotRedrivable' })
    store.close()
  })

  it('redrives a failed Parallel: the succeeded branch is not rerun', async () => {
    const { store, svc, integrations } = service('redrive-parallel')
    const calls: string[] = []
    let healthy = false
    integrations.register('arn:aws:states:::lambda:invoke', async (t) => {
      const b = (t.parameters as { b: string }).b
      calls.push(b)
      if (b === 'right' && !healthy) throw new TaskError('Flaky', 'not yet')
      return b
    })
    const branch = (b: string) => ({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { b }, End: true } } })
    svc.createStateMachine('Par', { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [branch('left'), branch('right')], End: true } } })
    const { executionArn } = svc.startExecution('Par', { name: 'p' })
    assert.equal((await svc.waitFor(executionArn)).status, 'FAILED')
    healthy = true
    svc.redriveExecution(executionArn)
    assert.deepEqual((await svc.waitFor(executionArn)).output, ['left', 'right'])
    assert.deepEqual(calls, ['left', 'right', 'right'])
    store.close()
  })

  it('a redriven task is a new attempt: its task key and task token differ from the failed one', async () => {
    const { store, svc, integrations } = service('redrive-key')
    const seen: Array<{ key: string; token?: string }> = []
    let healthy = false
    integrations.register('arn:aws:states:::sqs:sendMessage', async (t) => {
      seen.push({ key: t.taskKey!, token: t.taskToken })
      if (!healthy) throw new TaskError('Flaky', 'not yet')
      setTimeout(() => svc.sendTaskSuccess(t.taskToken!, '"done"'), 5)
      return undefined
    })
    svc.createStateMachine('Tok', { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true } } })
    const { executionArn } = svc.startExecution('Tok', { name: 't' })
    assert.equal((await svc.waitFor(executionArn)).status, 'FAILED')
    healthy = true
    svc.redriveExecution(executionArn)
    const r = await svc.waitFor(executionArn)
    assert.equal(r.status, 'SUCCEEDED')
    assert.equal(seen.length, 2)
    assert.notEqual(seen[1].key, seen[0].key, 'a nested execution named after the key would clash with the failed attempt\'s')
    assert.notEqual(seen[1].token, seen[0].token, 'a stale token from before the redrive must not complete the new attempt')
    store.close()
  })

  it('re-attaches a .waitForTaskToken task after the process that ran it is gone', async () => {
    const path = join(dir, 'reattach.db')
    const tokens: string[] = []
    const keys: Array<[string, boolean]> = []
    const make = () => {
      const integrations = new IntegrationRegistry()
      integrations.register('arn:aws:states:::sqs:sendMessage', async (t) => {
        tokens.push(t.taskToken!)
        keys.push([t.taskKey!, t.reattach === true])
      }, { recovery: 'reattach' })
      return new StatesService(openStore(path), { integrations })
    }
    const first = make()
    first.createStateMachine('Approve', { StartAt: 'Ask', States: { Ask: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { 'token.$': '$$.Task.Token' }, End: true } } })
    const { executionArn } = first.startExecution('Approve', { name: 'a' })
    while (tokens.length < 1) await new Promise((r) => setImmediate(r))
    first.sendTaskHeartbeat(tokens[0]!)
    // a second service on the same store stands in for the restarted process
    const second = make()
    assert.deepEqual(second.recover(), [executionArn])
    while (tokens.length < 2) await new Promise((r) => setImmediate(r))
    assert.equal(tokens[1], tokens[0], 'the same token is re-attached')
    assert.deepEqual(keys.map((k) => k[1]), [false, true])
    assert.equal(keys[1]![0], keys[0]![0], 'the same task key')
    // (the first service's run stays parked on its token, as a dead process's would be gone)
    second.sendTaskSuccess(tokens[0]!, { approved: true })
    const r = await second.waitFor(executionArn)
    assert.equal(r.status, 'SUCCEEDED')
    assert.deepEqual(r.output, { approved: true })
    const types = second.getExecutionHistory(executionArn).events.map((e) => e.type)
    assert.equal(types.filter((t) => t === 'TaskScheduled').length, 1, 'the task is not scheduled twice')
    first.store.close()
    second.store.close()
  })

  it('redrives a TIMED_OUT execution with its TimeoutSeconds restarted', async () => {
    const { store, svc } = service('redrive-timeout')
    svc.createStateMachine('Slow', { TimeoutSeconds: 100, StartAt: 'W1', States: { W1: { Type: 'Wait', Seconds: 60, Next: 'W2' }, W2: { Type: 'Wait', Seconds: 60, End: true } } })
    const { executionArn } = svc.startExecution('Slow', { name: 's' })
    assert.equal((await svc.waitFor(executionArn)).status, 'TIMED_OUT')
    svc.redriveExecution(executionArn)
    const r = await svc.waitFor(executionArn)
    assert.equal(r.status, 'SUCCEEDED', 'W1 finished before the timeout; W2 alone fits in a fresh 100 s')
    const types = svc.getExecutionHistory(executionArn).events.map((e) => e.type)
    assert.equal(types.filter((t) => t === 'WaitStateExited').length, 2)
    assert.equal(types.filter((t) => t === 'WaitStateEntered').length, 3, 'W2 entered before the timeout and again on redrive')
    store.close()
  })
})

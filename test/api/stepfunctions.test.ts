// Step Functions over JSON 1.0, driven by the real @aws-sdk/client-sfn against a listening server.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateStateMachineCommand, DescribeExecutionCommand, DescribeStateMachineCommand, DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand, ListExecutionsCommand, ListStateMachinesCommand, RedriveExecutionCommand, SendTaskFailureCommand,
  SendTaskHeartbeatCommand, SendTaskSuccessCommand, StartExecutionCommand, StartSyncExecutionCommand, StopExecutionCommand,
  UpdateStateMachineCommand, ValidateStateMachineDefinitionCommand, type HistoryEvent,
} from '@aws-sdk/client-sfn'
import { pass, serve, smArn, until, waitLong, type Served } from './helpers.ts'

// waits for a task token (published to a topic nobody reads), then ends with what SendTaskSuccess returned
const callback = {
  StartAt: 'ask',
  States: {
    ask: {
      Type: 'Task', Resource: 'arn:aws:states:::sns:publish.waitForTaskToken',
      Parameters: { TopicArn: 'arn:aws:sns:us-east-1:000000000000:approvals', 'Message.$': '$$.Task.Token' }, End: true,
    },
  },
}

let s: Served
before(async () => {
  s = await serve({ name: 'sfn', topics: [{ name: 'approvals' }] }, { hello: pass, sleepy: waitLong, callback })
})
after(() => s.close())

const describe = (executionArn: string) => s.sfn.send(new DescribeExecutionCommand({ executionArn }))
const finished = (executionArn: string) =>
  until(async () => { const d = await describe(executionArn); return d.status === 'RUNNING' ? undefined : d }, 15_000, `${executionArn} to finish`)

/** The task token of the newest TaskScheduled event (the callback task's Message). */
async function latestToken(executionArn: string, after = 0): Promise<string> {
  return until(async () => {
    const { events } = await s.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }))
    const e = events!.find(e => e.type === 'TaskScheduled' && e.id! > after)
    return e ? (JSON.parse(e.taskScheduledEventDetails!.parameters!) as { Message: string }).Message : undefined
  }, 15_000, 'a task token')
}

test('state machines: create, describe, update, list; the project\'s workflows are there already', async () => {
  const definition = JSON.stringify({ StartAt: 'a', States: { a: { Type: 'Pass', Result: 1, End: true } } })
  const created = await s.sfn.send(new CreateStateMachineCommand({ name: 'made', definition, roleArn: 'arn:aws:iam::000000000000:role/x' }))
  assert.equal(created.stateMachineArn, smArn('made'))
  assert.ok(created.creationDate instanceof Date && !Number.isNaN(created.creationDate.getTime()))
  const same = await s.sfn.send(new CreateStateMachineCommand({ name: 'made', definition, roleArn: 'arn:aws:iam::000000000000:role/x' }))
  assert.equal(same.stateMachineArn, created.stateMachineArn, 'the same definition again is a no-op')
  await assert.rejects(s.sfn.send(new CreateStateMachineCommand({ name: 'made', definition: JSON.stringify(pass), roleArn: 'arn:aws:iam::000000000000:role/x' })),
    { name: 'StateMachineAlreadyExists' })
  const described = await s.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }))
  assert.equal(described.name, 'made')
  assert.equal(described.status, 'ACTIVE')
  assert.deepEqual(JSON.parse(described.definition!), JSON.parse(definition))
  const updated = JSON.stringify({ StartAt: 'b', States: { b: { Type: 'Pass', Result: 2, End: true } } })
  const u = await s.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: updated }))
  assert.ok(u.updateDate instanceof Date)
  const again = await s.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }))
  assert.deepEqual(JSON.parse(again.definition!), JSON.parse(updated))
  const { stateMachines } = await s.sfn.send(new ListStateMachinesCommand({}))
  assert.deepEqual(stateMachines!.map(m => m.name).sort(), ['callback', 'hello', 'made', 'sleepy'])
  const first = await s.sfn.send(new ListStateMachinesCommand({ maxResults: 3 }))
  assert.equal(first.stateMachines!.length, 3)
  const second = await s.sfn.send(new ListStateMachinesCommand({ maxResults: 3, nextToken: first.nextToken }))
  assert.deepEqual([...first.stateMachines!, ...second.stateMachines!].map(m => m.name).sort(), ['callback', 'hello', 'made', 'sleepy'])
  assert.equal(second.nextToken, undefined)
})

test('an invalid definition is InvalidDefinition; ValidateStateMachineDefinition reports it without raising', async () => {
  const bad = JSON.stringify({ StartAt: 'missing', States: { a: { Type: 'Pass', End: true } } })
  await assert.rejects(s.sfn.send(new CreateStateMachineCommand({ name: 'broken', definition: bad, roleArn: 'arn:aws:iam::000000000000:role/x' })),
    (e: Error) => e.name === 'InvalidDefinition' && /missing/.test(e.message))
  await assert.rejects(s.sfn.send(new CreateStateMachineCommand({ name: 'notjson', definition: '{', roleArn: 'arn:aws:iam::000000000000:role/x' })),
    (e: Error) => e.name === 'InvalidDefinition')
  const v = await s.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: bad }))
  assert.equal(v.result, 'FAIL')
  assert.ok(v.diagnostics!.length >= 1 && v.diagnostics!.every(d => d.severity === 'ERROR' && d.message))
  const ok = await s.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(pass) }))
  assert.equal(ok.result, 'OK')
  assert.deepEqual(ok.diagnostics, [])
})

test('StartExecution, DescribeExecution, ListExecutions, GetExecutionHistory, DescribeStateMachineForExecution', async () => {
  const { executionArn, startDate } = await s.sfn.send(new StartExecutionCommand({ stateMachineArn: smArn('hello'), name: 'first', input: '{"n":1}' }))
  assert.equal(executionArn, 'arn:aws:states:us-east-1:000000000000:execution:hello:first')
  assert.ok(startDate instanceof Date)
  const d = await finished(executionArn!)
  assert.equal(d.status, 'SUCCEEDED')
  assert.deepEqual(JSON.parse(d.output!), { n: 1, result: { ok: true } })
  assert.ok(d.stopDate! >= d.startDate!)
  const list = await s.sfn.send(new ListExecutionsCommand({ stateMachineArn: smArn('hello'), statusFilter: 'SUCCEEDED' }))
  assert.ok(list.executions!.some(e => e.executionArn === executionArn && e.status === 'SUCCEEDED'))
  const { events } = await s.sfn.send(new GetExecutionHistoryCommand({ executionArn }))
  assert.deepEqual(events!.map(e => e.type), ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded'])
  assert.ok(events!.every((e: HistoryEvent) => e.timestamp instanceof Date))
  const paged = await s.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 2 }))
  assert.equal(paged.events!.length, 2)
  const rest = await s.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 2, nextToken: paged.nextToken }))
  assert.deepEqual(rest.events!.map(e => e.id), [3, 4])
  const lean = await s.sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }))
  assert.equal(lean.events!.length, 4)
  assert.equal(lean.events![0].executionStartedEventDetails!.input, undefined)
  assert.equal(lean.events![3].executionSucceededEventDetails!.output, undefined)
  assert.equal(events![0].executionStartedEventDetails!.input, '{"n":1}')
  const forExecution = await s.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }))
  assert.equal(forExecution.stateMachineArn, smArn('hello'))
})

test('StartSyncExecution returns the result of an EXPRESS state machine and refuses a STANDARD one', async () => {
  const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { ok: true }, ResultPath: '$.result', End: true } } })
  const { stateMachineArn } = await s.sfn.send(new CreateStateMachineCommand({ name: 'quick', definition, roleArn: 'arn:aws:iam::000000000000:role/r', type: 'EXPRESS' }))
  const r = await s.sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: '{"sync":true}' }))
  assert.equal(r.status, 'SUCCEEDED')
  assert.deepEqual(JSON.parse(r.output!), { sync: true, result: { ok: true } })
  await assert.rejects(s.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: smArn('hello'), input: '{}' })), { name: 'StateMachineTypeNotSupported' })
})

test('errors: unknown execution, unknown state machine, duplicate name, bad input', async () => {
  await assert.rejects(describe('arn:aws:states:us-east-1:000000000000:execution:hello:nope'),
    (e: Error & { $metadata?: { httpStatusCode?: number } }) => e.name === 'ExecutionDoesNotExist' && /nope/.test(e.message) && e.$metadata?.httpStatusCode === 400)
  await assert.rejects(s.sfn.send(new StartExecutionCommand({ stateMachineArn: smArn('ghost') })), { name: 'StateMachineDoesNotExist' })
  await assert.rejects(s.sfn.send(new StartExecutionCommand({ stateMachineArn: smArn('hello'), input: '{oops' })), { name: 'InvalidExecutionInput' })
  await s.sfn.send(new StartExecutionCommand({ stateMachineArn: smArn('hello'), name: 'twice', input: '{}' }))
  await finished('arn:aws:states:us-east-1:000000000000:execution:hello:twice')
  await assert.rejects(s.sfn.send(new StartExecutionCommand({ stateMachineArn: smArn('hello'), name: 'twice', input: '{"other":1}' })), { name: 'ExecutionAlreadyExists' })
  await assert.rejects(s.sfn.send(new SendTaskSuccessCommand({ taskToken: 'no-such-token', output: '{}' })), { name: 'TaskDoesNotExist' })
})

test('an unknown operation is UnknownOperationException', async () => {
  const res = await fetch(s.url, { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.DanceAround', 'content-type': 'application/x-amz-json-1.0' }, body: '{}' })
  assert.equal(res.status, 400)
  assert.equal(((await res.json()) as { __type: string }).__type, 'com.amazonaws.states#UnknownOperationException')
  const bare = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
  assert.equal(((await bare.json()) as { __type: string }).__type, 'com.amazonaws.states#UnknownOperationException')
})

test('StopExecution aborts a running execution; stopping it again answers its stop date and changes nothing', async () => {
  const { executionArn } = await s.sfn.send(new StartExecutionCommand({ stateMachineArn: smArn('sleepy') }))
  await until(async () => (await s.sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events!.some(e => e.type === 'WaitStateEntered') || undefined)
  const stop = await s.sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'no longer needed' }))
  assert.ok(stop.stopDate instanceof Date)
  const d = await finished(executionArn!)
  assert.equal(d.status, 'ABORTED')
  const again = await s.sfn.send(new StopExecutionCommand({ executionArn, error: 'Other', cause: 'twice' }))
  assert.equal(again.stopDate!.getTime(), d.stopDate!.getTime())
  const after = await describe(executionArn!)
  assert.deepEqual([after.status, after.error, after.cause], ['ABORTED', 'Operator', 'no longer needed'])
  const events = (await s.sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events!
  assert.equal(events.filter(e => e.type === 'ExecutionAborted').length, 1)
})

test('task tokens: heartbeat, failure, redrive, then success', async () => {
  const { executionArn } = await s.sfn.send(new StartExecutionCommand({ stateMachineArn: smArn('callback'), input: '{}' }))
  const first = await latestToken(executionArn!)
  await s.sfn.send(new SendTaskHeartbeatCommand({ taskToken: first }))
  await s.sfn.send(new SendTaskFailureCommand({ taskToken: first, error: 'Rejected', cause: 'not approved' }))
  const failed = await finished(executionArn!)
  assert.equal(failed.status, 'FAILED')
  assert.equal(failed.error, 'Rejected')
  assert.equal(failed.redriveStatus, 'REDRIVABLE')

  const { events } = await s.sfn.send(new GetExecutionHistoryCommand({ executionArn }))
  const lastId = events![events!.length - 1].id!
  const r = await s.sfn.send(new RedriveExecutionCommand({ executionArn }))
  assert.ok(r.redriveDate instanceof Date)
  const second = await latestToken(executionArn!, lastId)
  await s.sfn.send(new SendTaskSuccessCommand({ taskToken: second, output: '{"approved":true}' }))
  await assert.rejects(s.sfn.send(new SendTaskSuccessCommand({ taskToken: second, output: '{}' })), { name: 'TaskDoesNotExist' })
  const done = await finished(executionArn!)
  assert.equal(done.status, 'SUCCEEDED')
  assert.deepEqual(JSON.parse(done.output!), { approved: true })
  assert.equal(done.redriveCount, 1)
  await assert.rejects(s.sfn.send(new RedriveExecutionCommand({ executionArn })), { name: 'ExecutionNotRedrivable' })
})

// The write side of the Step Functions API refuses what AWS refuses (and accepts what AWS accepts), with AWS's
// error names and, where recorded against AWS, AWS's words, through @aws-sdk/client-sfn.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateStateMachineCommand, DescribeExecutionCommand, DescribeStateMachineCommand, GetExecutionHistoryCommand, ListStateMachinesCommand,
  RedriveExecutionCommand, SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, StartExecutionCommand,
  StartSyncExecutionCommand, StopExecutionCommand, UpdateStateMachineCommand, ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn'
import { pass, serve, smArn, until, waitLong, type Served } from './helpers.ts'

let s: Served
before(async () => {
  s = await serve({ name: 'sfn-write' }, { hello: pass, sleepy: waitLong })
})
after(() => s.close())

async function refused(call: Promise<unknown>, name: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(call, (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, name, `${e.name}: ${e.message}`)
    assert.equal(e.$metadata?.httpStatusCode, 400)
    if (typeof message === 'string') assert.equal(e.message, message)
    else if (message) assert.match(e.message, message)
    return true
  })
}

const role = 'arn:aws:iam::000000000000:role/sfn'
const definition = JSON.stringify(pass)
const create = (input: object) => s.sfn.send(new CreateStateMachineCommand({ name: 'made', definition, roleArn: role, ...input }))
const start = (input: object) => s.sfn.send(new StartExecutionCommand({ stateMachineArn: smArn('hello'), ...input }))
const finished = (executionArn: string) =>
  until(async () => { const d = await s.sfn.send(new DescribeExecutionCommand({ executionArn })); return d.status === 'RUNNING' ? undefined : d })

test('CreateStateMachine: roleArn is required and an IAM role ARN; type is STANDARD or EXPRESS', async () => {
  await refused(s.sfn.send(new CreateStateMachineCommand({ name: 'norole', definition } as never)), 'ValidationException',
    "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null")
  await refused(create({ name: 'badrole', roleArn: 'not-a-role' }), 'InvalidArn', "Invalid Arn: 'Invalid ARN prefix: not-a-role'")
  await refused(create({ name: 'notiam', roleArn: smArn('hello') }), 'InvalidArn')
  await refused(create({ name: 'badtype', type: 'BOGUS' }), 'ValidationException',
    "1 validation error detected: Value 'BOGUS' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]")
  const names = (await s.sfn.send(new ListStateMachinesCommand({}))).stateMachines!.map(m => m.name)
  assert.deepEqual(names.filter(n => ['norole', 'badrole', 'notiam', 'badtype'].includes(n!)), [], 'nothing was created')
})

test('CreateStateMachine, StartExecution: names follow AWS\'s rule — 1 to 80 characters (ValidationException), no whitespace, brackets, wildcards or control characters (InvalidName)', async () => {
  const made = await create({ name: 'state.machine_1' })
  assert.equal(made.stateMachineArn, smArn('state.machine_1'), 'a dot is allowed, as AWS allows it')
  await refused(create({ name: 'x'.repeat(81) }), 'ValidationException', /at 'name' failed to satisfy constraint: Member must have length less than or equal to 80/)
  await refused(create({ name: '' }), 'ValidationException', /at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1/)
  for (const name of ['has space', 'a[1]', 'who?', 'tab\there', 'a/b']) await refused(create({ name }), 'InvalidName', /Invalid Name/)

  const { executionArn } = await start({ name: 'run.1-é' })
  assert.equal(executionArn, 'arn:aws:states:us-east-1:000000000000:execution:hello:run.1-é')
  assert.equal((await finished(executionArn!)).status, 'SUCCEEDED')
  await refused(start({ name: 'n'.repeat(81) }), 'ValidationException', /at 'name' failed to satisfy constraint: Member must have length less than or equal to 80/)
  await refused(start({ name: 'a*b' }), 'InvalidName')
})

test('StartExecution, StartSyncExecution: the state machine ARN must be an ARN of this account and region', async () => {
  await refused(start({ stateMachineArn: 'hello' }), 'InvalidArn', "Invalid Arn: 'Invalid ARN prefix: hello'")
  await refused(start({ stateMachineArn: 'arn:aws:states:eu-west-1:000000000000:stateMachine:hello' }), 'StateMachineDoesNotExist')
  await refused(start({ stateMachineArn: 'arn:aws:states:us-east-1:111122223333:stateMachine:hello' }), 'StateMachineDoesNotExist')
  await refused(start({ stateMachineArn: `${smArn('hello')}:1` }), 'StateMachineDoesNotExist')
  await refused(s.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: 'hello' })), 'InvalidArn')
  await refused(s.sfn.send(new StartExecutionCommand({} as never)), 'ValidationException',
    "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null")
})

test('StartExecution: input over 256 KiB and a traceHeader over 256 characters are ValidationException', async () => {
  await refused(start({ input: JSON.stringify('x'.repeat(262_143)) }), 'ValidationException',
    "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144")
  await refused(start({ traceHeader: 't'.repeat(257) }), 'ValidationException', /at 'traceHeader' failed to satisfy constraint: Member must have length less than or equal to 256/)
})

test('UpdateStateMachine: nothing to update is MissingRequiredParameter (recorded); the ARN is checked', async () => {
  await refused(s.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: smArn('hello') })), 'MissingRequiredParameter',
    'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified')
  await refused(s.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: 'hello', definition })), 'InvalidArn')
  await refused(s.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: smArn('hello'), roleArn: 'role' })), 'InvalidArn')
  await s.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: smArn('hello'), roleArn: role }))
  assert.equal((await s.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: smArn('hello') }))).roleArn, role)
})

test("UpdateStateMachine: a project workflow's definition is its file: a new one is ValidationException naming the file, the same one is accepted", async () => {
  const before = (await s.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: smArn('hello') }))).definition!
  const other = JSON.stringify({ StartAt: 'q', States: { q: { Type: 'Succeed' } } })
  await refused(s.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: smArn('hello'), definition: other })), 'ValidationException',
    "state machine hello is the project's workflows/hello.asl.json: change that file (an update here would be undone by the next run or server start)")
  assert.equal((await s.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: smArn('hello') }))).definition, before)
  await s.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: smArn('hello'), definition: before }))
})

test('StopExecution: error over 256 and cause over 32768 characters are ValidationException and stop nothing', async () => {
  const { executionArn } = await start({ stateMachineArn: smArn('sleepy') })
  await until(async () => (await s.sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events!.some(e => e.type === 'WaitStateEntered') || undefined)
  await refused(s.sfn.send(new StopExecutionCommand({ executionArn, error: 'E'.repeat(257) })), 'ValidationException',
    "1 validation error detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256")
  await refused(s.sfn.send(new StopExecutionCommand({ executionArn, cause: 'c'.repeat(32_769) })), 'ValidationException', /at 'cause'.*32768/)
  await refused(s.sfn.send(new StopExecutionCommand({ executionArn: 'bogus' })), 'InvalidArn')
  assert.equal((await s.sfn.send(new DescribeExecutionCommand({ executionArn }))).status, 'RUNNING')
  await s.sfn.send(new StopExecutionCommand({ executionArn, error: 'E'.repeat(256) }))
  assert.equal((await finished(executionArn!)).status, 'ABORTED')
})

test('RedriveExecution: clientToken is 1 to 64 printable ASCII characters; the ARN is checked', async () => {
  const { executionArn } = await start({ name: 'redrive-me' })
  await finished(executionArn!)
  await refused(s.sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'has space' })), 'ValidationException',
    "1 validation error detected: Value 'has space' at 'clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [!-~]+")
  await refused(s.sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'k'.repeat(65) })), 'ValidationException', /at 'clientToken'.*64/)
  await refused(s.sfn.send(new RedriveExecutionCommand({ executionArn: 'bogus' })), 'InvalidArn')
  await refused(s.sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'token-1' })), 'ExecutionNotRedrivable')
})

test('SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat: the model\'s lengths and required members come before the token lookup', async () => {
  await refused(s.sfn.send(new SendTaskSuccessCommand({ taskToken: 't'.repeat(2049), output: '{}' })), 'ValidationException', /at 'taskToken'.*2048/)
  await refused(s.sfn.send(new SendTaskSuccessCommand({ taskToken: 'unknown' } as never)), 'ValidationException',
    "1 validation error detected: Value null at 'output' failed to satisfy constraint: Member must not be null")
  await refused(s.sfn.send(new SendTaskFailureCommand({ taskToken: 'unknown', error: 'E'.repeat(257) })), 'ValidationException', /at 'error'/)
  await refused(s.sfn.send(new SendTaskHeartbeatCommand({ taskToken: '' })), 'ValidationException', /at 'taskToken'.*greater than or equal to 1/)
  await refused(s.sfn.send(new SendTaskHeartbeatCommand({ taskToken: 'unknown' })), 'TaskDoesNotExist')
})

test('ValidateStateMachineDefinition: maxResults 0..100 is honoured (truncated), severity and type are enums', async () => {
  const bad = JSON.stringify({ StartAt: 'missing', States: { a: { Type: 'Pass' }, b: { Type: 'Bogus' } } })
  const all = await s.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: bad }))
  assert.ok(all.diagnostics!.length >= 2, JSON.stringify(all.diagnostics))
  assert.equal(all.truncated, false)
  const one = await s.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: bad, maxResults: 1 }))
  assert.deepEqual([one.diagnostics!.length, one.truncated], [1, true])
  await refused(s.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: bad, maxResults: 101 })), 'ValidationException', /Value '101' at 'maxResults'.*less than or equal to 100/)
  await refused(s.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: bad, severity: 'FATAL' as 'ERROR' })), 'ValidationException', /\[ERROR, WARNING\]/)
  await refused(s.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: bad, type: 'BATCH' as 'STANDARD' })), 'ValidationException', /\[STANDARD, EXPRESS\]/)
})

test('CreateStateMachine again: idempotent on name, definition and type (another roleArn is ignored, as AWS documents); another type is StateMachineAlreadyExists', async () => {
  const first = await create({ name: 'twice' })
  const again = await create({ name: 'twice', roleArn: 'arn:aws:iam::000000000000:role/other' })
  assert.equal(again.stateMachineArn, first.stateMachineArn)
  assert.equal(again.creationDate!.getTime(), first.creationDate!.getTime())
  assert.equal((await s.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: first.stateMachineArn }))).roleArn, role, 'the first roleArn stays')
  await refused(create({ name: 'twice', type: 'EXPRESS' }), 'StateMachineAlreadyExists', `State Machine Already Exists: '${first.stateMachineArn}'`)
  assert.equal((await s.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: first.stateMachineArn }))).type, 'STANDARD', 'the type is not changed')
})

test('AWS\'s recorded words: unparsable input, an empty input, StartSyncExecution of a STANDARD machine', async () => {
  await refused(start({ input: 'not json' }), 'InvalidExecutionInput', /^Invalid State Machine Execution Input: '.+'$/)
  await refused(start({ input: '' }), 'InvalidExecutionInput', "Invalid State Machine Execution Input: 'Invalid execution input.'")
  await refused(s.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: smArn('hello') })), 'StateMachineTypeNotSupported',
    'This operation is not supported by this type of state machine')
})

test('StartExecution: the inputs AWS starts (recorded: a number, a string, null) are the execution\'s input as given', async () => {
  for (const input of ['2', '"text"', 'null']) {
    const { executionArn } = await start({ input })
    const d = await finished(executionArn!)
    assert.equal(d.input, input)
  }
})

test('StartExecution, SendTaskSuccess: JSON nested deeper than 1000 levels is InvalidExecutionInput / InvalidOutput (was an internal failure)', async () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n)
  await refused(start({ input: deep(5000) }), 'InvalidExecutionInput', /nesting depth \(5000\) exceeds the maximum allowed \(1000\)/)
  await refused(s.sfn.send(new SendTaskSuccessCommand({ taskToken: 'unknown', output: deep(1001) })), 'InvalidOutput', /nesting depth/)
  const { executionArn } = await start({ input: JSON.stringify({ s: '[[[[' + '['.repeat(2000) }) + '' })
  assert.equal((await finished(executionArn!)).status, 'SUCCEEDED', 'brackets inside strings do not count')
})

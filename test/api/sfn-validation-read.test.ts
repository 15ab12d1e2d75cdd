// The read side of the Step Functions API refuses what AWS refuses, with AWS's error names (and AWS's words
// where they are recorded: LocalStack's test_sfn_api snapshots, recorded against AWS), through @aws-sdk/client-sfn.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  DescribeExecutionCommand, DescribeStateMachineCommand, DescribeStateMachineForExecutionCommand, GetExecutionHistoryCommand,
  ListExecutionsCommand, ListStateMachinesCommand, StartExecutionCommand,
} from '@aws-sdk/client-sfn'
import { pass, serve, smArn, until, type Served } from './helpers.ts'

let s: Served
let done: string
const other = 'arn:aws:states:us-east-1:000000000000:execution:hello:other'
before(async () => {
  s = await serve({ name: 'sfn-read' }, { hello: pass, second: pass })
  for (const name of ['done', 'other']) await s.sfn.send(new StartExecutionCommand({ stateMachineArn: smArn('hello'), name }))
  done = 'arn:aws:states:us-east-1:000000000000:execution:hello:done'
  for (const arn of [done, other]) {
    await until(async () => ((await s.sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status === 'RUNNING' ? undefined : true))
  }
})
after(() => s.close())

/** The call fails with AWS's error name, HTTP 400, and (when given) AWS's message. */
async function refused(call: Promise<unknown>, name: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(call, (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, name, `${e.name}: ${e.message}`)
    assert.equal(e.$metadata?.httpStatusCode, 400)
    if (typeof message === 'string') assert.equal(e.message, message)
    else if (message) assert.match(e.message, message)
    return true
  })
}

const list = (input: object) => s.sfn.send(new ListExecutionsCommand({ stateMachineArn: smArn('hello'), ...input }))
const STATUSES = '[SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]'

test('ListExecutions: an unknown statusFilter is ValidationException, not an empty page (recorded against AWS)', async () => {
  await refused(list({ statusFilter: 'BOGUS' }), 'ValidationException',
    `1 validation error detected: Value 'BOGUS' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: ${STATUSES}`)
  await refused(list({ statusFilter: 'succeeded' }), 'ValidationException', /Value 'succeeded' at 'statusFilter'/)
  const ok = await list({ statusFilter: 'SUCCEEDED' })
  assert.deepEqual(ok.executions!.map(e => e.name).sort(), ['done', 'other'])
  assert.deepEqual((await list({ statusFilter: 'PENDING_REDRIVE' })).executions, [], 'every status AWS lists is accepted')
})

test('ListExecutions: maxResults out of 0..1000, every violation in one message', async () => {
  await refused(list({ maxResults: 1001 }), 'ValidationException',
    "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000")
  await refused(list({ maxResults: -1 }), 'ValidationException', /Value '-1' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0/)
  await refused(list({ maxResults: 1001, statusFilter: 'BOGUS' }), 'ValidationException', /^2 validation errors detected: Value 'BOGUS' at 'statusFilter' .*; Value '1001' at 'maxResults'/)
  await refused(list({ maxResults: '5' as unknown as number }), 'SerializationException', /maxResults/)
})

test('ListExecutions: a nextToken this server did not issue for this state machine is InvalidToken', async () => {
  const first = await list({ maxResults: 1 })
  assert.equal(first.executions!.length, 1)
  assert.ok(first.nextToken)
  const rest = await list({ maxResults: 1, nextToken: first.nextToken })
  assert.deepEqual([...first.executions!, ...rest.executions!].map(e => e.name).sort(), ['done', 'other'], 'issued tokens still page')
  await refused(list({ nextToken: 'bogus' }), 'InvalidToken')
  await refused(s.sfn.send(new ListExecutionsCommand({ stateMachineArn: smArn('second'), nextToken: first.nextToken })), 'InvalidToken')
  await refused(list({ nextToken: '' }), 'ValidationException', /at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1/)
  const long = 'x'.repeat(3097)
  await refused(list({ nextToken: long }), 'ValidationException',
    `1 validation error detected: Value '${long}' at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to 3096`)
})

test('ListExecutions: a state machine ARN or a map run ARN is needed, and it must be one of this account and region', async () => {
  await refused(s.sfn.send(new ListExecutionsCommand({})), 'ValidationException', /Must provide a StateMachine ARN or MapRun ARN/)
  await refused(s.sfn.send(new ListExecutionsCommand({ stateMachineArn: 'invalid_state_machine_arn' })), 'InvalidArn',
    "Invalid Arn: 'Invalid ARN prefix: invalid_state_machine_arn'")
  await refused(s.sfn.send(new ListExecutionsCommand({ stateMachineArn: 'arn:aws:states:eu-west-1:000000000000:stateMachine:hello' })), 'StateMachineDoesNotExist')
  await refused(s.sfn.send(new ListExecutionsCommand({ stateMachineArn: done })), 'InvalidArn', /Resource type not valid in this context: execution/)
  await refused(s.sfn.send(new ListExecutionsCommand({ mapRunArn: 'arn:aws:states:us-east-1:000000000000:mapRun:hello/map:0b5c5e3e' })), 'ResourceNotFound')
  await refused(s.sfn.send(new ListExecutionsCommand({ mapRunArn: 'nope' })), 'InvalidArn')
})

test('ListExecutions: redriveFilter is one of REDRIVEN, NOT_REDRIVEN and filters', async () => {
  await refused(list({ redriveFilter: 'BOGUS' as 'REDRIVEN' }), 'ValidationException', /Value 'BOGUS' at 'redriveFilter' .*\[REDRIVEN, NOT_REDRIVEN\]/)
  assert.equal((await list({ redriveFilter: 'NOT_REDRIVEN' })).executions!.length, 2)
  assert.equal((await list({ redriveFilter: 'REDRIVEN' })).executions!.length, 0)
})

test('DescribeExecution, DescribeStateMachineForExecution: a malformed executionArn is InvalidArn (recorded), a missing one ValidationException', async () => {
  const describe = (executionArn?: string) => s.sfn.send(new DescribeExecutionCommand({ executionArn: executionArn as string }))
  await refused(describe('invalid_state_machine_arn'), 'InvalidArn', "Invalid Arn: 'Invalid ARN prefix: invalid_state_machine_arn'")
  await refused(describe(smArn('hello')), 'InvalidArn', /Resource type not valid in this context: stateMachine/)
  await refused(describe(), 'ValidationException', "1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: Member must not be null")
  await refused(describe('arn:aws:states:eu-west-1:000000000000:execution:hello:done'), 'ExecutionDoesNotExist')
  await refused(s.sfn.send(new DescribeExecutionCommand({ executionArn: done, includedData: 'SOME' as 'ALL_DATA' })), 'ValidationException', /at 'includedData'.*\[ALL_DATA, METADATA_ONLY\]/)
  await refused(s.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: 'bogus' })), 'InvalidArn')
  assert.equal((await describe(done)).status, 'SUCCEEDED')
})

test('DescribeStateMachine: a bare name, another account, an execution ARN are refused as AWS refuses them', async () => {
  const describe = (stateMachineArn: string) => s.sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))
  await refused(describe('hello'), 'InvalidArn', "Invalid Arn: 'Invalid ARN prefix: hello'")
  await refused(describe('not_a_valid_arn'), 'InvalidArn', "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'")
  await refused(describe('arn:aws:states:us-east-1:999999999999:stateMachine:hello'), 'StateMachineDoesNotExist')
  await refused(describe('arn:aws:lambda:us-east-1:000000000000:function:hello'), 'InvalidArn', /Service not valid in this context: lambda/)
  await refused(describe(done), 'InvalidArn')
  assert.equal((await describe(smArn('hello'))).name, 'hello')
})

test('GetExecutionHistory: InvalidArn, InvalidToken, reverseOrder and maxResults are checked', async () => {
  const history = (input: object) => s.sfn.send(new GetExecutionHistoryCommand({ executionArn: done, ...input }))
  await refused(history({ executionArn: 'invalid_state_machine_arn' }), 'InvalidArn', "Invalid Arn: 'Invalid ARN prefix: invalid_state_machine_arn'")
  await refused(history({ nextToken: 'bogus' }), 'InvalidToken')
  const page = await history({ maxResults: 2 })
  assert.ok(page.nextToken)
  await refused(history({ maxResults: 2, nextToken: page.nextToken, reverseOrder: true }), 'InvalidToken')
  await refused(history({ executionArn: other, nextToken: page.nextToken }), 'InvalidToken')
  assert.deepEqual((await history({ maxResults: 2, nextToken: page.nextToken })).events!.map(e => e.id), [3, 4])
  await refused(history({ reverseOrder: 'yes' as unknown as boolean }), 'SerializationException', /reverseOrder/)
  await refused(history({ includeExecutionData: 'no' as unknown as boolean }), 'SerializationException', /includeExecutionData/)
  await refused(history({ maxResults: 1001 }), 'ValidationException',
    "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000")
  await refused(history({ nextToken: 'x'.repeat(1025) }), 'ValidationException', /Member must have length less than or equal to 1024/)
})

test('ListStateMachines: maxResults and nextToken as AWS checks them (recorded)', async () => {
  const machines = (input: object) => s.sfn.send(new ListStateMachinesCommand(input))
  await refused(machines({ maxResults: 1001 }), 'ValidationException',
    "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000")
  const long = 'x'.repeat(1025)
  await refused(machines({ nextToken: long }), 'ValidationException',
    `1 validation error detected: Value '${long}' at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to 1024`)
  await refused(machines({ nextToken: '' }), 'ValidationException', /Member must have length greater than or equal to 1/)
  await refused(machines({ nextToken: Buffer.from('1').toString('base64url') }), 'InvalidToken')
  const first = await machines({ maxResults: 1 })
  const second = await machines({ maxResults: 1, nextToken: first.nextToken })
  assert.deepEqual([...first.stateMachines!, ...second.stateMachines!].map(m => m.name).sort(), ['hello', 'second'])
})

test('not found, in AWS\'s recorded words: Execution Does Not Exist, State Machine Does Not Exist', async () => {
  const gone = 'arn:aws:states:us-east-1:000000000000:execution:hello:gone'
  await refused(s.sfn.send(new DescribeExecutionCommand({ executionArn: gone })), 'ExecutionDoesNotExist', `Execution Does Not Exist: '${gone}'`)
  await refused(s.sfn.send(new GetExecutionHistoryCommand({ executionArn: gone })), 'ExecutionDoesNotExist', `Execution Does Not Exist: '${gone}'`)
  const ghost = smArn('ghost')
  await refused(s.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: ghost })), 'StateMachineDoesNotExist', `State Machine Does Not Exist: '${ghost}'`)
  await refused(s.sfn.send(new ListExecutionsCommand({ stateMachineArn: ghost })), 'StateMachineDoesNotExist', `State Machine Does Not Exist: '${ghost}'`)
  await refused(s.sfn.send(new StartExecutionCommand({ stateMachineArn: ghost })), 'StateMachineDoesNotExist', `State Machine Does Not Exist: '${ghost}'`)
})

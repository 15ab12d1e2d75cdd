// The routes in process (`hono.request`): protocol dispatch and each protocol's error shape, and how the rooms'
// errors become AWS errors without leaking internals.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { AwsError, escapeXml, MAX_BODY_BYTES, toAwsError } from '../../src/api/index.ts'
import { BatchError } from '../../src/batch/index.ts'
import { SnsError } from '../../src/notify/index.ts'
import { StatesApiError } from '../../src/states/index.ts'
import { serve, type Served } from './helpers.ts'

let s: Served
before(async () => { s = await serve({ name: 'routes' }, { hello: { StartAt: 'p', States: { p: { Type: 'Pass', End: true } } } }) })
after(() => s.close())

const sfn = (op: string, body: string) =>
  s.server.hono.request('/', { method: 'POST', headers: { 'x-amz-target': `AWSStepFunctions.${op}`, 'content-type': 'application/x-amz-json-1.0' }, body })

test('JSON 1.0: a body that is not a JSON object is SerializationException; a missing field ValidationException', async () => {
  for (const body of ['{', '[1]', '"x"']) {
    const r = await sfn('DescribeExecution', body)
    assert.equal(r.status, 400, body)
    assert.equal(((await r.json()) as { __type: string }).__type, 'com.amazonaws.states#SerializationException')
  }
  const r = await sfn('DescribeExecution', '{}')
  const e = (await r.json()) as { __type: string; message: string }
  assert.equal(e.__type, 'com.amazonaws.states#ValidationException')
  assert.match(e.message, /executionArn/)
  assert.equal(r.headers.get('content-type'), 'application/x-amz-json-1.0')
  // a member of the wrong JSON type fails deserialisation, as AWS's JSON services answer it ('NUMBER_VALUE can not be converted to a String')
  const wrongType = (await (await sfn('DescribeExecution', '{"executionArn":5}')).json()) as { __type: string; message: string }
  assert.equal(wrongType.__type, 'com.amazonaws.states#SerializationException')
  assert.match(wrongType.message, /executionArn/)
})

test('JSON 1.0: maxResults 0 is the default page size, as AWS documents; a negative is ValidationException, a fraction SerializationException', async () => {
  const arn = 'arn:aws:states:us-east-1:000000000000:stateMachine:hello'
  for (let i = 0; i < 2; i++) assert.equal((await sfn('StartExecution', JSON.stringify({ stateMachineArn: arn }))).status, 200)
  const page = (await (await sfn('ListExecutions', JSON.stringify({ stateMachineArn: arn, maxResults: 0 }))).json()) as { executions: { executionArn: string }[] }
  assert.ok(page.executions.length >= 2, JSON.stringify(page))
  await s.app.states.waitFor(page.executions[0]!.executionArn)
  const history = (await (await sfn('GetExecutionHistory', JSON.stringify({ executionArn: page.executions[0]!.executionArn, maxResults: 0 }))).json()) as { events: unknown[] }
  assert.ok(history.events.length > 1, JSON.stringify(history))
  for (const [maxResults, code] of [[1.5, 'SerializationException'], [-1, 'ValidationException']] as const) {
    const r = await sfn('ListExecutions', JSON.stringify({ stateMachineArn: arn, maxResults }))
    assert.equal(r.status, 400, String(maxResults))
    assert.equal(((await r.json()) as { __type: string }).__type, `com.amazonaws.states#${code}`)
  }
})

test('JSON 1.0: a target of another service is UnknownOperationException', async () => {
  const r = await s.server.hono.request('/', { method: 'POST', headers: { 'x-amz-target': 'AmazonSQS.SendMessage' }, body: '{}' })
  assert.equal(((await r.json()) as { __type: string }).__type, 'com.amazonaws.states#UnknownOperationException')
})

test('REST-JSON: bad JSON is ClientException with x-amzn-ErrorType; GET on /v1 is UnknownOperationException', async () => {
  const r = await s.server.hono.request('/v1/submitjob', { method: 'POST', body: '{nope' })
  assert.equal(r.status, 400)
  assert.equal(r.headers.get('x-amzn-errortype'), 'ClientException')
  assert.equal(((await r.json()) as { __type: string }).__type, 'ClientException')
  const typed = await s.server.hono.request('/v1/createjobqueue', { method: 'POST', body: '{"jobQueueName":"q","priority":1,"computeEnvironmentOrder":"local"}' })
  assert.equal(typed.status, 400)
  assert.deepEqual(await typed.json(), { __type: 'ClientException', message: 'computeEnvironmentOrder: expected an array' })
  const g = await s.server.hono.request('/v1/describejobs')
  assert.equal(g.status, 404)
  assert.equal(g.headers.get('x-amzn-errortype'), 'UnknownOperationException')
})

test('REST-JSON: a nested member of the wrong type is ClientException naming its path, never an internal failure', async () => {
  const job = '"jobName":"a","jobQueue":"etl-queue","jobDefinition":"rsql-job"'
  const cases: [string, string, string][] = [
    ['submitjob', `{${job},"containerOverrides":{"environment":["x"]}}`, 'containerOverrides.environment[0]: expected an object'],
    ['submitjob', `{${job},"containerOverrides":{"environment":[{"name":5,"value":"v"}]}}`, 'containerOverrides.environment[0].name: expected a string'],
    ['submitjob', `{${job},"containerOverrides":{"command":"ls"}}`, 'containerOverrides.command: expected an array'],
    ['submitjob', `{${job},"containerOverrides":{"resourceRequirements":{}}}`, 'containerOverrides.resourceRequirements: expected an array'],
    ['submitjob', `{${job},"containerOverrides":{"vcpus":"2"}}`, 'containerOverrides.vcpus: expected a number'],
    ['submitjob', `{${job},"parameters":{"table":5}}`, 'parameters.table: expected a string'],
    ['submitjob', `{${job},"dependsOn":["x"]}`, 'dependsOn[0]: expected an object'],
    ['listjobs', '{"jobQueue":"etl-queue","filters":[5]}', 'filters[0]: expected an object'],
    ['listjobs', '{"jobQueue":"etl-queue","jobStatus":"DONE"}', 'jobStatus: expected one of SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING, SUCCEEDED, FAILED'],
    ['createjobqueue', '{"jobQueueName":"q","priority":1,"computeEnvironmentOrder":[{"order":1,"computeEnvironment":5}]}', 'computeEnvironmentOrder[0].computeEnvironment: expected a string'],
    ['registerjobdefinition', '{"jobDefinitionName":"d","type":"container","containerProperties":{"environment":"x"}}', 'containerProperties.environment: expected an array'],
  ]
  for (const [op, body, message] of cases) {
    const r = await s.server.hono.request(`/v1/${op}`, { method: 'POST', body })
    assert.deepEqual([r.status, await r.json()], [400, { __type: 'ClientException', message }], `${op} ${body}`)
  }
})

test('REST-JSON: ListJobs with a nextToken it did not return, or a maxResults under 1 or not whole, is ClientException', async () => {
  const queues = (await (await s.server.hono.request('/v1/describejobqueues', { method: 'POST', body: '{}' })).json()) as { jobQueues: { jobQueueName: string }[] }
  const jobQueue = queues.jobQueues[0]!.jobQueueName
  for (const bad of [{ nextToken: 'zzzz' }, { nextToken: 'LTU' }, { maxResults: -5 }, { maxResults: 0 }, { maxResults: 1.5 }]) {
    const r = await s.server.hono.request('/v1/listjobs', { method: 'POST', body: JSON.stringify({ jobQueue, ...bad }) })
    assert.equal(r.status, 400, JSON.stringify(bad))
    assert.equal(r.headers.get('x-amzn-errortype'), 'ClientException', JSON.stringify(bad))
  }
  const ok = await s.server.hono.request('/v1/listjobs', { method: 'POST', body: JSON.stringify({ jobQueue, maxResults: 1 }) })
  assert.equal(ok.status, 200)
})

test('Query: a missing Action is InvalidAction; values in the XML reply are escaped', async () => {
  const form = (body: string) => s.server.hono.request('/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body })
  const none = await form('Version=2010-03-31')
  assert.equal(none.status, 400)
  assert.match(await none.text(), /<Code>InvalidAction<\/Code>/)
  const topic = await form('Action=CreateTopic&Name=esc')
  const arn = /<TopicArn>(.*)<\/TopicArn>/.exec(await topic.text())![1]
  const endpoint = `${s.dir}/out<b>&"x"`
  assert.equal((await form(`Action=Subscribe&TopicArn=${encodeURIComponent(arn)}&Protocol=file&Endpoint=${encodeURIComponent(endpoint)}`)).status, 200)
  const list = await (await form(`Action=ListSubscriptionsByTopic&TopicArn=${encodeURIComponent(arn)}`)).text()
  assert.ok(list.includes(`<Endpoint>${s.dir}/out&lt;b&gt;&amp;&quot;x&quot;</Endpoint>`), list)
  assert.equal(escapeXml(`<script>alert('x')</script>`), '&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;')
})

test('an unknown path is a JSON 404', async () => {
  assert.deepEqual(s.server.console, { state: 'off' })
  const r = await s.server.hono.request('/nowhere')
  assert.equal(r.status, 404)
  assert.match(((await r.json()) as { message: string }).message, /GET \/nowhere/)
})

test('rooms\' errors keep their AWS names; anything else is InternalFailure without its message', () => {
  const states = toAwsError(new StatesApiError('ExecutionDoesNotExist', 'execution does not exist: arn:x'))
  assert.deepEqual([states.status, states.code, states.message], [400, 'ExecutionDoesNotExist', 'execution does not exist: arn:x'])
  const sns = toAwsError(new SnsError('NotFound', 'topic does not exist'))
  assert.deepEqual([sns.status, sns.code], [404, 'NotFound'])
  const batch = toAwsError(new BatchError('ClientException', 'job queue does not exist: q', 'jobQueue'))
  assert.deepEqual([batch.status, batch.code, batch.message], [400, 'ClientException', 'jobQueue: job queue does not exist: q'])
  const internal = toAwsError(new TypeError('cannot read properties of undefined (reading \'x\') at /srv/app.ts:12'))
  assert.deepEqual([internal.status, internal.code], [500, 'InternalFailure'])
  assert.doesNotMatch(internal.message, /undefined|app\.ts/)
  const errno = toAwsError(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }))
  assert.equal(errno.code, 'InternalFailure', 'a Node errno code is not an AWS name')
  const kept = new AwsError(409, 'Conflict', 'x')
  assert.equal(toAwsError(kept), kept)
})

test('a body over the limit is refused with 413 before it is read whole', async () => {
  const big = 'x'.repeat(MAX_BODY_BYTES + 1)
  const r = await s.server.hono.request('/', { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.StartExecution' }, body: big })
  assert.equal(r.status, 413)
  assert.equal(((await r.json()) as { __type: string }).__type, 'RequestEntityTooLargeException')
})

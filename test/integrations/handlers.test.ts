import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { parseResource, TaskError, type TaskInvocation } from '../../src/states/index.ts'
import { createBatch } from '../../src/batch/index.ts'
import { createNotify } from '../../src/notify/index.ts'
import { batchSubmitJob, snsPublish, TASK_KEY_VARIABLE, toCamel, toPascal } from '../../src/integrations/index.ts'

const invocation = (arn: string, parameters: unknown, signal = new AbortController().signal): TaskInvocation => ({
  resource: parseResource(arn), arn, parameters, signal, heartbeat() {}, executionArn: 'arn:aws:states:us-east-1:000000000000:execution:m:e', stateName: 'S', region: 'us-east-1',
})

const makeBatch = () => createBatch({
  store: new Database(':memory:'),
  programs: { ok: async ({ stdout }) => { stdout('fine\n'); return 0 }, no: async ({ stderr }) => { stderr('broken\n'); return 2 } },
  config: { computeEnvironments: [{ name: 'c', maxvCpus: 2 }], jobQueues: [{ name: 'q', computeEnvironmentOrder: ['c'] }], jobDefinitions: [{ name: 'd', parameters: { who: 'x' }, containerProperties: { command: ['ok'] } }] },
})

test('recasing keeps map keys (Parameters, Tags) as written', () => {
  assert.deepEqual(toCamel({ JobName: 'j', Parameters: { InputFile: 'a' }, ContainerOverrides: { Environment: [{ Name: 'A', Value: 'b' }] } }),
    { jobName: 'j', parameters: { InputFile: 'a' }, containerOverrides: { environment: [{ name: 'A', value: 'b' }] } })
  assert.deepEqual(toPascal({ jobId: '1', parameters: { in_file: 'a' }, attempts: [{ container: { exitCode: 0 } }] }),
    { JobId: '1', Parameters: { in_file: 'a' }, Attempts: [{ Container: { ExitCode: 0 } }] })
})

test('batch:submitJob (request-response) answers at once; .sync answers with the PascalCase job; errors are Batch.ClientException', async () => {
  const batch = makeBatch()
  const handler = batchSubmitJob(batch)
  const rr = await handler(invocation('arn:aws:states:::batch:submitJob', { JobName: 'a', JobQueue: 'q', JobDefinition: 'd' })) as Record<string, unknown>
  assert.deepEqual(Object.keys(rr).slice(0, 3), ['JobArn', 'JobId', 'JobName'])
  assert.ok((rr.SdkHttpMetadata as { HttpStatusCode: number }).HttpStatusCode === 200)
  const job = await handler(invocation('arn:aws:states:::batch:submitJob.sync', { JobName: 'b', JobQueue: 'q', JobDefinition: 'd', Parameters: { who: 'y' } })) as Record<string, any>
  assert.equal(job.Status, 'SUCCEEDED')
  assert.deepEqual(job.Parameters, { who: 'y' })
  assert.equal(job.Attempts[0].Container.ExitCode, 0)
  assert.deepEqual(job.Container.Environment, [{ Name: 'MANAGED_BY_AWS', Value: 'STARTED_BY_STEP_FUNCTIONS' }])
  await assert.rejects(handler(invocation('arn:aws:states:::batch:submitJob.sync', { JobName: 'c', JobQueue: 'q', JobDefinition: 'd', ContainerOverrides: { Command: ['no'] } })),
    (e: unknown) => e instanceof TaskError && e.error === 'States.TaskFailed' && JSON.parse(e.causeText!).Container.Reason === 'broken')
  await assert.rejects(handler(invocation('arn:aws:states:::batch:submitJob', { JobName: 'd', JobQueue: 'nope', JobDefinition: 'd' })),
    (e: unknown) => e instanceof TaskError && e.error === 'Batch.ClientException' && /^job queue does not exist: nope \(Service: AWSBatch; Status Code: 400; Error Code: ClientException; Request ID: [0-9a-f-]+; Proxy: null\)$/.test(e.causeText!))
  await batch.close()
})

test('batch:submitJob re-attaching finds the job its task key submitted, and submits when there is none', async () => {
  const batch = makeBatch()
  const handler = batchSubmitJob(batch)
  const params = { JobName: 'r', JobQueue: 'q', JobDefinition: 'd' }
  const arn = 'arn:aws:states:::batch:submitJob.sync'
  const first = await handler({ ...invocation(arn, params), taskKey: 'exec|/Load#1|2' }) as { JobId: string; Container: { Environment: Array<{ Name: string; Value: string }> } }
  assert.ok(first.Container.Environment.some(e => e.Name === TASK_KEY_VARIABLE && e.Value === 'exec|/Load#1|2'))
  const other = await handler({ ...invocation(arn, params), taskKey: 'exec|/Load#1|5' }) as { JobId: string }
  const again = await handler({ ...invocation(arn, params), taskKey: 'exec|/Load#1|2', reattach: true }) as { JobId: string }
  assert.equal(again.JobId, first.JobId)
  const fresh = await handler({ ...invocation(arn, params), taskKey: 'exec|/Load#2|2', reattach: true }) as { JobId: string }
  assert.ok(fresh.JobId !== first.JobId && fresh.JobId !== other.JobId)
  assert.equal(batch.listJobs({ jobQueue: 'q', filters: [{ name: 'JOB_NAME', values: ['r'] }] }).length, 3)
  await batch.close()
})

test('sns:publish serializes a JSON Message and maps SNS errors to SNS.<Code>Exception', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-h-'))
  try {
    const notify = createNotify({ store: new Database(':memory:'), outboxDir: dir, topics: [{ name: 't', subscriptions: [{ protocol: 'file' }] }] })
    const handler = snsPublish(notify)
    const out = await handler(invocation('arn:aws:states:::sns:publish', { TopicArn: notify.topicArn('t'), Message: { a: 1 } })) as { MessageId: string }
    assert.equal(notify.store.messages(notify.topicArn('t'))[0].Message, '{"a":1}')
    assert.match(out.MessageId, /^[0-9a-f-]{36}$/)
    await assert.rejects(handler(invocation('arn:aws:states:::sns:publish', { TopicArn: notify.topicArn('missing'), Message: 'x' })),
      (e: unknown) => e instanceof TaskError && e.error === 'SNS.NotFoundException' && /^Topic does not exist \(Service: AmazonSNS; Status Code: 404; Error Code: NotFound;/.test(e.causeText!))
    await notify.close()
  } finally { rmSync(dir, { recursive: true, force: true }) }
})

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore, type Store } from '../../src/store/index.ts'
import { IntegrationRegistry, StatesService } from '../../src/states/index.ts'
import { LocalObjectStore } from '../../src/objects/index.ts'
import { connect, stopLocalServer, type Session } from '../../src/warehouse/index.ts'
import { createBatch, type Batch } from '../../src/batch/index.ts'
import { createNotify, type Notify } from '../../src/notify/index.ts'
import { registerIntegrations, nestedExecutions, createTriggers } from '../../src/integrations/index.ts'

const root = mkdtempSync(join(tmpdir(), 'rsqlflow-wf-'))
chmodSync(root, 0o755)
const warehouseDir = join(root, 'warehouse')
const outbox = join(root, 'outbox')
const objects = new LocalObjectStore(join(root, 'objects'))
let store: Store, batch: Batch, notify: Notify, states: StatesService, sql: Session
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:etl-notifications'

const copyTask = (key: string, extra: Record<string, unknown> = {}) => ({
  Type: 'Task', Resource: 'arn:aws:states:::batch:submitJob.sync',
  Parameters: {
    JobName: 'copy', JobQueue: 'etl-queue', JobDefinition: 'rsql-job',
    ContainerOverrides: { Environment: [
      { Name: 'BATCH_SCRIPT_LOCATION', Value: `s3://scripts/${key}` }, { Name: 'DATA_BUCKET_NAME', Value: 'data' },
      { Name: 'COPY_IAM_ROLE_ARN', Value: 'arn:aws:iam::000000000000:role/copy' },
    ] },
  },
  ...extra,
})

const etl = (key: string) => ({
  StartAt: 'Load',
  States: {
    Load: copyTask(key, { ResultSelector: { 'status.$': '$.Status', 'exit.$': '$.Attempts[0].Container.ExitCode' }, ResultPath: '$.load', Next: 'Notify success',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Notify failure' }] }),
    'Notify success': { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: TOPIC, Subject: 'ETL succeeded', 'Message.$': '$' }, ResultPath: null, End: true },
    'Notify failure': { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: TOPIC, Subject: 'ETL failed', 'Message.$': '$' }, ResultPath: null, Next: 'Fail' },
    Fail: { Type: 'Fail', Error: 'ETLFailed', Cause: 'a step failed' },
  },
})

before(async () => {
  store = openStore(join(root, 'store.db'))
  await objects.createBucket('scripts')
  await objects.createBucket('data')
  batch = createBatch({
    store, objects, warehouse: () => connect({ type: 'local', dir: warehouseDir }),
    config: {
      computeEnvironments: [{ name: 'local', maxvCpus: 2 }],
      jobQueues: [{ name: 'etl-queue', computeEnvironmentOrder: ['local'] }],
      jobDefinitions: [{ name: 'rsql-job', containerProperties: { command: ['fetch-and-run'] } }],
    },
  })
  notify = createNotify({ store, outboxDir: outbox, topics: [{ name: 'etl-notifications', subscriptions: [{ protocol: 'file' }] }] })
  const integrations = new IntegrationRegistry()
  states = new StatesService(store, { integrations, region: 'us-east-1', account: '000000000000' })
  registerIntegrations(integrations, {
    batch, notify, states: nestedExecutions(states),
    warehouse: { openSession: () => connect({ type: 'local', dir: warehouseDir }) },
  })
  sql = await connect({ type: 'local', dir: warehouseDir })
})
after(async () => {
  await sql?.close()
  await batch?.close()
  await notify?.close()
  await stopLocalServer(warehouseDir)
  store?.close()
  rmSync(root, { recursive: true, force: true })
})

const run = async (machine: string, definition: unknown, input: unknown = {}) => {
  try { states.createStateMachine(machine, definition) } catch { /* exists */ }
  const { executionArn } = states.startExecution(machine, { input })
  const result = await states.waitFor(executionArn)
  return { executionArn, result, description: states.describeExecution(executionArn) }
}

test('a .sync Batch task runs a real RSQL script against the local warehouse, then SNS mails success', async () => {
  await objects.put('s3://scripts/region/copy.sql', "create table if not exists wf_region (r_name text);\ninsert into wf_region values ('${DATA_BUCKET_NAME}');\n")
  const { result } = await run('etl-ok', etl('region/copy.sql'))
  assert.equal(result.status, 'SUCCEEDED', JSON.stringify(result))
  assert.deepEqual((result.output as { load: unknown }).load, { status: 'SUCCEEDED', exit: 0 })
  const [rows] = await sql.query('select r_name from wf_region')
  assert.deepEqual(rows.rows, [['data']])
  await notify.drain()
  const files = readdirSync(join(outbox, 'etl-notifications'))
  const last = JSON.parse(readFileSync(join(outbox, 'etl-notifications', files.sort().at(-1)!), 'utf8'))
  assert.equal(last.Subject, 'ETL succeeded')
})

test('a failing script fails the job: States.TaskFailed with the job as the cause is caught and notified', async () => {
  await objects.put('s3://scripts/bad.sql', '\\set ON_ERROR_STOP on\nselect * from wf_missing_table;\n')
  const { result, executionArn } = await run('etl-bad', etl('bad.sql'))
  assert.equal(result.status, 'FAILED')
  assert.equal(result.error, 'ETLFailed')
  const failed = states.getExecutionHistory(executionArn).events.find((e: { type: string }) => e.type === 'TaskFailed') as unknown as { taskFailedEventDetails: { error: string; cause: string } }
  assert.equal(failed.taskFailedEventDetails.error, 'States.TaskFailed')
  const job = JSON.parse(failed.taskFailedEventDetails.cause)
  assert.equal(job.Status, 'FAILED')
  assert.equal(job.StatusReason, 'Essential container in task exited')
  assert.notEqual(job.Attempts[0].Container.ExitCode, 0)
  assert.ok(job.Container.Environment.some((e: { Name: string; Value: string }) => e.Name === 'MANAGED_BY_AWS' && e.Value === 'STARTED_BY_STEP_FUNCTIONS'))
  assert.match(batch.store.logs(job.JobId).map(l => l.message).join('\n'), /wf_missing_table/)
  await notify.drain()
  const dir = join(outbox, 'etl-notifications')
  const mail = readdirSync(dir).map(f => JSON.parse(readFileSync(join(dir, f), 'utf8'))).find(d => d.Subject === 'ETL failed')
  assert.equal(JSON.parse(JSON.parse(mail.Message).error.Cause).Status, 'FAILED')
})

test('stopping the execution terminates the running job', async () => {
  await objects.put('s3://scripts/slow.sql', 'select pg_sleep(30);\n')
  states.createStateMachine('etl-slow', { StartAt: 'Load', States: { Load: { ...copyTask('slow.sql'), End: true } } })
  const { executionArn } = states.startExecution('etl-slow', { input: {} })
  let jobId = ''
  for (let i = 0; i < 500 && !jobId; i++) { await new Promise(r => setTimeout(r, 10)); jobId = batch.listJobs({ jobQueue: 'etl-queue' })[0]?.jobId ?? '' }
  assert.ok(jobId, 'the job is RUNNING')
  states.stopExecution(executionArn, { error: 'Operator', cause: 'stop' })
  const job = await batch.waitForJob(jobId)
  assert.equal(job.status, 'FAILED')
  assert.equal(job.isTerminated, true)
  assert.equal((await states.waitFor(executionArn)).status, 'ABORTED')
})

test('a nested .sync:2 execution returns the child output as JSON; a failed child fails the task', async () => {
  states.createStateMachine('child', { StartAt: 'Echo', States: { Echo: { Type: 'Pass', Parameters: { 'doubled.$': 'States.MathAdd($.n, $.n)' }, End: true } } })
  states.createStateMachine('bad-child', { StartAt: 'No', States: { No: { Type: 'Fail', Error: 'Child', Cause: 'nope' } } })
  const nested = (sm: string) => ({ StartAt: 'Run', States: { Run: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2',
    Parameters: { StateMachineArn: `arn:aws:states:us-east-1:000000000000:stateMachine:${sm}`, Input: { 'n.$': '$.n' } }, End: true } } })
  const ok = await run('parent', nested('child'), { n: 21 })
  assert.equal(ok.result.status, 'SUCCEEDED')
  const out = ok.result.output as { Output: unknown; Status: string; Input: unknown }
  assert.deepEqual(out.Output, { doubled: 42 })
  assert.deepEqual(out.Input, { n: 21 })
  assert.equal(out.Status, 'SUCCEEDED')
  const bad = await run('parent-bad', nested('bad-child'), { n: 1 })
  assert.equal(bad.result.status, 'FAILED')
  assert.equal(bad.result.error, 'States.TaskFailed')
  assert.equal(JSON.parse(bad.result.cause!).Error, 'Child')
})

test('the Redshift Data API runs statements against the warehouse: ExecuteStatement, DescribeStatement, GetStatementResult', async () => {
  const def = { StartAt: 'Exec', States: {
    Exec: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:redshiftdata:executeStatement', Parameters: { Database: 'dev', Sql: 'select :n::int + 1 as next, true as ok', Parameters: [{ name: 'n', value: '41' }] }, Next: 'Wait' },
    Wait: { Type: 'Wait', Seconds: 1, Next: 'Describe' },
    Describe: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:redshiftdata:describeStatement', Parameters: { 'Id.$': '$.Id' }, Next: 'Done?' },
    'Done?': { Type: 'Choice', Choices: [{ Variable: '$.Status', StringEquals: 'FINISHED', Next: 'Result' }], Default: 'Wait' },
    Result: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:redshiftdata:getStatementResult', Parameters: { 'Id.$': '$.Id' }, End: true },
  } }
  const { result } = await run('data-api', def)
  assert.equal(result.status, 'SUCCEEDED', JSON.stringify(result))
  const out = result.output as { Records: unknown[][]; ColumnMetadata: { name: string; typeName: string }[]; TotalNumRows: number }
  assert.deepEqual(out.Records, [[{ longValue: 42 }, { booleanValue: true }]])
  assert.deepEqual(out.ColumnMetadata.map(c => [c.name, c.typeName]), [['next', 'int4'], ['ok', 'bool']])
})

test('an object upload starts the workflow its rule matches, once per object version', async () => {
  states.createStateMachine('on-upload', { StartAt: 'Key', States: { Key: { Type: 'Pass', Parameters: { 'key.$': '$.detail.object.key', 'type.$': "$['detail-type']" }, End: true } } })
  const started: string[] = []
  const triggers = createTriggers({
    store, objects,
    rules: [{ name: 'incoming', workflow: 'on-upload', eventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['data'] }, object: { key: [{ wildcard: 'incoming/*.csv' }] } } } }],
    start: async (workflow, input) => { const r = states.startExecution(workflow, { input }); started.push(r.executionArn); return r },
  })
  try {
    await objects.put('s3://data/incoming/orders.csv', 'a,b\n')
    await objects.put('s3://data/incoming/readme.txt', 'no')
    await objects.put('s3://data/other/orders.csv', 'no')
    await triggers.drain()
    assert.equal(started.length, 1)
    const r = await states.waitFor(started[0])
    assert.deepEqual(r.output, { key: 'incoming/orders.csv', type: 'Object Created' })
    const event = JSON.parse(states.describeExecution(started[0]).input)
    triggers.onObjectCreated(event) // EventBridge may deliver twice
    await triggers.drain()
    assert.equal(started.length, 1, 'a duplicate delivery does not start a second execution')
    assert.equal(triggers.firings().length, 1)
  } finally { triggers.close() }
})

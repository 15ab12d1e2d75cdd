// AWS Batch over REST-JSON, driven by the real @aws-sdk/client-batch (jobs run as real subprocesses), and a
// `.sync` Batch task of a workflow started and watched through the Step Functions API.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CancelJobCommand, CreateComputeEnvironmentCommand, CreateJobQueueCommand, DescribeComputeEnvironmentsCommand,
  DescribeJobDefinitionsCommand, DescribeJobQueuesCommand, DescribeJobsCommand, ListJobsCommand, RegisterJobDefinitionCommand,
  SubmitJobCommand, TerminateJobCommand, type JobDetail,
} from '@aws-sdk/client-batch'
import { DescribeExecutionCommand, GetExecutionHistoryCommand, StartExecutionCommand } from '@aws-sdk/client-sfn'
import { serve, smArn, until, type Served } from './helpers.ts'

const sh = (script: string) => ({ executor: 'subprocess', containerProperties: { command: ['/bin/sh', '-c', script] } })

const etl = {
  StartAt: 'load',
  States: {
    load: {
      Type: 'Task', Resource: 'arn:aws:states:::batch:submitJob.sync',
      Parameters: { JobName: 'load', JobQueue: 'etl-queue', JobDefinition: 'echo', 'Parameters': { 'table.$': '$.table' } },
      ResultSelector: { 'status.$': '$.Status', 'jobId.$': '$.JobId' }, End: true,
    },
  },
}

let s: Served
before(async () => {
  s = await serve({
    name: 'bat',
    jobDefinitions: [
      { name: 'echo', ...sh('echo "loading ${TABLE:-orders}"') },
      { name: 'sleeper', ...sh('sleep 30') },
      { name: 'fails', ...sh('echo broken >&2; exit 4') },
    ],
  }, { etl })
})
after(() => s.close())

const job = (jobId: string) => s.batch.send(new DescribeJobsCommand({ jobs: [jobId] })).then(r => r.jobs![0])
const final = (jobId: string) =>
  until(async () => { const j = await job(jobId); return j && (j.status === 'SUCCEEDED' || j.status === 'FAILED') ? j : undefined }, 20_000, `job ${jobId}`)

test('queues, definitions and compute environments: the project\'s, and new ones', async () => {
  const { jobQueues } = await s.batch.send(new DescribeJobQueuesCommand({}))
  assert.deepEqual(jobQueues!.map(q => q.jobQueueName), ['etl-queue'])
  const defs = await s.batch.send(new DescribeJobDefinitionsCommand({}))
  assert.deepEqual(defs.jobDefinitions!.map(d => d.jobDefinitionName).sort(), ['echo', 'fails', 'sleeper'])
  const one = await s.batch.send(new DescribeJobDefinitionsCommand({ jobDefinitionName: 'echo' }))
  assert.equal(one.jobDefinitions!.length, 1)
  const ce = await s.batch.send(new CreateComputeEnvironmentCommand({
    computeEnvironmentName: 'big', type: 'MANAGED', computeResources: { type: 'FARGATE', maxvCpus: 8, subnets: [] },
  }))
  assert.equal(ce.computeEnvironmentName, 'big')
  const ces = await s.batch.send(new DescribeComputeEnvironmentsCommand({}))
  assert.equal(ces.computeEnvironments!.find(c => c.computeEnvironmentName === 'big')?.computeResources?.maxvCpus, 8)
  await assert.rejects(s.batch.send(new CreateComputeEnvironmentCommand({ computeEnvironmentName: 'none', type: 'UNMANAGED' })),
    (e: Error) => e.name === 'ClientException' && /maxvCpus/.test(e.message))
  const q = await s.batch.send(new CreateJobQueueCommand({ jobQueueName: 'bulk', priority: 5, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'big' }] }))
  assert.match(q.jobQueueArn!, /:job-queue\/bulk$/)
  const reg = await s.batch.send(new RegisterJobDefinitionCommand({ jobDefinitionName: 'extra', type: 'container', containerProperties: { command: ['/bin/true'] } }))
  assert.equal(reg.revision, 1)
  const reg2 = await s.batch.send(new RegisterJobDefinitionCommand({ jobDefinitionName: 'extra', type: 'container', containerProperties: { command: ['/bin/true'] } }))
  assert.equal(reg2.revision, 2)
})

test('Describe* of named queues, definitions and compute environments leaves unknown names out, as AWS does (no error)', async () => {
  const { jobQueues } = await s.batch.send(new DescribeJobQueuesCommand({ jobQueues: ['etl-queue', 'no-such-queue'] }))
  assert.deepEqual(jobQueues!.map(q => q.jobQueueName), ['etl-queue'])
  const { jobDefinitions } = await s.batch.send(new DescribeJobDefinitionsCommand({ jobDefinitions: ['echo:1', 'no-such-definition:1'] }))
  assert.deepEqual(jobDefinitions!.map(d => d.jobDefinitionName), ['echo'])
  const { computeEnvironments } = await s.batch.send(new DescribeComputeEnvironmentsCommand({ computeEnvironments: ['no-such-environment'] }))
  assert.deepEqual(computeEnvironments, [])
})

test('SubmitJob, DescribeJobs, ListJobs: a job runs to SUCCEEDED, a failing one to FAILED with its reason', async () => {
  const ok = await s.batch.send(new SubmitJobCommand({ jobName: 'hello', jobQueue: 'etl-queue', jobDefinition: 'echo' }))
  assert.ok(ok.jobId && ok.jobArn!.endsWith(ok.jobId))
  const done: JobDetail = await final(ok.jobId!)
  assert.equal(done.status, 'SUCCEEDED')
  assert.equal(done.jobName, 'hello')
  assert.equal(typeof done.createdAt, 'number')
  assert.equal(done.attempts!.length, 1)
  const bad = await s.batch.send(new SubmitJobCommand({ jobName: 'broken', jobQueue: 'etl-queue', jobDefinition: 'fails' }))
  const failed = await final(bad.jobId!)
  assert.equal(failed.status, 'FAILED')
  assert.equal(failed.attempts![0].container!.exitCode, 4)
  const succeeded = await s.batch.send(new ListJobsCommand({ jobQueue: 'etl-queue', jobStatus: 'SUCCEEDED' }))
  assert.ok(succeeded.jobSummaryList!.some(j => j.jobId === ok.jobId))
  assert.ok(!succeeded.jobSummaryList!.some(j => j.jobId === bad.jobId))
  const paged = await s.batch.send(new ListJobsCommand({ jobQueue: 'etl-queue', filters: [{ name: 'JOB_NAME', values: ['*'] }], maxResults: 1 }))
  assert.equal(paged.jobSummaryList!.length, 1)
  assert.ok(paged.nextToken)
  const rest = await s.batch.send(new ListJobsCommand({ jobQueue: 'etl-queue', filters: [{ name: 'JOB_NAME', values: ['*'] }], maxResults: 1, nextToken: paged.nextToken }))
  assert.notEqual(rest.jobSummaryList![0].jobId, paged.jobSummaryList![0].jobId)
  assert.deepEqual((await s.batch.send(new DescribeJobsCommand({ jobs: ['no-such-job'] }))).jobs, [])
})

test('TerminateJob stops a running job; CancelJob on a finished one changes nothing', async () => {
  const { jobId } = await s.batch.send(new SubmitJobCommand({ jobName: 'long', jobQueue: 'etl-queue', jobDefinition: 'sleeper' }))
  await until(async () => ((await job(jobId!))?.status === 'RUNNING' ? true : undefined), 20_000, 'the job to run')
  await s.batch.send(new TerminateJobCommand({ jobId, reason: 'operator said so' }))
  const j = await final(jobId!)
  assert.equal(j.status, 'FAILED')
  assert.match(j.statusReason!, /operator said so/)
  await s.batch.send(new CancelJobCommand({ jobId, reason: 'too late' }))
  assert.equal((await job(jobId!)).status, 'FAILED')
})

test('errors: an unknown job queue or definition is ClientException; a missing field too; an unknown path is UnknownOperationException', async () => {
  await assert.rejects(s.batch.send(new SubmitJobCommand({ jobName: 'x', jobQueue: 'nowhere', jobDefinition: 'echo' })),
    (e: Error & { $metadata?: { httpStatusCode?: number } }) => e.name === 'ClientException' && /nowhere/.test(e.message) && e.$metadata?.httpStatusCode === 400)
  await assert.rejects(s.batch.send(new SubmitJobCommand({ jobName: 'x', jobQueue: 'etl-queue', jobDefinition: 'nothing' })),
    (e: Error) => e.name === 'ClientException' && /nothing/.test(e.message))
  await assert.rejects(s.batch.send(new TerminateJobCommand({ jobId: 'x', reason: '' })), { name: 'ClientException' })
  const res = await fetch(`${s.url}/v1/launchrocket`, { method: 'POST', body: '{}' })
  assert.equal(res.status, 404)
  assert.equal(res.headers.get('x-amzn-errortype'), 'UnknownOperationException')
})

test('a workflow with a .sync Batch task runs through the Step Functions API', async () => {
  const { executionArn } = await s.sfn.send(new StartExecutionCommand({ stateMachineArn: smArn('etl'), input: '{"table":"lineitem"}' }))
  const d = await until(async () => {
    const r = await s.sfn.send(new DescribeExecutionCommand({ executionArn }))
    return r.status === 'RUNNING' ? undefined : r
  }, 20_000, 'the execution')
  assert.equal(d.status, 'SUCCEEDED', d.cause)
  const out = JSON.parse(d.output!) as { status: string; jobId: string }
  assert.equal(out.status, 'SUCCEEDED')
  const j = await job(out.jobId)
  assert.equal(j.jobName, 'load')
  assert.deepEqual(j.parameters, { table: 'lineitem' })
  const { events } = await s.sfn.send(new GetExecutionHistoryCommand({ executionArn }))
  const types: string[] = events!.map(e => e.type!)
  for (const t of ['TaskScheduled', 'TaskStarted', 'TaskSucceeded']) assert.ok(types.includes(t), `${t} in ${types.join(', ')}`)
})

import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { JobStatus } from '../../src/batch/index.ts'
import { makeBatch, tick, until } from './helpers.ts'

test('a job moves SUBMITTED → RUNNABLE → STARTING → RUNNING → SUCCEEDED, with attempts, env and logs', async () => {
  const { batch } = makeBatch()
  batch.resources.registerJobDefinition({
    jobDefinitionName: 'greet', parameters: { who: 'world' },
    containerProperties: { command: ['echo', 'Ref::greeting', 'Ref::who', '$AWS_BATCH_JOB_ATTEMPT', '$STAGE'], environment: [{ name: 'STAGE', value: 'dev' }] },
  })
  const seen: JobStatus[] = []
  batch.onJobStateChange(d => seen.push(d.status))
  const { jobId, jobArn } = batch.submitJob({ jobName: 'hello', jobQueue: 'q', jobDefinition: 'greet', parameters: { greeting: 'hi' } })
  assert.match(jobArn, /^arn:aws:batch:us-east-1:000000000000:job\//)
  const job = await batch.waitForJob(jobId)
  assert.deepEqual(seen, ['SUBMITTED', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED'])
  assert.equal(job.status, 'SUCCEEDED')
  assert.equal(job.statusReason, 'Essential container in task exited')
  assert.deepEqual(job.container.command, ['echo', 'hi', 'world', '$AWS_BATCH_JOB_ATTEMPT', '$STAGE'])
  assert.equal(job.attempts.length, 1)
  assert.equal(job.attempts[0].container.exitCode, 0)
  assert.match(job.attempts[0].container.logStreamName!, /^greet\/default\/[0-9a-f]{32}$/)
  assert.ok(job.startedAt! >= job.createdAt && job.stoppedAt! >= job.startedAt!)
  assert.deepEqual(batch.store.logs(jobId).map(l => [l.attempt, l.stream, l.message]), [[1, 'stdout', 'hi world 1 dev']])
  assert.equal(batch.describeJobs([jobId])[0].status, 'SUCCEEDED', 'described from the store once final')
})

test('evaluateOnExit retries exit code 3 at the front of the queue and exits on code 1', async () => {
  const { batch } = makeBatch()
  batch.resources.registerJobDefinition({
    jobDefinitionName: 'flaky', containerProperties: { command: ['exit', '3'] },
    retryStrategy: { attempts: 3, evaluateOnExit: [{ onExitCode: '3', action: 'RETRY' }, { onExitCode: '*', action: 'EXIT' }] },
  })
  const a = await batch.waitForJob(batch.submitJob({ jobName: 'a', jobQueue: 'q', jobDefinition: 'flaky' }).jobId)
  assert.equal(a.status, 'FAILED')
  assert.deepEqual(a.attempts.map(x => x.container.exitCode), [3, 3, 3])
  assert.equal(new Set(a.attempts.map(x => x.container.logStreamName)).size, 3, 'one log stream per attempt')
  assert.deepEqual(batch.store.logs(a.jobId).map(l => l.attempt), [1, 2, 3])
  const b = await batch.waitForJob(batch.submitJob({ jobName: 'b', jobQueue: 'q', jobDefinition: 'flaky', containerOverrides: { command: ['exit', '1'] } }).jobId)
  assert.deepEqual(b.attempts.map(x => x.container.exitCode), [1], 'EXIT: no retry')
  assert.equal(b.container.reason, 'exiting 1', 'the last stderr line is the container reason of a non-zero exit')
  assert.equal(b.attempts[0].container.reason, 'exiting 1')
})

test('attemptDurationSeconds: SIGTERM at the timeout, SIGKILL after the grace period, never retried', async () => {
  const { batch, clock } = makeBatch()
  batch.resources.registerJobDefinition({
    jobDefinitionName: 'slow', containerProperties: { command: ['stubborn'] }, timeout: { attemptDurationSeconds: 60 }, retryStrategy: { attempts: 3 },
  })
  const { jobId } = batch.submitJob({ jobName: 'slow', jobQueue: 'q', jobDefinition: 'slow' })
  await until(() => batch.describeJobs([jobId])[0].status === 'RUNNING', 'RUNNING')
  await clock.advance(59_000)
  assert.equal(batch.describeJobs([jobId])[0].status, 'RUNNING')
  await clock.advance(1_000)
  assert.equal(batch.describeJobs([jobId])[0].status, 'RUNNING', 'SIGTERM ignored: still running during the grace period')
  await clock.advance(30_000)
  const job = await batch.waitForJob(jobId)
  assert.equal(job.status, 'FAILED')
  assert.equal(job.statusReason, 'Job attempt duration exceeded timeout')
  assert.equal(job.attempts.length, 1)
  assert.equal(job.attempts[0].container.exitCode, 137)
  assert.throws(() => batch.submitJob({ jobName: 'x', jobQueue: 'q', jobDefinition: 'slow', timeout: { attemptDurationSeconds: 10 } }), /at least 60/)
})

test('compute environment vCPUs cap concurrency; a job bigger than any CE stays RUNNABLE with a reason', async () => {
  const { batch, gates } = makeBatch({ maxvCpus: 2 })
  const ids = [1, 2, 3, 4, 5].map(i => batch.submitJob({ jobName: `g${i}`, jobQueue: 'q', jobDefinition: 'jd', containerOverrides: { command: ['gate', `g${i}`] } }).jobId)
  let max = 0
  batch.onJobStateChange(() => { max = Math.max(max, batch.vcpusInUse('local')) })
  await until(() => batch.listJobs({ jobQueue: 'q' }).length === 2, 'two RUNNING')
  await tick()
  assert.deepEqual(batch.listJobs({ jobQueue: 'q', jobStatus: 'RUNNABLE' }).map(j => j.jobName).sort(), ['g3', 'g4', 'g5'])
  const big = batch.submitJob({ jobName: 'big', jobQueue: 'q', jobDefinition: 'jd', containerOverrides: { resourceRequirements: [{ type: 'VCPU', value: '4' }] } }).jobId
  for (const i of [1, 2, 3, 4, 5]) gates.open(`g${i}`)
  for (const id of ids) assert.equal((await batch.waitForJob(id)).status, 'SUCCEEDED')
  assert.ok(max <= 2, `max vCPUs in use ${max}`)
  const b = batch.describeJobs([big])[0]
  assert.equal(b.status, 'RUNNABLE')
  assert.match(b.statusReason!, /^MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT/)
})

test('queues sharing a compute environment: the higher priority queue runs first', async () => {
  const { batch, gates } = makeBatch({ maxvCpus: 1 })
  batch.resources.createJobQueue({ jobQueueName: 'urgent', priority: 10, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'local' }] })
  const blocker = batch.submitJob({ jobName: 'blocker', jobQueue: 'q', jobDefinition: 'jd', containerOverrides: { command: ['gate', 'b'] } }).jobId
  await until(() => batch.describeJobs([blocker])[0].status === 'RUNNING')
  const order: string[] = []
  batch.onJobStateChange(d => { if (d.status === 'RUNNING') order.push(d.jobName) })
  batch.submitJob({ jobName: 'low', jobQueue: 'q', jobDefinition: 'jd' })
  const hi = batch.submitJob({ jobName: 'high', jobQueue: 'urgent', jobDefinition: 'jd' }).jobId
  gates.open('b')
  await batch.waitForJob(hi)
  await until(() => order.length === 2)
  assert.deepEqual(order, ['high', 'low'])
})

test('dependsOn: a dependent runs after success and fails when a dependency fails', async () => {
  const { batch, gates } = makeBatch()
  const a = batch.submitJob({ jobName: 'a', jobQueue: 'q', jobDefinition: 'jd', containerOverrides: { command: ['gate', 'a'] } }).jobId
  const b = batch.submitJob({ jobName: 'b', jobQueue: 'q', jobDefinition: 'jd', dependsOn: [{ jobId: a }] }).jobId
  await tick()
  assert.equal(batch.describeJobs([b])[0].status, 'PENDING')
  gates.open('a')
  assert.equal((await batch.waitForJob(b)).status, 'SUCCEEDED')
  const c = batch.submitJob({ jobName: 'c', jobQueue: 'q', jobDefinition: 'jd', containerOverrides: { command: ['exit', '2'] } }).jobId
  const d = batch.submitJob({ jobName: 'd', jobQueue: 'q', jobDefinition: 'jd', dependsOn: [{ jobId: c }] }).jobId
  const e = batch.submitJob({ jobName: 'e', jobQueue: 'q', jobDefinition: 'jd', dependsOn: [{ jobId: d }] }).jobId
  const [dd, ee] = [await batch.waitForJob(d), await batch.waitForJob(e)]
  assert.equal(dd.status, 'FAILED'); assert.equal(dd.statusReason, 'Dependent Job failed'); assert.equal(dd.attempts.length, 0)
  assert.equal(ee.status, 'FAILED')
  assert.throws(() => batch.submitJob({ jobName: 'x', jobQueue: 'q', jobDefinition: 'jd', dependsOn: [{ jobId: 'nope' }] }), /dependency job does not exist: nope/)
})

test('array jobs: children get AWS_BATCH_JOB_ARRAY_INDEX, SEQUENTIAL runs in index order, N_TO_N pairs children', async () => {
  const { batch } = makeBatch()
  const order: string[] = []
  batch.onJobStateChange(d => { if (d.status === 'RUNNING') order.push(d.jobId.split(':').pop()!) })
  const seq = batch.submitJob({ jobName: 'seq', jobQueue: 'q', jobDefinition: 'jd', arrayProperties: { size: 4 }, dependsOn: [{ type: 'SEQUENTIAL' }],
    containerOverrides: { command: ['echo', '$AWS_BATCH_JOB_ARRAY_INDEX'] } }).jobId
  const parent = await batch.waitForJob(seq)
  assert.equal(parent.status, 'SUCCEEDED')
  assert.deepEqual(order, ['0', '1', '2', '3'])
  assert.deepEqual(parent.arrayProperties!.statusSummary, { SUBMITTED: 0, PENDING: 0, RUNNABLE: 0, STARTING: 0, RUNNING: 0, SUCCEEDED: 4 })
  for (let i = 0; i < 4; i++) assert.deepEqual(batch.store.logs(`${seq}:${i}`).map(l => l.message), [String(i)])
  assert.equal(batch.listJobs({ arrayJobId: seq, jobStatus: 'SUCCEEDED' }).length, 4)

  const a = batch.submitJob({ jobName: 'a', jobQueue: 'q', jobDefinition: 'jd', arrayProperties: { size: 2 }, containerOverrides: { command: ['exit', '$AWS_BATCH_JOB_ARRAY_INDEX'] } }).jobId
  const b = batch.submitJob({ jobName: 'b', jobQueue: 'q', jobDefinition: 'jd', arrayProperties: { size: 2 }, dependsOn: [{ jobId: a, type: 'N_TO_N' }] }).jobId
  assert.equal((await batch.waitForJob(b)).status, 'FAILED')
  assert.equal(batch.describeJobs([`${b}:0`])[0].status, 'SUCCEEDED', 'child 0 followed a:0, which succeeded')
  assert.equal(batch.describeJobs([`${b}:1`])[0].statusReason, 'Dependent Job failed')
  assert.equal(batch.describeJobs([a])[0].status, 'FAILED', 'a failed child fails the parent')
  assert.throws(() => batch.submitJob({ jobName: 'x', jobQueue: 'q', jobDefinition: 'jd', arrayProperties: { size: 3 }, dependsOn: [{ jobId: a, type: 'N_TO_N' }] }), /same size/)
})

test('CancelJob fails queued jobs and leaves running ones; TerminateJob stops running ones; neither retries', async () => {
  const { batch, gates } = makeBatch({ maxvCpus: 1 })
  const running = batch.submitJob({ jobName: 'r', jobQueue: 'q', jobDefinition: 'jd', containerOverrides: { command: ['gate', 'r'] }, retryStrategy: { attempts: 3 } }).jobId
  const queued = batch.submitJob({ jobName: 'w', jobQueue: 'q', jobDefinition: 'jd' }).jobId
  const pending = batch.submitJob({ jobName: 'p', jobQueue: 'q', jobDefinition: 'jd', dependsOn: [{ jobId: running }] }).jobId
  await until(() => batch.describeJobs([running])[0].status === 'RUNNING')
  batch.cancelJob(queued, 'not needed')
  batch.cancelJob(running, 'ignored')
  batch.cancelJob(pending, 'later')
  const q = batch.describeJobs([queued])[0]
  assert.equal(q.status, 'FAILED'); assert.equal(q.statusReason, 'not needed'); assert.equal(q.isCancelled, true)
  assert.equal(batch.describeJobs([running])[0].status, 'RUNNING', 'CancelJob leaves RUNNING jobs alone')
  assert.equal(batch.describeJobs([pending])[0].status, 'PENDING', 'a PENDING job is cancelled when its dependencies complete')
  batch.terminateJob(running, 'operator stop')
  const r = await batch.waitForJob(running)
  assert.equal(r.status, 'FAILED'); assert.equal(r.statusReason, 'operator stop'); assert.equal(r.isTerminated, true)
  assert.equal(r.attempts.length, 1); assert.equal(r.attempts[0].container.exitCode, 143)
  const p = await batch.waitForJob(pending)
  assert.equal(p.status, 'FAILED')
  assert.throws(() => batch.cancelJob('missing', 'x'), /job does not exist: missing/)
  gates.open('r')
})

test('SubmitJob errors are ClientExceptions naming the field', () => {
  const { batch } = makeBatch()
  const cases: [Parameters<typeof batch.submitJob>[0], RegExp][] = [
    [{ jobName: '-bad', jobQueue: 'q', jobDefinition: 'jd' }, /job name must start/],
    [{ jobName: 'x', jobQueue: 'nope', jobDefinition: 'jd' }, /job queue does not exist: nope/],
    [{ jobName: 'x', jobQueue: 'q', jobDefinition: 'jd:9' }, /job definition does not exist: jd:9/],
    [{ jobName: 'x', jobQueue: 'q', jobDefinition: 'jd', arrayProperties: { size: 1 } }, /size must be from 2 to 10000/],
    [{ jobName: 'x', jobQueue: 'q', jobDefinition: 'jd', containerOverrides: { environment: [{ name: 'AWS_BATCH_X', value: '1' }] } }, /AWS_BATCH/],
  ]
  for (const [req, message] of cases) {
    assert.throws(() => batch.submitJob(req), (e: Error & { code?: string }) => { assert.equal(e.code, 'ClientException'); assert.match(e.message, message); return true })
  }
  assert.ok(batch.submitJob({ jobName: 'ok', jobQueue: 'arn:aws:batch:us-east-1:000000000000:job-queue/q', jobDefinition: 'arn:aws:batch:us-east-1:000000000000:job-definition/jd:1' }).jobId)
})

test('a subprocess job that ignores SIGTERM is killed after the grace period at its timeout (virtual clock, real process)', async () => {
  const { batch, clock } = makeBatch()
  batch.resources.registerJobDefinition({
    jobDefinitionName: 'stubborn-sh', executor: 'subprocess', timeout: { attemptDurationSeconds: 60 },
    containerProperties: { command: ['/bin/sh', '-c', "trap 'echo got TERM' TERM; echo started; while :; do sleep 0.05; done"] },
  })
  const { jobId } = batch.submitJob({ jobName: 'stubborn', jobQueue: 'q', jobDefinition: 'stubborn-sh' })
  await until(() => batch.store.logs(jobId).some(l => l.message === 'started'), 'the process started')
  await clock.advance(60_000)
  await until(() => batch.store.logs(jobId).some(l => l.message === 'got TERM'), 'SIGTERM delivered')
  assert.equal(batch.describeJobs([jobId])[0].status, 'RUNNING')
  await clock.advance(30_000)
  const job = await batch.waitForJob(jobId)
  assert.equal(job.status, 'FAILED')
  assert.equal(job.statusReason, 'Job attempt duration exceeded timeout')
  assert.equal(job.attempts[0].container.exitCode, 137)
})

// The runtime reports the job each Batch task submitted (the console links a running state to its job's
// log): request-response and .sync tasks, and a .sync task re-attached after a restart, whose job is found
// again instead of submitted twice.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import Database from 'better-sqlite3'
import { trackJobs, type JobSubmittedListener } from '../../src/app/job-tracking.ts'
import { createBatch } from '../../src/batch/index.ts'
import { parseResource, type TaskInvocation } from '../../src/states/index.ts'

const invocation = (arn: string, more: Partial<TaskInvocation> = {}): TaskInvocation => ({
  resource: parseResource(arn), arn, parameters: { JobName: 'j', JobQueue: 'q', JobDefinition: 'd' }, signal: new AbortController().signal,
  heartbeat() {}, executionArn: 'arn:aws:states:us-east-1:000000000000:execution:m:e', stateName: 'Load', region: 'us-east-1', ...more,
})

test('each submitted job is reported with its state, also when a re-attached .sync task finds it again', async () => {
  const batch = createBatch({
    store: new Database(':memory:'),
    programs: { ok: async () => 0 },
    config: { computeEnvironments: [{ name: 'c', maxvCpus: 1 }], jobQueues: [{ name: 'q', computeEnvironmentOrder: ['c'] }], jobDefinitions: [{ name: 'd', containerProperties: { command: ['ok'] } }] },
  })
  const seen: Parameters<JobSubmittedListener>[0][] = []
  const handler = trackJobs(batch, new Set<JobSubmittedListener>([j => seen.push(j)]))

  const answer = await handler(invocation('arn:aws:states:::batch:submitJob')) as { JobId: string }
  assert.deepEqual(seen, [{ executionArn: 'arn:aws:states:us-east-1:000000000000:execution:m:e', stateName: 'Load', jobId: answer.JobId }])

  const submitted: unknown[] = []
  const first = await handler(invocation('arn:aws:states:::batch:submitJob.sync', { taskKey: 'k1', submitted: o => submitted.push(o) })) as { JobId: string }
  assert.equal(seen.length, 2)
  assert.equal(seen[1].jobId, first.JobId)
  assert.equal(submitted.length, 1, "the engine's own callback still gets the answer")

  // after a restart the same attempt runs again: its job is found by the task key, not submitted again
  const again = await handler(invocation('arn:aws:states:::batch:submitJob.sync', { taskKey: 'k1', reattach: true })) as { JobId: string }
  assert.equal(again.JobId, first.JobId)
  assert.equal(batch.listJobs({ jobQueue: 'q', filters: [{ name: 'JOB_NAME', values: ['j'] }] }).length, 2, 'two jobs submitted in all')
  assert.deepEqual(seen.map(j => j.jobId), [answer.JobId, first.JobId, first.JobId])
})

import { test } from 'node:test'
import assert from 'node:assert/strict'
import Database from 'better-sqlite3'
import { Batch, VirtualClock, inProcessExecutor, type InProcessProgram } from '../../src/batch/index.ts'
import { tick, until } from './helpers.ts'

// A program that, like an RSQL script whose statement is cancelled, still writes after it was told to stop.
const late: InProcessProgram = ({ stdout, stderr, signal }) => new Promise(resolve => {
  stdout('started\n')
  signal.addEventListener('abort', () => setImmediate(() => { stderr('canceling statement due to user request\n'); resolve(1) }), { once: true })
})

test('close() stores the lines written so far; what a killed program writes later is dropped, not written to a closed store', async () => {
  const db = new Database(':memory:')
  const batch = new Batch({ db, clock: new VirtualClock(), executors: { 'fetch-and-run': inProcessExecutor({ late }) } })
  batch.resources.createComputeEnvironment({ computeEnvironmentName: 'local', maxvCpus: 4 })
  batch.resources.createJobQueue({ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'local' }] })
  batch.resources.registerJobDefinition({ jobDefinitionName: 'jd', containerProperties: { command: ['late'] } })
  const { jobId } = batch.submitJob({ jobName: 'j', jobQueue: 'q', jobDefinition: 'jd' })
  await until(() => batch.describeJobs([jobId])[0]?.status === 'RUNNING', 'RUNNING')
  await tick()
  await batch.close({ wait: false })
  assert.deepEqual(batch.store.logs(jobId).map(l => l.message), ['started'])
  db.close() // as the app does right after close(): a late write would throw "The database connection is not open"
  for (let i = 0; i < 5; i++) await tick()
  assert.equal(db.open, false)
})

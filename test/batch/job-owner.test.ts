// Which process runs a job's attempt: `<pid>@<start time>`, as an execution's owner, so a process that later got a
// dead runner's pid is not taken for it (scheduler recovery, `rsqlflow warehouse stop`).
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { migrate, openStore, processStart, registeredMigrations, thisProcess } from '../../src/store/index.ts'
import { JobStore, runsElsewhere, STATUS_REASON, type JobRecord } from '../../src/batch/index.ts'
import { makeBatch, until } from './helpers.ts'

const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-job-owner-'))
after(() => rmSync(dir, { recursive: true, force: true }))

async function sleeper(): Promise<ChildProcess & { pid: number }> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
  await new Promise(r => child.once('spawn', r))
  return child as ChildProcess & { pid: number }
}
async function killed(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL')
  if (child.exitCode === null && child.signalCode === null) await new Promise(r => child.once('exit', r))
}

test('a running job records its runner as <pid>@<start time>, in its record and in the owner column', async () => {
  const store = openStore(join(dir, 'a.db'))
  const { batch, gates } = makeBatch({ db: store.db })
  batch.resources.registerJobDefinition({ jobDefinitionName: 'held', containerProperties: { command: ['gate', 'g'] } })
  const { jobId } = batch.submitJob({ jobName: 'held', jobQueue: 'q', jobDefinition: 'held' })
  await until(() => batch.store.get(jobId)?.detail.status === 'RUNNING', 'RUNNING')
  assert.equal(batch.store.get(jobId)!.owner, thisProcess())
  assert.match(thisProcess(), /^\d+@\S+$/)
  const column = store.db.prepare('select owner from batch_jobs where job_id = ?').get(jobId) as { owner: unknown }
  assert.equal(column.owner, thisProcess())
  gates.open('g')
  await batch.waitForJob(jobId)
  assert.equal(batch.store.get(jobId)!.owner, undefined, 'no runner once it ended')
  await batch.close()
  store.close()
})

function running(jobId: string, owner: string | number): JobRecord {
  return {
    detail: {
      jobId, jobName: jobId, jobArn: `arn:aws:batch:us-east-1:000000000000:job/${jobId}`, jobQueue: 'q', jobDefinition: 'jd', status: 'RUNNING',
      createdAt: 1, startedAt: 2, attempts: [{ container: {}, startedAt: 2 }], dependsOn: [], parameters: {}, container: {},
    } as unknown as JobRecord['detail'],
    queueName: 'q', executor: 'fetch-and-run', vcpus: 1, waitsFor: [], owner: owner as string,
  }
}

test('recovery: a job whose runner\'s pid now names a later process (another start time) is a host failure; a live runner keeps its job', async () => {
  const other = await sleeper()
  try {
    const store = openStore(join(dir, 'b.db'))
    const jobs = new JobStore(store.db)
    jobs.create(running('reused', `${other.pid}@not-its-start`))
    jobs.create(running('live', `${other.pid}@${processStart(other.pid)}`))
    assert.equal(runsElsewhere(jobs.get('reused')!, thisProcess()), false)
    assert.equal(runsElsewhere(jobs.get('live')!, thisProcess()), true)
    const { batch } = makeBatch({ db: store.db })
    assert.deepEqual(batch.recover(), { recovered: 1, hostFailures: 1 })
    const reused = await batch.waitForJob('reused')
    assert.equal(reused.status, 'FAILED')
    assert.equal(reused.statusReason, STATUS_REASON.hostTerminated(other.pid))
    assert.equal(batch.store.get('live')!.detail.status, 'RUNNING', 'left to its runner')
    await batch.close()
    store.close()
  } finally { await killed(other) }
})

test('batch-002 migrates a store whose jobs name their runner by a bare pid: judged by the pid alone, as before', async () => {
  const path = join(dir, 'old.db')
  const old = new Database(path)
  migrate(old, registeredMigrations().filter(m => m.id !== 'batch-002-job-owner-process'))
  const live = await sleeper()
  const gone = await sleeper()
  await killed(gone)
  try {
    const insert = old.prepare('insert into batch_jobs (job_id, queue, status, created_at, owner, record) values (?, ?, ?, ?, ?, ?)')
    for (const [id, pid] of [['old-live', live.pid], ['old-gone', gone.pid]] as const) insert.run(id, 'q', 'RUNNING', 1, pid, JSON.stringify(running(id, pid)))
    old.close()
    const store = openStore(path)
    const jobs = new JobStore(store.db)
    assert.equal(jobs.get('old-live')!.owner, String(live.pid))
    assert.equal((store.db.prepare("select owner from batch_jobs where job_id = 'old-live'").get() as { owner: unknown }).owner, String(live.pid))
    assert.equal(runsElsewhere(jobs.get('old-live')!, thisProcess()), true)
    assert.equal(runsElsewhere(jobs.get('old-gone')!, thisProcess()), false)
    const { batch } = makeBatch({ db: store.db })
    assert.deepEqual(batch.recover(), { recovered: 1, hostFailures: 1 })
    assert.equal((await batch.waitForJob('old-gone')).statusReason, STATUS_REASON.hostTerminated(gone.pid))
    await batch.close()
    store.close()
  } finally { await killed(live) }
})

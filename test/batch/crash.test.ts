import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openStore } from '../../src/store/index.ts'
import { Batch, inProcessExecutor, isFinal, STATUS_REASON } from '../../src/batch/index.ts'
import { programs, setUp } from './fixtures/crash-worker.ts'

const worker = fileURLToPath(new URL('./fixtures/crash-worker.ts', import.meta.url))

test('SIGKILL with jobs queued and running, then restart: every job reaches a final state exactly once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-crash-'))
  const path = join(dir, 'store.db')
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, path], { stdio: ['ignore', 'pipe', 'inherit'] })
    const ids = await new Promise<{ a: string; b: string; queued: string[]; pending: string }>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', c => { out += c; const m = /READY (.*)\n/.exec(out); if (m) resolve(JSON.parse(m[1])) })
      child.on('exit', code => reject(new Error(`worker exited early with ${code}`)))
    })
    child.kill('SIGKILL')
    await new Promise(r => child.once('exit', r))

    const store = openStore(path)
    const finals = new Map<string, number>()
    const batch = new Batch({ db: store.db, executors: { 'fetch-and-run': inProcessExecutor(programs) } })
    setUp(batch)
    batch.onJobStateChange(d => { if (isFinal(d.status)) finals.set(d.jobId, (finals.get(d.jobId) ?? 0) + 1) })
    const before = Object.fromEntries([ids.a, ids.b, ...ids.queued, ids.pending].map(id => [id, batch.store.get(id)!.detail.status]))
    assert.deepEqual(Object.values(before).sort(), ['PENDING', 'RUNNABLE', 'RUNNABLE', 'RUNNABLE', 'RUNNING', 'RUNNING'])
    assert.deepEqual(batch.recover(), { recovered: 6, hostFailures: 2 })
    const all = [ids.a, ids.b, ...ids.queued, ids.pending]
    const jobs = await Promise.all(all.map(id => batch.waitForJob(id)))
    const by = Object.fromEntries(jobs.map(j => [j.jobId, j]))
    assert.equal(by[ids.a].status, 'SUCCEEDED', 'retried after the host failure')
    assert.deepEqual(by[ids.a].attempts.map(x => x.statusReason), [STATUS_REASON.hostTerminated(child.pid), 'Essential container in task exited'])
    assert.equal(by[ids.b].status, 'FAILED', 'one attempt only: failed by the host failure')
    assert.equal(by[ids.b].statusReason, STATUS_REASON.hostTerminated(child.pid))
    for (const id of [...ids.queued, ids.pending]) assert.equal(by[id].status, 'SUCCEEDED')
    for (const id of all) assert.equal(finals.get(id), 1, `one final transition for ${by[id].jobName}`)
    // a second restart finds nothing to recover
    const again = new Batch({ db: store.db, executors: { 'fetch-and-run': inProcessExecutor(programs) } })
    setUp(again)
    assert.deepEqual(again.recover(), { recovered: 0, hostFailures: 0 })
    await batch.close(); await again.close()
    store.close()
  } finally { rmSync(dir, { recursive: true, force: true }) }
})

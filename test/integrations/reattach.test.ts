import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { ExecutionTables } from '../../src/store/index.ts'
import type { Report } from './fixtures/reattach-runtime.ts'

const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-reattach-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const child = join(import.meta.dirname, 'fixtures', 'reattach-runtime.ts')

interface Job { jobId: string; status: string; attempts: Array<{ statusReason?: string }>; container: { environment: Array<{ name: string; value: string }> } }

function jobs(path: string): Job[] {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true })
    try {
      return (db.prepare('SELECT record FROM batch_jobs ORDER BY seq').all() as Array<{ record: string }>).map((r) => JSON.parse(r.record).detail as Job)
    } finally {
      db.close()
    }
  } catch {
    return []
  }
}

const taskKey = (j: Job) => j.container.environment.find((e) => e.name === 'RSQLFLOW_TASK_KEY')?.value

describe('.sync tasks re-attach after a crash', () => {
  it('SIGKILL with one job RUNNING and two RUNNABLE (one under a nested execution): each job runs to its end once, no job or execution is started twice', async () => {
    const path = join(dir, 'store.db')
    const p = spawn(process.execPath, ['--import', 'tsx', child, 'start', path], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    p.stderr.on('data', (d) => (stderr += d))
    const deadline = Date.now() + 60_000
    let before: Job[] = []
    while ((before = jobs(path)).filter((j) => j.status === 'RUNNING').length !== 1 || before.filter((j) => j.status === 'RUNNABLE').length !== 2) {
      if (Date.now() > deadline || p.exitCode !== null) throw new Error(`the runtime never had one job RUNNING and two RUNNABLE: ${JSON.stringify(before.map((j) => j.status))} ${stderr}`)
      await new Promise((r) => setTimeout(r, 20))
    }
    p.kill('SIGKILL')
    await new Promise((r) => p.once('exit', r))

    const r = spawnSync(process.execPath, ['--import', 'tsx', child, 'recover', path], { encoding: 'utf8', timeout: 60_000 })
    assert.equal(r.status, 0, r.stderr)
    const report = JSON.parse(r.stdout) as Report
    assert.equal(report.arns.length, 4, 'a, b, outer and the nested execution resume')
    for (const [i, res] of report.results.entries()) assert.equal(res.status, 'SUCCEEDED', `${report.arns[i]}: ${res.error} ${res.cause}`)

    const after = jobs(path)
    assert.deepEqual(after.map((j) => j.jobId), before.map((j) => j.jobId), 'no second job was submitted')
    assert.deepEqual(after.map((j) => j.status), ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED'])
    for (const j of after) assert.equal(report.finals[j.jobId], 1, `job ${j.jobId} reached a final status once`)
    const running = before.find((j) => j.status === 'RUNNING')!
    for (const j of after) {
      // the attempt the crash killed is a host failure; Batch's retry strategy runs the job again
      const expected = j.jobId === running.jobId ? 2 : 1
      assert.equal(j.attempts.length, expected, `attempts of ${j.jobId}`)
      if (expected === 2) assert.match(j.attempts[0]!.statusReason ?? '', /^Host EC2 .* terminated\.$/)
    }
    const keys = after.map(taskKey)
    assert.equal(new Set(keys).size, 3, 'each job carries its own task key')
    assert.deepEqual([...report.runs].sort(), [...keys].sort(), 'the recovered runtime ran each job once')

    const db = new Database(path, { readonly: true })
    try {
      const tables = new ExecutionTables(db)
      const loads = (db.prepare("SELECT arn FROM executions WHERE state_machine = 'Load' ORDER BY arn").all() as Array<{ arn: string }>).map((x) => x.arn)
      assert.equal(loads.length, 3, 'a, b and one nested execution: the nested one was not started again')
      for (const arn of report.arns) {
        const rows = tables.events(arn)
        const types = rows.map((x) => x.event.type)
        assert.deepEqual(rows.map((x) => x.event.id), rows.map((_, i) => i + 1), `${arn}: event ids are contiguous`)
        assert.equal(new Set(rows.map((x) => x.key)).size, rows.length, `${arn}: no event is written twice`)
        for (const t of ['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']) assert.equal(types.filter((x) => x === t).length, 1, `${arn}: one ${t}`)
        assert.equal(types.filter((x) => x === 'TaskFailed').length, 0)
        const output = JSON.parse((rows.find((x) => x.event.type === 'TaskSucceeded')!.event.taskSucceededEventDetails as { output: string }).output)
        // AWS records the service's answer to the submit (job or execution started) between TaskStarted and TaskSucceeded
        const submitted = JSON.parse((rows.find((x) => x.event.type === 'TaskSubmitted')!.event.taskSubmittedEventDetails as { output: string }).output)
        assert.equal(submitted.JobId ?? submitted.ExecutionArn, output.JobId ?? output.ExecutionArn, `${arn}: TaskSubmitted names the same job or execution`)
        assert.ok(types.indexOf('TaskStarted') < types.indexOf('TaskSubmitted') && types.indexOf('TaskSubmitted') < types.indexOf('TaskSucceeded'))
        if (arn.endsWith(':outer')) {
          assert.ok(loads.includes(output.ExecutionArn), 'outer waited for the nested execution it started')
          assert.equal(output.Status, 'SUCCEEDED')
        } else {
          const job = after.find((j) => taskKey(j)!.startsWith(`${arn}|`))
          assert.ok(job, `a job carries ${arn}'s task key`)
          assert.equal(output.JobId, job.jobId, `${arn} waited for the job it submitted`)
          assert.equal(output.Status, 'SUCCEEDED')
        }
      }
    } finally {
      db.close()
    }
  })
})

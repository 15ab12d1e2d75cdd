// StopExecution across processes (src/app/stop-execution.ts): a live owner that does not stop its execution keeps
// its history to itself (no write from here); once it is dead, the execution is closed here.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stopExecution, watchStopRequests } from '../../src/app/stop-execution.ts'
import { StatesService } from '../../src/states/index.ts'
import { openStore } from '../../src/store/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-stop-app-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const CHILD = fileURLToPath(new URL('./fixtures/owner-child.ts', import.meta.url))

test('a live owner that does not carry out the stop: ExecutionNotStopped, nothing written to its history; once it died, the stop closes it', async () => {
  const path = join(dir, 'store.db')
  const arn = 'arn:aws:states:us-east-1:000000000000:execution:m:held'
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, arn], { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise(r => child.once('exit', r))
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => { if (String(d).includes('ready')) resolve() })
      void exited.then(() => reject(new Error('the owner exited early')))
    })
    const store = openStore(path)
    const states = new StatesService(store)
    const unwatch = watchStopRequests(states, 20) // this process watches its own executions: not this one
    try {
      await assert.rejects(stopExecution(states, arn, { error: 'Manual', timeoutMs: 300 }),
        (e: Error & { code?: string }) => e.code === 'ExecutionNotStopped' && new RegExp(`\\(pid ${child.pid}\\) did not stop it within`).test(e.message))
      const row = states.tables.getExecution(arn)!
      assert.equal(row.status, 'RUNNING')
      assert.deepEqual(JSON.parse(row.stop_request!), { error: 'Manual' }, 'the request stays for the owner')
      assert.equal(states.tables.lastEventId(arn), 0, 'no event was written by the stopping process')
      child.kill('SIGKILL')
      await exited
      const r = await stopExecution(states, arn, { error: 'Manual', cause: 'its owner died' })
      assert.equal(r.ownerPid, undefined)
      const done = states.tables.getExecution(arn)!
      assert.deepEqual([done.status, done.error, done.cause, done.stop_request], ['ABORTED', 'Manual', 'its owner died', null])
      assert.deepEqual(states.tables.events(arn).map(e => e.event.type), ['ExecutionAborted'])
    } finally {
      unwatch()
      store.close()
    }
  } finally {
    child.kill('SIGKILL')
  }
})

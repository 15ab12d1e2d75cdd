import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { ExecutionTables, migrate, openStore, ownerAlive, ownerPid, pidAlive, processStart, registeredMigrations, thisProcess } from '../../src/store/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-owner-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const row = (arn: string) => ({ arn, state_machine: 'm', name: arn.split(':').pop()!, status: 'RUNNING', input: '{}', start_date: new Date().toISOString(), definition_hash: 'h', options: null })

describe('execution owner', () => {
  it('names this process by pid and start time; a live pid with another start time is a different (later) process', () => {
    const me = thisProcess()
    assert.equal(ownerPid(me), process.pid)
    assert.ok(ownerAlive(me))
    assert.equal(ownerAlive(`${process.pid}@not-its-start`), false)
    assert.equal(ownerAlive(null), false)
    assert.equal(ownerAlive('garbage'), false)
  })

  it('a child process is alive while it runs and not once it was killed', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    await new Promise(r => child.once('spawn', r))
    const start = processStart(child.pid!)
    assert.ok(start !== undefined)
    const owner = `${child.pid}@${start}`
    assert.ok(ownerAlive(owner))
    child.kill('SIGKILL')
    await new Promise(r => child.once('exit', r))
    assert.equal(ownerAlive(owner), false)
  })

  it('a new execution is owned by the process that inserts it; stop requests reach its owner until it ends', () => {
    const store = openStore(join(dir, 'a.db'))
    const t = new ExecutionTables(store.db)
    t.insertExecution(row('arn:x:e1'))
    assert.equal(t.getExecution('arn:x:e1')!.owner, thisProcess())
    assert.deepEqual(t.stopRequests(), [])
    assert.ok(t.requestStop('arn:x:e1', { error: 'Manual', cause: 'from elsewhere' }))
    assert.deepEqual(t.stopRequests(), [{ arn: 'arn:x:e1', error: 'Manual', cause: 'from elsewhere' }])
    store.db.prepare("UPDATE executions SET owner = 'someone-else' WHERE arn = 'arn:x:e1'").run()
    assert.deepEqual(t.stopRequests(), [], 'only the owner is asked')
    t.claimExecution('arn:x:e1')
    assert.equal(t.stopRequests().length, 1)
    t.finishExecution('arn:x:e1', 'ABORTED', null, 'Manual', 'from elsewhere', new Date().toISOString())
    assert.deepEqual(t.stopRequests(), [])
    assert.equal(t.requestStop('arn:x:e1', {}), false, 'an execution that is not RUNNING is not asked')
    store.close()
  })

  it('a redrive marks the execution RUNNING once: a second process redriving it at the same time finds it RUNNING', () => {
    const store = openStore(join(dir, 'b.db'))
    const other = openStore(join(dir, 'b.db'))
    const t = new ExecutionTables(store.db)
    t.insertExecution(row('arn:x:e2'))
    t.finishExecution('arn:x:e2', 'FAILED', null, 'E', 'c', new Date().toISOString())
    store.db.prepare("UPDATE executions SET owner = 'dead@0' WHERE arn = 'arn:x:e2'").run()
    assert.equal(t.markRedriven('arn:x:e2', new Date().toISOString()), true)
    assert.equal(new ExecutionTables(other.db).markRedriven('arn:x:e2', new Date().toISOString()), false)
    const r = t.getExecution('arn:x:e2')!
    assert.deepEqual([r.status, r.redrive_count, r.owner], ['RUNNING', 1, thisProcess()])
    other.close()
    store.close()
  })

  it('the owner migration applies to a store made before it, keeping its executions', () => {
    const path = join(dir, 'old.db')
    const db = new Database(path)
    migrate(db, registeredMigrations().filter(m => m.id !== 'states-003-execution-owner'))
    db.prepare("INSERT INTO executions (arn, state_machine, name, status, input, start_date, definition_hash) VALUES ('arn:x:old', 'm', 'old', 'RUNNING', '{}', '2026-01-01T00:00:00.000Z', 'h')").run()
    db.close()
    const store = openStore(path)
    const r = new ExecutionTables(store.db).getExecution('arn:x:old')!
    assert.deepEqual([r.status, r.owner, r.stop_request], ['RUNNING', null, null])
    assert.equal(ownerAlive(r.owner), false, 'an execution from before owners were recorded has no live owner')
    store.close()
  })
})

describe('process liveness', () => {
  it('pidAlive: this process is, a child is while it runs and not once it was reaped', async () => {
    assert.equal(pidAlive(process.pid), true)
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    await new Promise(r => child.once('spawn', r))
    assert.equal(pidAlive(child.pid!), true)
    child.kill('SIGKILL')
    await new Promise(r => child.once('exit', r))
    assert.equal(pidAlive(child.pid!), false)
  })

  it('"is process N alive" has one home in the rooms that may use the store (the warehouse, below it, keeps its own)', () => {
    const src = fileURLToPath(new URL('../../src/', import.meta.url))
    const files = (readdirSync(src, { recursive: true }) as string[]).filter(f => f.endsWith('.ts'))
    const probing = files.filter(f => /process\.kill\(\s*\w+\s*,\s*0\s*\)/.test(readFileSync(join(src, f), 'utf8')))
      .map(f => relative(src, join(src, f)).split('\\').join('/')).sort()
    assert.deepEqual(probing, ['store/owner.ts', 'warehouse/local/server.ts'])
  })
})

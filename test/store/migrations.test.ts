import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { definitionHash, migrate, openStore, registerMigration, registeredMigrations } from '../../src/store/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-store-'))
after(() => rmSync(dir, { recursive: true, force: true }))

describe('store', () => {
  it('opens in WAL mode with the states tables', () => {
    const store = openStore(join(dir, 'a', 'store.db'))
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal')
    const tables = (store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name)
    for (const t of ['schema_migrations', 'state_machines', 'executions', 'history_chunks']) assert.ok(tables.includes(t), t)
    store.close()
  })

  it('applies a migration registered by another room once, in order', () => {
    const path = join(dir, 'b.db')
    openStore(path).close()
    registerMigration({ id: 'test-001-jobs', up: 'CREATE TABLE jobs (id TEXT PRIMARY KEY)' })
    registerMigration({ id: 'test-002-jobs-status', up: (db) => db.exec("ALTER TABLE jobs ADD COLUMN status TEXT DEFAULT 'SUBMITTED'") })
    const store = openStore(path)
    store.db.prepare("INSERT INTO jobs (id) VALUES ('j1')").run()
    assert.deepEqual(store.db.prepare('SELECT status FROM jobs').get(), { status: 'SUBMITTED' })
    assert.deepEqual(migrate(store.db), [], 'nothing is applied twice')
    const ids = (store.db.prepare('SELECT id FROM schema_migrations ORDER BY rowid').all() as Array<{ id: string }>).map((r) => r.id)
    assert.deepEqual(ids.slice(-2), ['test-001-jobs', 'test-002-jobs-status'])
    store.close()
  })

  it('refuses the same id with a different body', () => {
    assert.throws(() => registerMigration({ id: 'test-001-jobs', up: 'CREATE TABLE other (x INT)' }), /already registered/)
    assert.equal(registeredMigrations().filter((m) => m.id === 'test-001-jobs').length, 1)
  })

  it('rolls a failing migration back and leaves it unapplied', () => {
    const store = openStore(':memory:')
    assert.throws(() => migrate(store.db, [{ id: 'bad-1', up: 'CREATE TABLE t (x INT); CREATE TABLE t (x INT)' }]))
    assert.deepEqual(store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").get(), { n: 0 })
    assert.deepEqual(store.db.prepare("SELECT count(*) AS n FROM schema_migrations WHERE id = 'bad-1'").get(), { n: 0 })
    store.close()
  })

  it('moves execution definitions into the definitions table by hash (states-002)', async () => {
    const Database = (await import('better-sqlite3')).default
    const db = new Database(':memory:')
    const first = registeredMigrations().find((m) => m.id === 'states-001-machines-executions-history')!
    migrate(db, [first])
    const def = '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}'
    db.prepare("INSERT INTO state_machines VALUES ('M', 'arn:m', ?, 'STANDARD', NULL, 't', 't')").run(def)
    db.prepare("INSERT INTO executions (arn, state_machine, name, status, input, start_date, definition) VALUES ('arn:e', 'M', 'e', 'SUCCEEDED', '{}', 't', ?)").run(def)
    migrate(db)
    const row = db.prepare("SELECT definition_hash FROM executions WHERE arn = 'arn:e'").get() as { definition_hash: string }
    assert.equal(row.definition_hash, definitionHash(def))
    assert.deepEqual(db.prepare('SELECT text FROM definitions WHERE hash = ?').get(row.definition_hash), { text: def })
    assert.equal((db.prepare('SELECT count(*) AS n FROM definitions').get() as { n: number }).n, 1)
    db.close()
  })
})

describe('a new store opened by several processes at once', () => {
  it('is created and migrated once, none of them failing (several rsqlflow commands in a new project)', async () => {
    const { spawn } = await import('node:child_process')
    const path = join(dir, 'race', 'store.db')
    const store = new URL('../../src/store/index.ts', import.meta.url).href
    // each waits for the same moment, then opens the store and reports its migrations
    const at = Date.now() + 1500
    const script = `const { openStore } = await import(${JSON.stringify(store)}); while (Date.now() < ${at}); const s = openStore(${JSON.stringify(path)}); console.log(s.db.prepare('SELECT count(*) AS n FROM schema_migrations').get().n); s.close()`
    const runs = await Promise.all(Array.from({ length: 6 }, () => new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script])
      let out = '', err = ''
      child.stdout.on('data', (d) => { out += d })
      child.stderr.on('data', (d) => { err += d })
      child.on('error', reject)
      child.on('close', (code) => resolve({ code, out, err }))
    })))
    for (const r of runs) assert.equal(r.code, 0, r.err)
    const counts = new Set(runs.map((r) => r.out.trim()))
    assert.equal(counts.size, 1, `every process sees the same migrations: ${[...counts].join(', ')}`)
  })
})

// A store file SQLite cannot read is named with what to do, and is left as it is.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openStore, UnreadableStore } from '../../src/store/index.ts'

const BIN = fileURLToPath(new URL('../../bin/rsqlflow.js', import.meta.url))
const root = await mkdtemp(join(tmpdir(), 'rsqlflow-store-'))
after(() => rm(root, { recursive: true, force: true }))

test('openStore on a file that is not a database throws SQLITE_NOTADB naming the file (its location), deleting nothing', async () => {
  const path = join(root, 'not a db', 'store.db')
  await mkdir(join(root, 'not a db'))
  await writeFile(path, 'garbage\n'.repeat(200))
  assert.throws(() => openStore(path), (err: Error & { code?: string; location?: string }) => {
    assert.ok(err instanceof UnreadableStore)
    assert.equal(err.code, 'SQLITE_NOTADB')
    assert.equal(err.location, path)
    // the store says what is wrong; how to move the file aside is the CLI's to say (test/cli/ui.test.ts)
    assert.equal(err.message, 'the store is not a SQLite database (file is not a database)')
    return true
  })
  assert.equal(await readFile(path, 'utf8'), 'garbage\n'.repeat(200), 'the file is kept as it was')
})

test('a command on a project whose store is garbage exits 3 with one line naming .rsqlflow/store.db; a moved-aside store lets it run', async () => {
  const dir = join(root, 'proj')
  const run = (...args: string[]) => new Promise<{ code: number; stderr: string }>(resolve => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, RSQLFLOW_DEBUG: '' } }, (err, _stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stderr })
    })
  })
  await mkdir(dir)
  assert.equal((await run('init', '.')).code, 0)
  const store = join(dir, '.rsqlflow', 'store.db')
  await mkdir(join(dir, '.rsqlflow'), { recursive: true })
  await writeFile(store, 'garbage\n')
  const r = await run('executions', 'list')
  assert.equal(r.code, 3, r.stderr)
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace')
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr)
  assert.ok(r.stderr.startsWith(`rsqlflow: error: ${store}: the store is not a SQLite database`), r.stderr)
  assert.match(r.stderr, /: move it aside \(mv \S+store\.db \S+store\.db\.bad\) and the next command creates an empty one; nothing was deleted \(SQLITE_NOTADB\)$/m)
  assert.equal(await readFile(store, 'utf8'), 'garbage\n')
  await rename(store, store + '.bad')
  const after = await run('executions', 'list')
  assert.equal(after.code, 0, after.stderr)
})

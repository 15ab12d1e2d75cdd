import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { MemoryHistory, StatesEngine, VirtualClock } from '../../src/states/index.ts'
import { ExecutionTables } from '../../src/store/index.ts'
import { definition, registry } from './fixtures/crash-child.ts'

const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-crash-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const child = join(import.meta.dirname, 'fixtures', 'crash-child.ts')

function eventCount(path: string): number {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true })
    try {
      return (db.prepare('SELECT coalesce(max(last_id), 0) AS n FROM history_chunks').get() as { n: number }).n
    } finally {
      db.close()
    }
  } catch {
    return 0
  }
}

async function killAfter(path: string, events: number): Promise<void> {
  const p = spawn(process.execPath, ['--import', 'tsx', child, 'start', path], { stdio: 'ignore' })
  const deadline = Date.now() + 60_000
  while (eventCount(path) < events) {
    if (Date.now() > deadline) throw new Error('the child never reached the kill point')
    await new Promise((r) => setTimeout(r, 10))
  }
  p.kill('SIGKILL')
  await new Promise((r) => p.once('exit', r))
}

describe('crash safety', () => {
  it('resumes every running execution after SIGKILL: no event lost, none duplicated', async (t) => {
    const reference = new MemoryHistory()
    const expected = await new StatesEngine({ clock: new VirtualClock(0), integrations: registry() }).run({
      stateMachineName: 'Crash', name: 'run', definition, input: { items: [1, 2, 3, 4, 5, 6] }, history: reference,
    })
    assert.equal(expected.status, 'SUCCEEDED')

    for (const killAt of [60, 150, 215]) {
      await t.test(`killed after ${killAt} events`, async () => {
        const path = join(dir, `crash-${killAt}.db`)
        await killAfter(path, killAt)
        const before = eventCount(path)
        assert.ok(before >= killAt && before < reference.events.length, `killed mid-run (${before} of ${reference.events.length} events)`)
        const r = spawnSync(process.execPath, ['--import', 'tsx', child, 'recover', path], { encoding: 'utf8', timeout: 60_000 })
        assert.equal(r.status, 0, r.stderr)
        const out = JSON.parse(r.stdout) as { arns: string[]; results: Array<{ status: string; output: unknown }> }
        assert.equal(out.arns.length, 1)
        assert.equal(out.results[0]!.status, 'SUCCEEDED')
        assert.deepEqual(out.results[0]!.output, expected.output)
        const db = new Database(path, { readonly: true })
        const rows = new ExecutionTables(db).events(out.arns[0]!).map((r) => ({ id: r.event.id, type: r.event.type, key: r.key }))
        db.close()
        assert.deepEqual(rows.map((x) => x.id), rows.map((_, i) => i + 1), 'event ids are contiguous')
        assert.equal(new Set(rows.map((x) => x.key)).size, rows.length, 'no event is written twice')
        assert.deepEqual(rows.map((x) => x.type), reference.events.map((e) => e.type), 'the history is the uninterrupted one')
      })
    }
  })
})

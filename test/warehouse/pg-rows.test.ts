// The pg session's simple-query results: statements split into results as psql's PQexec does, and
// rows handed to `onRow` (with their result) instead of kept, for callers that store them compactly.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, stopLocalServer, WarehouseError, type StatementResult } from '../../src/warehouse/index.ts'

const root = mkdtempSync(join(tmpdir(), 'rsqlflow-pgrows-'))
chmodSync(root, 0o755)
const dir = join(root, 'warehouse')

after(async () => { await stopLocalServer(dir); rmSync(root, { recursive: true, force: true }) })

test('several statements: one result each, rows in order, tags and counts', async () => {
  const s = await connect({ type: 'local', dir })
  try {
    const results = await s.query("create temp table t (a int, b text); insert into t values (1, 'x'), (2, null); select * from t order by a; select 1 as one where false")
    assert.deepEqual(results.map(r => r.commandTag), ['CREATE TABLE', 'INSERT 0 2', 'SELECT 2', 'SELECT 0'])
    assert.deepEqual(results.map(r => r.rowCount), [null, '2', '2', '0'])
    assert.deepEqual(results[2].rows, [['1', 'x'], ['2', null]])
    assert.deepEqual(results[2].fields.map(f => f.name), ['a', 'b'])
    assert.deepEqual(results[3].fields.map(f => f.name), ['one'])
    assert.deepEqual(results[3].rows, [])
    const [empty] = await s.query('')
    assert.equal(empty.commandTag, '')
    assert.deepEqual(empty.rows, [])
  } finally { await s.close() }
})

test('onRow receives every row with the result it belongs to; rows are not kept', async () => {
  const s = await connect({ type: 'local', dir })
  try {
    const seen = new Map<StatementResult, (string | null)[][]>()
    const results = await s.query('select g, g * 2 from generate_series(1, 3) g; select null::text as n, \'é\' as e', {
      onRow: (row, result) => { seen.set(result, [...(seen.get(result) ?? []), row]) },
    })
    assert.equal(results.length, 2)
    assert.deepEqual(results.map(r => r.rows.length), [0, 0])
    assert.deepEqual(seen.get(results[0]), [['1', '2'], ['2', '4'], ['3', '6']])
    assert.deepEqual(seen.get(results[1]), [[null, 'é']])
    assert.equal(results[0].commandTag, 'SELECT 3')
  } finally { await s.close() }
})

test('an error ends the query with its SQLSTATE; the session goes on', async () => {
  const s = await connect({ type: 'local', dir })
  try {
    await assert.rejects(s.query('select 1; select 1/0'), (e: unknown) => e instanceof WarehouseError && e.code === '22012')
    const [r] = await s.query('select 42')
    assert.deepEqual(r.rows, [['42']])
    assert.equal(s.inTransaction, false)
    await s.query('begin')
    assert.equal(s.inTransaction, true)
    await assert.rejects(s.query('select nope'), (e: unknown) => e instanceof WarehouseError && e.code === '42703')
    assert.equal(s.inTransaction, true)
    await s.query('rollback')
    assert.equal(s.inTransaction, false)
  } finally { await s.close() }
})

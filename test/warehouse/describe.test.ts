import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, stopLocalServer, WarehouseError } from '../../src/warehouse/index.ts'

const root = mkdtempSync(join(tmpdir(), 'rsqlflow-describe-'))
const dir = join(root, 'warehouse')
chmodSync(root, 0o755)

after(async () => { await stopLocalServer(dir); rmSync(root, { recursive: true, force: true }) })

test('describe parses a statement without running it: result columns with type OIDs and modifiers', async () => {
  const s = await connect({ type: 'local', dir })
  try {
    await s.query('create temp table d (a int, b varchar(10), c numeric(8,2))')
    assert.ok(s.describe, 'the Postgres session describes')
    const fields = await s.describe!('insert into d (a) values (1) returning a, b, c')
    assert.deepEqual(fields, [
      { name: 'a', dataTypeID: 23, typeModifier: -1 },
      { name: 'b', dataTypeID: 1043, typeModifier: 14 },
      { name: 'c', dataTypeID: 1700, typeModifier: (8 << 16 | 2) + 4 },
    ])
    const [count] = await s.query('select count(*) from d')
    assert.deepEqual(count.rows, [['0']], 'the INSERT did not run')
    assert.deepEqual(await s.describe!('create temp table never (x int)'), [])
    assert.deepEqual(await s.describe!('select'), [])
  } finally { await s.close() }
})

test('a statement that does not parse fails with its SQLSTATE and position; the session goes on', async () => {
  const s = await connect({ type: 'local', dir })
  try {
    await assert.rejects(s.describe!('select nosuch'), (e: WarehouseError) => e.code === '42703' && e.position === 8)
    await assert.rejects(s.describe!('select 1; select 2'), (e: WarehouseError) => e.code === '42601')
    const [r] = await s.query('select 2 as after')
    assert.deepEqual(r.rows, [['2']])
    await s.query('begin')
    await assert.rejects(s.query('select 1/0'))
    await assert.rejects(s.describe!('select 1'), (e: WarehouseError) => e.code === '25P02')
    assert.equal(s.inTransaction, true)
    await s.query('rollback')
    assert.equal(s.inTransaction, false)
  } finally { await s.close() }
})

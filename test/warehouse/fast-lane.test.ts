// The pg session's fast lane (src/warehouse/fast-lane.ts): plain queries parsed straight from the
// socket's reads. Messages cut by the end of a read, notices, errors, the transaction status, COPY
// (which pg runs) between lane queries, and a connection lost in the middle of a query.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { FastLane } from '../../src/warehouse/fast-lane.ts'
import { connect, stopLocalServer, WarehouseError, type Notice } from '../../src/warehouse/index.ts'

const root = mkdtempSync(join(tmpdir(), 'rsqlflow-lane-'))
chmodSync(root, 0o755)
const dir = join(root, 'warehouse')

after(async () => { await stopLocalServer(dir); rmSync(root, { recursive: true, force: true }) })

/** Counts the queries the lane runs while `fn` runs. */
async function laneQueries(fn: () => Promise<void>): Promise<number> {
  const original = FastLane.prototype.query
  let count = 0
  FastLane.prototype.query = function (this: FastLane, ...args: Parameters<FastLane['query']>) { count++; return original.apply(this, args) }
  try { await fn() } finally { FastLane.prototype.query = original }
  return count
}

test('plain queries run in the lane; a value and rows larger than a read arrive whole', async () => {
  const s = await connect({ type: 'local', dir })
  try {
    const n = await laneQueries(async () => {
      const [big] = await s.query("select repeat('ab', 150000) as v, 'after' as w")
      assert.equal(big.rows[0][0], 'ab'.repeat(150000))
      assert.equal(big.rows[0][1], 'after')
      // 30,000 rows of ~45 bytes: ~1.3 MB in 64 KiB reads, so messages straddle reads many times
      const [rows] = await s.query('select g, md5(g::text) from generate_series(1, 30000) g')
      assert.equal(rows.rows.length, 30000)
      for (const [g, hash] of rows.rows) assert.equal(hash, createHash('md5').update(g!).digest('hex'))
      assert.equal(rows.commandTag, 'SELECT 30000')
    })
    assert.equal(n, 2)
  } finally { await s.close() }
})

test('notices arrive in order beside the result; an error keeps its fields and the session goes on', async () => {
  const s = await connect({ type: 'local', dir })
  try {
    const notices: Notice[] = []
    const [r] = await s.query("do $$ begin raise notice 'first'; raise warning 'second' using hint = 'h'; end $$", { onNotice: n => notices.push(n) })
    assert.equal(r.commandTag, 'DO')
    assert.deepEqual(notices.map(n => [n.severity, n.message, n.hint]), [['NOTICE', 'first', undefined], ['WARNING', 'second', 'h']])
    await assert.rejects(s.query('select 1; select 1/0; select 2'), (e: WarehouseError) => {
      assert.ok(e instanceof WarehouseError)
      assert.equal(e.code, '22012')
      assert.equal(e.message, 'division by zero')
      return true
    })
    await assert.rejects(s.query('selec 1'), (e: WarehouseError) => e.code === '42601' && e.position === 1)
    assert.deepEqual((await s.query('select 3'))[0].rows, [['3']])
  } finally { await s.close() }
})

test('the transaction status follows BEGIN, a failed block and ROLLBACK', async () => {
  const s = await connect({ type: 'local', dir })
  try {
    await s.query('begin')
    assert.equal(s.inTransaction, true)
    await assert.rejects(s.query('select 1/0'))
    assert.equal(s.inTransaction, true)
    await assert.rejects(s.query('select 1'), (e: WarehouseError) => e.code === '25P02')
    await s.query('rollback')
    assert.equal(s.inTransaction, false)
  } finally { await s.close() }
})

test('COPY runs through pg between lane queries; COPY FROM STDIN sent as a plain query fails cleanly', async () => {
  const s = await connect({ type: 'local', dir })
  try {
    await s.query('create temp table c (a int, b text)')
    const w = s.copyFrom('copy c from stdin')
    // a query asked for while the COPY runs waits for it (pg's queue) instead of interleaving
    const during = s.query('select count(*) from c')
    w.end('1\tone\n2\ttwo\n')
    await finished(w)
    assert.deepEqual((await during)[0].rows, [['2']])
    const out = s.copyTo('copy c to stdout')
    let text = ''
    out.setEncoding('utf8').on('data', d => { text += d })
    await finished(out)
    assert.equal(text, '1\tone\n2\ttwo\n')
    await assert.rejects(s.query('copy c from stdin'), (e: WarehouseError) => /No source stream defined/.test(e.message))
    assert.deepEqual((await s.query('select count(*) from c'))[0].rows, [['2']])
  } finally { await s.close() }
})

test('a connection lost during a query rejects it instead of hanging', async () => {
  const s = await connect({ type: 'local', dir })
  const killer = await connect({ type: 'local', dir })
  try {
    const [pid] = (await s.query('select pg_backend_pid()'))[0].rows[0]
    const sleeping = s.query('select pg_sleep(30)')
    await new Promise(r => setTimeout(r, 200))
    await killer.query(`select pg_terminate_backend(${pid})`)
    await assert.rejects(sleeping, (e: WarehouseError) => e instanceof WarehouseError && /terminat/i.test(e.message))
    await assert.rejects(s.query('select 1'))
  } finally {
    await s.close()
    await killer.close()
  }
})

// The pg session's fast lane (src/warehouse/fast-lane.ts): plain queries parsed straight from the
// socket's reads. Messages cut anywhere by the end of a read (fed byte-exact, without a server), bytes
// after ReadyForQuery handed to pg, garbage, then against the local warehouse: notices, errors, the
// transaction status, COPY (which pg runs) between lane queries, close() and a connection lost mid-query.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { FastLane, type SimpleQueryHandler } from '../../src/warehouse/fast-lane.ts'
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

// What the server would send, message by message.
const message = (type: string, body: Buffer) => {
  const head = Buffer.alloc(5)
  head[0] = type.charCodeAt(0)
  head.writeInt32BE(body.length + 4, 1)
  return Buffer.concat([head, body])
}
const cstring = (s: string) => Buffer.from(s + '\0')
const dataRow = (values: (string | null)[]) => message('D', Buffer.concat([Buffer.from([0, values.length]), ...values.map(v => {
  const length = Buffer.alloc(4)
  length.writeInt32BE(v === null ? -1 : Buffer.byteLength(v))
  return v === null ? length : Buffer.concat([length, Buffer.from(v)])
})]))
const rowDescription = (names: string[]) => message('T', Buffer.concat([Buffer.from([0, names.length]), ...names.map(n => {
  const rest = Buffer.alloc(18)
  rest.writeInt32BE(25, 6) // text
  return Buffer.concat([cstring(n), rest])
})]))

/** A lane that is not connected: what it writes is dropped, what it hands to pg is collected. */
function detachedLane() {
  const lane = new FastLane()
  const seen = { rows: [] as (string | null)[][], fields: [] as string[], tag: '', notices: [] as string[], empty: 0, toPg: '', status: '', error: '', failure: undefined as Error | undefined }
  lane.socket.write = (() => true) as never
  lane.socket.push = ((b: Buffer) => { seen.toPg += b.toString(); return true }) as never
  lane.socket.on('error', err => { seen.error ||= err.message }) // pg listens on a connected lane's socket
  const handler: SimpleQueryHandler = {
    handleRowDescription: m => { seen.fields = m.fields.map(f => f.name) },
    handleDataRow: m => { seen.rows.push(m.fields) },
    handleCommandComplete: m => { seen.tag = m.text },
    handleEmptyQuery: () => { seen.empty++ },
    handleError: e => { seen.error = e.message; seen.failure = e },
    handleReadyForQuery: () => {},
    handleCopyOutResponse: () => {},
  }
  const done = new Promise<void>(resolve => lane.query('select', handler, { onNotice: n => seen.notices.push(n.message) }, s => { seen.status = s; resolve() }))
  const read = (lane as unknown as { read(buf: Buffer, n: number): boolean }).read.bind(lane)
  return { lane, seen, done, read }
}

test('messages cut anywhere by the end of a read arrive whole; what follows ReadyForQuery goes to pg', async () => {
  const answer = Buffer.concat([
    rowDescription(['a', 'b']),
    dataRow(['x', null]), dataRow(['y'.repeat(300), 'z']), dataRow(['', 'é']),
    message('N', Buffer.concat([cstring('SNOTICE'), cstring('Mhello'), Buffer.from([0])])),
    message('I', Buffer.alloc(0)),
    message('C', cstring('SELECT 3')),
    message('Z', Buffer.from('T')),
    Buffer.from('pg-bytes'),
  ])
  const readBuffer = Buffer.alloc(64 * 1024) // reused for every read, as net's onread does
  let cases = 0
  for (let i = 1; i < answer.length; i++) {
    for (let j = i; j < answer.length; j += 7) {
      const { lane, seen, done, read } = detachedLane()
      for (const [a, b] of [[0, i], [i, j], [j, answer.length]]) {
        if (a === b) continue
        readBuffer.fill(0xee)
        answer.copy(readBuffer, 0, a, b)
        read(readBuffer, b - a)
      }
      await done
      const at = `reads cut at ${i} and ${j}`
      assert.deepEqual(seen.rows, [['x', null], ['y'.repeat(300), 'z'], ['', 'é']], at)
      assert.deepEqual([seen.fields, seen.tag, seen.notices, seen.empty, seen.status, seen.toPg, seen.error], [['a', 'b'], 'SELECT 3', ['hello'], 1, 'T', 'pg-bytes', ''], at)
      lane.socket.destroy()
      cases++
    }
  }
  assert.ok(cases > 1000)
})

test('bytes that cannot be a server message end the query with an error and close the connection', async () => {
  const { lane, seen, done, read } = detachedLane()
  const garbage = Buffer.from('Xabcdefgh')
  read(garbage, garbage.length)
  await done
  assert.match(seen.error, /lost track of the server's messages \(type 0x58/)
  assert.equal(lane.socket.destroyed, true)
  assert.equal((seen.failure as WarehouseError).connectionLost, undefined, 'a misread, not a connection the server closed')
})

test('a socket that closes under a query: the error says the connection was lost, the server\'s FATAL kept when one came first', async () => {
  const silent = detachedLane()
  silent.lane.socket.destroy()
  await silent.done
  assert.ok(silent.seen.failure instanceof WarehouseError)
  assert.deepEqual([silent.seen.failure.code, silent.seen.failure.connectionLost, silent.seen.status], ['08006', true, 'I'])
  const fatal = detachedLane()
  const answer = message('E', Buffer.concat([cstring('SFATAL'), cstring('C57P01'), cstring('Mterminating connection'), Buffer.from([0])]))
  fatal.read(answer, answer.length)
  fatal.lane.socket.destroy()
  await fatal.done
  assert.ok(fatal.seen.failure instanceof WarehouseError)
  assert.deepEqual([fatal.seen.failure.severity, fatal.seen.failure.code, fatal.seen.failure.message, fatal.seen.failure.connectionLost], ['FATAL', '57P01', 'terminating connection', true])
})

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
    // with data on hand (rsql reads it from the script), in the lane and through pg (queued behind a COPY stream)
    assert.equal((await s.query('copy c from stdin', { copyIn: () => '3\tthree\n' }))[0].commandTag, 'COPY 1')
    const w2 = s.copyFrom('copy c from stdin')
    const queued = s.query('copy c from stdin', { copyIn: () => '4\tfour\n5\tfive\n' })
    w2.end('6\tsix\n')
    await finished(w2)
    assert.equal((await queued)[0].commandTag, 'COPY 2')
    assert.deepEqual((await s.query('select count(*) from c'))[0].rows, [['6']])
    // data that comes as it is read (rsql's stdin), text and bytes, in the lane and through pg; a source that
    // fails fails the COPY with its message
    async function* chunks(rows: string[]) {
      for (const row of rows) { await new Promise(resolve => setTimeout(resolve, 2)); yield Buffer.from(row) }
    }
    assert.equal((await s.query('copy c from stdin', { copyIn: () => chunks(['7\tseven\n', '8\teight\n']) }))[0].commandTag, 'COPY 2')
    const w3 = s.copyFrom('copy c from stdin')
    const queuedChunks = s.query('copy c from stdin', { copyIn: () => chunks(['9\tnine\n']) })
    w3.end('10\tten\n')
    await finished(w3)
    assert.equal((await queuedChunks)[0].commandTag, 'COPY 1')
    async function* failing() { yield '11\televen\n'; throw new Error('could not read COPY data: boom') }
    await assert.rejects(s.query('copy c from stdin', { copyIn: () => failing() }), (e: WarehouseError) => /boom/.test(e.message))
    assert.deepEqual((await s.query('select count(*) from c'))[0].rows, [['10']])
  } finally { await s.close() }
})

test('close() cuts off a query still running in the lane', async () => {
  const s = await connect({ type: 'local', dir })
  // the rejection is expected from the start: it may come while close() is still being awaited
  const sleeping = assert.rejects(s.query('select pg_sleep(30)'), WarehouseError)
  await new Promise(r => setTimeout(r, 200))
  await s.close()
  await sleeping
})

for (const path of ['the fast lane', "pg's socket"]) {
  test(`a connection lost during a query rejects it instead of hanging, through ${path}; the error says the connection was lost`, async () => {
    const s = await connect({ type: 'local', dir })
    // without its lane, the session runs its queries through pg, as on a TLS connection
    if (path !== 'the fast lane') Object.assign(s, { lane: undefined })
    const killer = await connect({ type: 'local', dir })
    try {
      await assert.rejects(s.query('select 1/0'), (e: WarehouseError) => e.code === '22012' && !e.connectionLost)
      const [pid] = (await s.query('select pg_backend_pid()'))[0].rows[0]
      // the rejection is expected from the start: it may come before the terminating query's answer
      const sleeping = assert.rejects(s.query('select pg_sleep(30)'), (e: WarehouseError) => e instanceof WarehouseError && /terminat/i.test(e.message) && e.connectionLost)
      await new Promise(r => setTimeout(r, 200))
      await killer.query(`select pg_terminate_backend(${pid})`)
      await sleeping
      await assert.rejects(s.query('select 1'), (e: WarehouseError) => e.connectionLost)
    } finally {
      await s.close()
      await killer.close()
    }
  })
}

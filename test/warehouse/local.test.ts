import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync, readFileSync, chmodSync, existsSync } from 'node:fs'
import { userInfo } from 'node:os'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, ensureLocalServer, stopLocalServer, WarehouseError } from '../../src/warehouse/index.ts'

const root = mkdtempSync(join(tmpdir(), 'rsqlflow-wh-'))
const dir = join(root, 'warehouse')
chmodSync(root, 0o755)

after(async () => { await stopLocalServer(dir); rmSync(root, { recursive: true, force: true }) })

test('starts on first use, answers queries with text rows and full command tags', async () => {
  const s = await connect({ type: 'local', dir })
  try {
    const [create] = await s.query('create table t (id int, name text)')
    assert.equal(create.commandTag, 'CREATE TABLE')
    assert.equal(create.rowCount, null)
    const [ins] = await s.query("insert into t values (1, 'a'), (2, null)")
    assert.equal(ins.commandTag, 'INSERT 0 2')
    assert.equal(ins.rowCount, '2')
    const [sel] = await s.query('select id, name, 1.50::numeric as n from t order by id')
    assert.deepEqual(sel.rows, [['1', 'a', '1.50'], ['2', null, '1.50']])
    assert.deepEqual(sel.fields.map(f => f.name), ['id', 'name', 'n'])
    assert.equal(sel.rowCount, '2')
    const results = await s.query('select 1; select 2')
    assert.equal(results.length, 2)
  } finally { await s.close() }
})

test('is reused while running: a second ensure returns the same server', async () => {
  const a = await ensureLocalServer(dir)
  const b = await ensureLocalServer(dir)
  assert.equal(a.pid, b.pid)
  assert.equal(a.port, b.port)
})

test('errors keep the SQLSTATE and the server fields; notices are delivered', async () => {
  const s = await connect({ type: 'local', dir })
  try {
    await assert.rejects(s.query('select * from no_such_table'), (e: unknown) => {
      assert.ok(e instanceof WarehouseError)
      assert.equal(e.code, '42P01')
      assert.match(e.message, /relation "no_such_table" does not exist/)
      assert.equal(e.position, 15)
      return true
    })
    const notices: string[] = []
    await s.query("do $$ begin raise notice 'hello %', 1; end $$", { onNotice: n => notices.push(`${n.severity}: ${n.message}`) })
    assert.deepEqual(notices, ['NOTICE: hello 1'])
    await s.query('begin')
    assert.equal(s.inTransaction, true)
    await s.query('rollback')
    assert.equal(s.inTransaction, false)
    // the version the server reported at the start, as SELECT current_setting would say it
    const [v] = await s.query("select current_setting('server_version')")
    assert.equal(s.serverVersion, v.rows[0][0])
  } finally { await s.close() }
})

test('COPY in and out stream through the session', async () => {
  const s = await connect({ type: 'local', dir })
  try {
    await s.query('create table c (a int, b text)')
    const w = s.copyFrom('copy c from stdin')
    await new Promise<void>((ok, fail) => { w.on('finish', ok); w.on('error', fail); w.end('1\tx\n2\ty\n') })
    const chunks: Buffer[] = []
    for await (const chunk of s.copyTo('copy c to stdout')) chunks.push(chunk as Buffer)
    assert.equal(Buffer.concat(chunks).toString(), '1\tx\n2\ty\n')
  } finally { await s.close() }
})

test('cancel stops a running statement with 57014', async () => {
  const s = await connect({ type: 'local', dir })
  const observer = await connect({ type: 'local', dir })
  try {
    const [pid] = (await s.query('select pg_backend_pid()'))[0].rows[0]
    const running = assert.rejects(s.query('select pg_sleep(30)'), (e: unknown) => (e as WarehouseError).code === '57014')
    // a cancel that reaches the backend before the statement does is ignored (the statement then runs its
    // 30 s): cancel once the server says it runs
    for (;;) {
      const [r] = await observer.query(`select 1 from pg_stat_activity where pid = ${pid} and state = 'active' and query = 'select pg_sleep(30)'`)
      if (r.rows.length > 0) break
      await new Promise(r => setTimeout(r, 10))
    }
    await s.cancel()
    await running
  } finally {
    await s.close()
    await observer.close()
  }
})

test('a wrong password names the server and the failure', async () => {
  const s = await connect({ type: 'local', dir })
  await s.query("create role etl_user login password 'right'")
  await s.close()
  await assert.rejects(connect({ type: 'local', dir, user: 'etl_user', password: 'wrong' }), (e: unknown) => {
    assert.ok(e instanceof WarehouseError)
    assert.equal(e.code, '28P01')
    assert.match(e.message, /^connection to server at "127\.0\.0\.1", port \d+ failed: FATAL: {2}password authentication failed for user "etl_user"/)
    return true
  })
})

/** A new server starts on the same folder, with the rows the first test wrote. */
async function startsAgainWithItsData(oldPid: number) {
  const again = await ensureLocalServer(dir)
  assert.notEqual(again.pid, oldPid)
  const s = await connect({ type: 'local', dir })
  const [r] = await s.query('select count(*) from t')
  assert.deepEqual(r.rows, [['2']])
  await s.close()
}

test('recovers after a crash: a killed server with a stale pid file starts again', async () => {
  const first = await ensureLocalServer(dir)
  process.kill(first.pid, 'SIGKILL')
  await new Promise(r => setTimeout(r, 300))
  const pidFile = join(first.dataDir, 'postmaster.pid')
  // Postgres' own pid file is left behind by SIGKILL; make sure it points at a dead process.
  try { const lines = readFileSync(pidFile, 'utf8').split('\n'); lines[0] = '999999'; writeFileSync(pidFile, lines.join('\n')) } catch {}
  await startsAgainWithItsData(first.pid)
})

test('a data folder left readable by others (a copy without modes) is made 0700 again and starts', async () => {
  const first = await ensureLocalServer(dir)
  await stopLocalServer(dir)
  chmodSync(first.dataDir, 0o755)
  await startsAgainWithItsData(first.pid)
})

test('a refused connection is a clear 08001 error naming host and port', async () => {
  await assert.rejects(connect({ type: 'postgres', host: '127.0.0.1', port: 1, database: 'dev', user: 'x' }), (e: unknown) => {
    assert.equal((e as WarehouseError).code, '08001')
    assert.match((e as Error).message, /connection to server at "127\.0\.0\.1", port 1 failed: Connection refused/)
    return true
  })
})

test('as root in a folder the postgres user cannot reach, the data lives under /var/lib/rsqlflow', async t => {
  if (userInfo().uid !== 0) return t.skip('only root runs the server as another user')
  const hidden = mkdtempSync(join(tmpdir(), 'rsqlflow-wh-hidden-')) // mode 0700
  const wh = join(hidden, 'warehouse')
  try {
    const s = await connect({ type: 'local', dir: wh })
    await s.query('select 1')
    await s.close()
    const location = readFileSync(join(wh, 'data-location'), 'utf8').trim()
    assert.match(location, /^\/var\/lib\/rsqlflow\/warehouse-[0-9a-f]{16}\/data$/)
    assert.ok(existsSync(join(location, 'PG_VERSION')))
    await stopLocalServer(wh)
    rmSync(join(location, '..'), { recursive: true, force: true })
  } finally { rmSync(hidden, { recursive: true, force: true }) }
})

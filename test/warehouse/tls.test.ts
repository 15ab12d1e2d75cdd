// Connections over TLS against a real server: the local warehouse with ssl turned on and a certificate signed by
// a test authority (made with openssl). On TLS the driver's own socket carries the protocol instead of the fast
// lane, so the same script must print the same over both; and the sslmode values must mean what libpq's mean,
// prefer's and allow's fallbacks included (pg_hba.conf lines for hostssl-only and plain-only roles, a proxy that
// answers SSLRequest wrongly, and at the end the server with ssl turned off).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { chownSync, copyFileSync, chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { connect, parsePostgresUrl, ensureLocalServer } from '../../src/warehouse/index.ts'
import { FastLane } from '../../src/warehouse/fast-lane.ts'
import { rsql, tempProject } from '../rsql/helpers.ts'
import { runScript } from '../../src/rsql/index.ts'

const OPENSSL = ['/usr/bin/openssl', '/bin/openssl'].find(existsSync)
const skip = OPENSSL ? false : 'openssl is absent (apt-get install -y openssl)'
if (skip) console.log(`# skipping the TLS tests: ${skip}`)

const project = tempProject('rsqlflow-tls-')
let port = 0
const caFile = join(project.root, 'ca.crt')
const PASSWORD = 'pw-in-the-clear' // pw_user's: pg_hba.conf asks for it as cleartext
const url = (host: string, query: string, user = 'awsuser', at = port) => `postgres://${user}@${host}:${at}/dev?${query}`
const sslOf = async (u: string) => {
  const s = await connect(parsePostgresUrl(u))
  try { return (await s.query('select ssl from pg_stat_ssl where pid = pg_backend_pid()'))[0]!.rows[0]![0] } finally { await s.close() }
}

/** pg_stat_ssl's answer for a connection, and whether its query went through the fast lane (plain) or pg's socket. */
async function sslAndLane(u: string): Promise<string> {
  const original = FastLane.prototype.query
  let lane = 0
  FastLane.prototype.query = function (this: FastLane, ...args: Parameters<FastLane['query']>) { lane++; return original.apply(this, args) }
  try { return `${await sslOf(u)} ${lane > 0 ? 'lane' : 'pg'}` } finally { FastLane.prototype.query = original }
}

/**
 * A proxy in front of the server: connection n gets `answer(n)` to its SSLRequest and then, for whatever it
 * sends next (a TLS ClientHello), bytes that are no TLS, and is closed; without an answer, the server itself.
 */
async function sslProxy(answer: (n: number) => string | undefined): Promise<{ port: number; connections: () => number; sent: () => string; close: () => void }> {
  let n = 0
  let sent = ''
  const server = net.createServer(client => {
    const reply = answer(++n)
    if (reply === undefined) {
      const upstream = net.connect(port, '127.0.0.1')
      client.on('data', d => { sent += d.toString('latin1') }) // what a client sends, as seen on the way
      client.pipe(upstream).pipe(client)
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
      return
    }
    client.on('error', () => {})
    client.once('data', () => {
      client.write(reply)
      client.once('data', () => client.end('HTTP/1.1 400 Bad Request\r\n\r\n'))
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as net.AddressInfo).port, connections: () => n, sent: () => sent, close: () => server.close() }
}

/** A test authority and a server certificate it signed for the name `localhost` only. */
function makeCertificates(dir: string): void {
  const openssl = (...args: string[]) => execFileSync(OPENSSL!, args, { cwd: dir, stdio: 'pipe' })
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=rsqlflow test authority', '-days', '2')
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost')
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost\n')
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.ext')
  // an authority that signed nothing the server has
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'other.key', '-out', 'other.crt', '-subj', '/CN=another authority', '-days', '2')
}

before(async () => {
  if (skip) return
  const server = await ensureLocalServer(project.dir)
  port = server.port
  makeCertificates(project.root)
  // the server reads its key only when it belongs to it and no one else may read it
  const owner = statSync(server.dataDir)
  for (const f of ['server.crt', 'server.key']) {
    copyFileSync(join(project.root, f), join(server.dataDir, f))
    chmodSync(join(server.dataDir, f), 0o600)
    chownSync(join(server.dataDir, f), owner.uid, owner.gid)
  }
  // roles pg_hba.conf lets in over TLS only, plain only, and not at all
  const hba = join(server.dataDir, 'pg_hba.conf')
  writeFileSync(hba, [
    'hostssl all tls_only 127.0.0.1/32 trust', 'host all tls_only 127.0.0.1/32 reject',
    'hostnossl all plain_only 127.0.0.1/32 trust', 'host all plain_only 127.0.0.1/32 reject',
    'host all nobody 127.0.0.1/32 reject', 'host all pw_user 127.0.0.1/32 password', readFileSync(hba, 'utf8'),
  ].join('\n'))
  const r = await rsql(project.target, `create role tls_only login;\ncreate role plain_only login;\ncreate role pw_user login password '${PASSWORD}';\nalter system set ssl = on;\nselect pg_reload_conf();\n`)
  assert.equal(r.exitCode, 0, r.stderr)
  // the reload is asynchronous: wait until a new connection is offered TLS
  for (let i = 0; ; i++) {
    try { if (await sslOf(url('127.0.0.1', 'sslmode=require')) === 't') break } catch (e) { if (i > 100) throw e }
    await new Promise(res => setTimeout(res, 100))
  }
}, { timeout: 60_000 })

after(() => project.cleanup())

test('sslmode=require encrypts without checking the certificate; disable stays plain (in the fast lane)', { skip }, async () => {
  assert.equal(await sslAndLane(url('127.0.0.1', 'sslmode=require')), 't pg')
  assert.equal(await sslAndLane(url('127.0.0.1', 'sslmode=disable')), 'f lane')
})

test('prefer, and no sslmode at all (libpq\'s default), encrypt against a server with TLS; allow connects plain', { skip }, async () => {
  assert.equal(await sslAndLane(url('127.0.0.1', 'sslmode=prefer')), 't pg')
  assert.equal(await sslAndLane(url('localhost', 'application_name=x')), 't pg')
  assert.equal(await sslAndLane(url('127.0.0.1', 'sslmode=allow')), 'f lane', 'allow tries plain first, and the server takes it')
  assert.equal(await sslAndLane(url('127.0.0.1', `sslmode=prefer&sslrootcert=${encodeURIComponent(caFile)}`)), 't pg', 'the root certificate checks the authority')
})

test('allow tries TLS when the server rejects plain (hostssl); prefer goes on plain when it rejects TLS (hostnossl)', { skip }, async () => {
  assert.equal(await sslAndLane(url('127.0.0.1', 'sslmode=allow', 'tls_only')), 't pg')
  assert.equal(await sslAndLane(url('127.0.0.1', 'sslmode=prefer', 'tls_only')), 't pg')
  await assert.rejects(sslOf(url('127.0.0.1', 'sslmode=disable', 'tls_only')),
    { code: '28000', message: 'connection to server at "127.0.0.1", port ' + port + ' failed: FATAL:  pg_hba.conf rejects connection for host "127.0.0.1", user "tls_only", database "dev", no encryption' })
  assert.equal(await sslAndLane(url('127.0.0.1', 'sslmode=prefer', 'plain_only')), 'f lane')
  assert.equal(await sslAndLane(url('127.0.0.1', '', 'plain_only')), 'f lane')
  assert.equal(await sslAndLane(url('127.0.0.1', 'sslmode=allow', 'plain_only')), 'f lane')
  await assert.rejects(sslOf(url('127.0.0.1', 'sslmode=require', 'plain_only')), /failed: FATAL: {2}pg_hba\.conf rejects connection for host "127\.0\.0\.1", user "plain_only", database "dev", SSL encryption$/)
  // both attempts fail: both reasons, one a line, as libpq reports them
  const where = `connection to server at "127.0.0.1", port ${port} failed: FATAL:  pg_hba.conf rejects connection for host "127.0.0.1", user "nobody", database "dev"`
  await assert.rejects(sslOf(url('127.0.0.1', 'sslmode=prefer', 'nobody')), { code: '28000', message: `${where}, SSL encryption\n${where}, no encryption` })
  await assert.rejects(sslOf(url('127.0.0.1', 'sslmode=allow', 'nobody')), { code: '28000', message: `${where}, no encryption\n${where}, SSL encryption` })
})

test('an error after the authentication (no such database) is final for prefer and allow, as libpq: one connection, the password sent once', { skip }, async () => {
  const proxy = await sslProxy(() => undefined)
  try {
    const at = (mode: string) => `postgres://pw_user:${PASSWORD}@127.0.0.1:${proxy.port}/nosuchdb?sslmode=${mode}`
    const message = `connection to server at "127.0.0.1", port ${proxy.port} failed: FATAL:  database "nosuchdb" does not exist`
    await assert.rejects(sslOf(at('prefer')), { code: '3D000', message })
    assert.equal(proxy.connections(), 1, 'no plain attempt after the TLS one')
    assert.ok(!proxy.sent().includes(PASSWORD), 'the password went over TLS only')
    await assert.rejects(sslOf(at('allow')), { code: '3D000', message })
    assert.equal(proxy.connections(), 2, 'no TLS attempt after the plain one')
  } finally { proxy.close() }
})

test('prefer goes on plain on a new connection when the TLS handshake fails; require does not; a wrong answer to SSLRequest fails', { skip }, async () => {
  const broken = await sslProxy(n => n === 1 ? 'S' : undefined)
  try {
    assert.equal(await sslAndLane(url('127.0.0.1', 'sslmode=prefer', 'awsuser', broken.port)), 'f lane')
    assert.equal(broken.connections(), 2)
  } finally { broken.close() }
  const always = await sslProxy(() => 'S')
  try {
    await assert.rejects(sslOf(url('127.0.0.1', 'sslmode=require', 'awsuser', always.port)), new RegExp(`^WarehouseError: connection to server at "127\\.0\\.0\\.1", port ${always.port} failed: SSL error: `))
    assert.equal(always.connections(), 1)
  } finally { always.close() }
  const odd = await sslProxy(n => n === 1 ? 'X' : 'SX')
  try {
    await assert.rejects(sslOf(url('127.0.0.1', 'sslmode=prefer', 'awsuser', odd.port)), { code: '08001', message: `connection to server at "127.0.0.1", port ${odd.port} failed: received invalid response to SSL negotiation: X` })
    await assert.rejects(sslOf(url('127.0.0.1', 'sslmode=prefer', 'awsuser', odd.port)), { message: `connection to server at "127.0.0.1", port ${odd.port} failed: received unencrypted data after SSL response` })
  } finally { odd.close() }
})

test('over a Unix-domain socket no sslmode asks for TLS, as libpq (the server would answer N); a cancel reaches it there', { skip }, async () => {
  // the server listens on TCP only: a socket of the test's in front of it
  const folder = join(project.root, 'socket')
  mkdirSync(folder)
  const firsts: string[] = []
  const server = net.createServer(client => {
    const upstream = net.connect(port, '127.0.0.1')
    client.once('data', d => { firsts.push(d.length === 8 && d.readUInt32BE(4) === 80877103 ? 'SSLRequest' : d.readUInt32BE(4) === 80877102 ? 'cancel' : 'startup') })
    client.pipe(upstream).pipe(client)
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  await new Promise<void>(resolve => server.listen(join(folder, `.s.PGSQL.${port}`), resolve))
  try {
    for (const sslmode of ['require', 'verify-full', 'prefer'] as const) {
      const s = await connect({ type: 'postgres', host: folder, port, database: 'dev', user: 'awsuser', ssl: sslmode })
      try {
        assert.equal((await s.query('select ssl from pg_stat_ssl where pid = pg_backend_pid()'))[0]!.rows[0]![0], 'f', sslmode)
        if (sslmode === 'require') {
          const sleeping = s.query('select pg_sleep(30)')
          await new Promise(resolve => setTimeout(resolve, 200))
          await s.cancel()
          await assert.rejects(sleeping, { code: '57014' })
        }
      } finally { await s.close() }
    }
    assert.deepEqual(firsts, ['startup', 'cancel', 'startup', 'startup'])
    await assert.rejects(connect({ type: 'postgres', host: folder, port, database: 'nosuchdb', user: 'awsuser', ssl: 'require' }),
      { message: `connection to server on socket "${folder}/.s.PGSQL.${port}" failed: FATAL:  database "nosuchdb" does not exist` })
  } finally { server.close() }
})

test('sslmode=require with a root certificate file checks the authority, as libpq (not the host name)', { skip }, async () => {
  assert.equal(await sslOf(url('127.0.0.1', `sslmode=require&sslrootcert=${encodeURIComponent(caFile)}`)), 't')
  await assert.rejects(sslOf(url('localhost', `sslmode=require&sslrootcert=${encodeURIComponent(join(project.root, 'other.crt'))}`)), /self[- ]signed|unable to (get|verify)/i)
  assert.equal(await sslOf(url('127.0.0.1', `sslmode=require&sslrootcert=${encodeURIComponent(join(project.root, 'missing.crt'))}`)), 't', 'no such file: no check, as libpq')
})

test('without an sslmode, PGSSLMODE decides as for psql; the local warehouse stays plain', { skip }, async () => {
  process.env.PGSSLMODE = 'require'
  try {
    assert.equal(await sslOf(url('127.0.0.1', 'application_name=x')), 't')
    assert.equal(await sslOf(url('127.0.0.1', 'sslmode=disable')), 'f', 'the URL\'s own sslmode comes first')
    const local = await rsql(project.target, 'select ssl from pg_stat_ssl where pid = pg_backend_pid();\n')
    assert.match(local.stdout, /^ f$/m)
    process.env.PGSSLMODE = 'sometimes'
    await assert.rejects(sslOf(url('127.0.0.1', 'application_name=x')), /^Error: invalid sslmode value: "sometimes"$/)
  } finally {
    delete process.env.PGSSLMODE
  }
})

test('verify-full checks the authority and the host name; verify-ca the authority only', { skip }, async () => {
  const root = `sslrootcert=${encodeURIComponent(caFile)}`
  assert.equal(await sslOf(url('localhost', `sslmode=verify-full&${root}`)), 't')
  await assert.rejects(sslOf(url('127.0.0.1', `sslmode=verify-full&${root}`)), /127\.0\.0\.1/, 'the certificate names localhost only')
  assert.equal(await sslOf(url('127.0.0.1', `sslmode=verify-ca&${root}`)), 't')
  await assert.rejects(sslOf(url('localhost', 'sslmode=verify-ca')), /self[- ]signed|unable to (get|verify)/i, 'an authority the system does not trust')
  await assert.rejects(sslOf(url('localhost', 'sslmode=verify-full')), /self[- ]signed|unable to (get|verify)/i)
  assert.throws(() => parsePostgresUrl(url('localhost', 'sslmode=verify')), /^Error: invalid sslmode value: "verify"$/)
  await assert.rejects(sslOf(url('localhost', `sslmode=verify-full&sslrootcert=${encodeURIComponent(join(project.root, 'missing.crt'))}`)),
    /could not read root certificate file ".*missing\.crt": No such file or directory/)
})

test("a script prints the same over TLS (pg's socket) as over the plain fast lane: results, errors, COPY both ways, FETCH_COUNT", { skip }, async () => {
  const script = [
    'create table tls_t (id int primary key, name text);',
    'copy tls_t from stdin;', '1\tone', '2\ttwo', '\\.',
    "insert into tls_t values (3, 'three');",
    '\\if :ERROR <> 0', '  \\exit 1', '\\endif',
    "insert into tls_t values (3, 'again');",
    '\\echo :ERROR :ERRORCODE :ACTIVITYCOUNT',
    'copy (select * from tls_t order by id) to stdout;',
    '\\set FETCH_COUNT 2',
    'select g, repeat(\'x\', g) from generate_series(1, 5) g;',
    '\\unset FETCH_COUNT',
    "select ssl from pg_stat_ssl where pid = pg_backend_pid();",
    'drop table tls_t;',
  ].join('\n') + '\n'
  const plain = await rsql(parsePostgresUrl(url('127.0.0.1', 'sslmode=disable')), script)
  const tls = await rsql(parsePostgresUrl(url('127.0.0.1', 'sslmode=require')), script)
  const preferred = await rsql(parsePostgresUrl(url('127.0.0.1', 'sslmode=prefer')), script)
  assert.deepEqual(preferred, tls, 'prefer settles TLS itself, then pg runs the session as over require')
  assert.match(plain.stdout, /^ ssl \n-----\n f\n/m)
  assert.match(tls.stdout, /^ ssl \n-----\n t\n/m)
  assert.equal(tls.stdout.replace(/^ t$/m, ' f'), plain.stdout)
  assert.equal(tls.stderr, plain.stderr)
  assert.match(tls.stderr, /duplicate key value violates unique constraint "tls_t_pkey"/)
  assert.match(tls.stdout, /^true 23505 0$/m)
  assert.match(tls.stdout, /^3\tthree$/m)
  assert.equal(tls.exitCode, plain.exitCode)
})

// psql prints the bytes the server sends in a client encoding that is not UTF8 (é is one byte in LATIN1): in rows,
// column names, errors and notices, over pg's socket (TLS) as in the fast lane (plain)
test('in a client encoding that is not UTF8 the server\'s bytes are printed as they come, over TLS as over the fast lane', { skip }, async () => {
  const script = ["\\encoding LATIN1", "select U&'caf\\00e9' as x, 1 as U&\"\\00e9t\\00e9\";", "select U&'\\00e9'::int;",
    "do $$ begin raise notice '%', U&'\\00e9t\\00e9'; end $$;", "set client_encoding to 'UTF8';", "select U&'\\00e9' as utf8;"].join('\n') + '\n'
  const run = async (query: string) => {
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    const bytes = (into: Buffer[]) => new Writable({ write(chunk: Buffer | string, _encoding, done) { into.push(Buffer.from(chunk)); done() } })
    await runScript({ source: script, name: 'test.sql', target: parsePostgresUrl(url('127.0.0.1', query)), stdout: bytes(stdout), stderr: bytes(stderr) })
    return { stdout: Buffer.concat(stdout).toString('latin1'), stderr: Buffer.concat(stderr).toString('latin1') }
  }
  const plain = await run('sslmode=disable')
  assert.match(plain.stdout, /^ caf\xe9 \|   1$/m)
  assert.match(plain.stdout, /^  x   \| \xe9t\xe9 $/m)
  assert.match(plain.stderr, /invalid input syntax for type integer: "\xe9"/)
  assert.match(plain.stderr, /NOTICE: {2}\xe9t\xe9/)
  assert.match(plain.stdout, /^ \xc3\xa9$/m, 'UTF-8 again after SET client_encoding')
  assert.deepEqual(await run('sslmode=require'), plain)
})

// COPY both ways with backpressure, over pg's socket (TLS) and the fast lane (plain): the writes of COPY … FROM STDIN
// wait for the stream's drain, and a COPY … TO STDOUT whose destination is behind stops reading from the server
for (const [path, sslmode] of [['pg\'s socket (TLS)', 'require'], ['the fast lane', 'disable']] as const) {
  test(`COPY data in chunks through ${path}: all rows, the connection's stream never far behind; a slow destination holds the reads`, { skip }, async () => {
    const s = await connect(parsePostgresUrl(url('127.0.0.1', `sslmode=${sslmode}`)))
    try {
      // the stream under the session (internals, for the test only)
      const internals = s as unknown as { lane?: { socket: net.Socket }; client: { connection: { stream: net.Socket } } }
      const stream = sslmode === 'disable' ? internals.lane!.socket : internals.client.connection.stream
      assert.equal(sslmode === 'disable', internals.client.connection.stream === internals.lane?.socket)
      await s.query('create temp table cp (id int, note text)')
      const rows = 200_000
      const note = 'x'.repeat(70)
      let behind = 0
      async function* chunks() {
        for (let id = 1; id <= rows; id += 2000) {
          behind = Math.max(behind, stream.writableLength)
          let text = ''
          for (let i = id; i < id + 2000; i++) text += `${i}\t${note}\n`
          yield text
        }
      }
      const [copied] = await s.query('copy cp from stdin', { copyIn: () => chunks() })
      assert.equal(copied!.commandTag, `COPY ${rows}`)
      assert.ok(behind < 2 << 20, `the stream held ${behind} bytes not yet written (of ~${rows * 77 >> 20} MB)`)
      const [count] = await s.query('select count(*), sum(id) from cp')
      assert.deepEqual(count!.rows, [[String(rows), String(rows * (rows + 1) / 2)]])

      // out: the first row's destination is behind for 300 ms; the rows read meanwhile are what one read holds
      let received = 0
      let duringHold = -1
      let sum = 0
      const [out] = await s.query('copy (select id from cp order by id) to stdout', {
        copyOut: data => {
          received++
          sum += Number(data.toString().trim())
          if (received === 1) return new Promise<void>(resolve => setTimeout(() => { duringHold = received; resolve() }, 300))
        },
      })
      assert.equal(out!.commandTag, `COPY ${rows}`)
      assert.equal(received, rows)
      assert.equal(sum, rows * (rows + 1) / 2)
      assert.ok(duringHold > 0 && duringHold < rows / 4, `${duringHold} of ${rows} rows handed over while the destination was behind`)
    } finally { await s.close() }
  })
}

// a COPY … FROM STDIN the server fails early: its data still to be written must not reach the server after the
// failure (the next COPY would take it for its own), over both paths
for (const [path, sslmode] of [['pg\'s socket (TLS)', 'require'], ['the fast lane', 'disable']] as const) {
  test(`a failed COPY … FROM STDIN writes nothing after its error: the next COPY gets its own data only (${path})`, { skip }, async () => {
    const s = await connect(parsePostgresUrl(url('127.0.0.1', `sslmode=${sslmode}`)))
    try {
      await s.query('create temp table early_fail (id int); create temp table next_copy (id int)')
      // the first row fails; the 16 MB after it are more than the connection takes before the error comes back
      const data = 'not a number\n' + '7\n'.repeat(8 << 20)
      await assert.rejects(s.query('copy early_fail from stdin', { copyIn: () => data }), { code: '22P02' })
      const [copied] = await s.query('copy next_copy from stdin', { copyIn: () => '42\n' })
      assert.equal(copied!.commandTag, 'COPY 1')
      assert.deepEqual((await s.query('select id from next_copy'))[0]!.rows, [['42']])
      // chunks: the failed COPY's next chunk comes once the next COPY has asked for its data (still read, not sent)
      let nextAsked!: () => void
      const asked = new Promise<void>(resolve => { nextAsked = resolve })
      let readAfter = 0
      async function* failing() {
        yield 'not a number\n'
        await asked
        for (let i = 0; i < 3; i++) { readAfter++; yield '7\n7\n' }
      }
      await assert.rejects(s.query('copy early_fail from stdin', { copyIn: () => failing() }), { code: '22P02' })
      async function* own() {
        nextAsked()
        await new Promise(resolve => setTimeout(resolve, 50))
        yield '43\n'
      }
      const [again] = await s.query('copy next_copy from stdin', { copyIn: () => own() })
      assert.equal(again!.commandTag, 'COPY 1')
      assert.equal(readAfter, 3, 'the failed COPY\'s chunks are read to their end')
      assert.deepEqual((await s.query('select id from next_copy order by id'))[0]!.rows, [['42'], ['43']])
      assert.deepEqual((await s.query('select count(*) from early_fail'))[0]!.rows, [['0']])
    } finally { await s.close() }
  })
}

// last: it turns TLS off on the server
test('with ssl off on the server: prefer and no sslmode go on plain on the same connection (the fast lane); require fails as libpq', { skip }, async () => {
  const r = await rsql(project.target, 'alter system set ssl = off;\nselect pg_reload_conf();\n')
  assert.equal(r.exitCode, 0, r.stderr)
  for (let i = 0; ; i++) {
    try { await sslOf(url('127.0.0.1', 'sslmode=require')) } catch (e) {
      assert.equal((e as Error).message, `connection to server at "127.0.0.1", port ${port} failed: server does not support SSL, but SSL was required`)
      break
    }
    if (i > 100) assert.fail('the server still offers TLS')
    await new Promise(res => setTimeout(res, 100))
  }
  const once = await sslProxy(() => undefined)
  try {
    assert.equal(await sslAndLane(url('127.0.0.1', 'sslmode=prefer', 'awsuser', once.port)), 'f lane')
    assert.equal(once.connections(), 1, 'the N answer and the startup on one connection')
    assert.equal(await sslAndLane(url('127.0.0.1', 'application_name=x', 'awsuser', once.port)), 'f lane')
    assert.equal(once.connections(), 2)
  } finally { once.close() }
  assert.equal(await sslAndLane(url('127.0.0.1', 'sslmode=allow')), 'f lane')
  await assert.rejects(sslOf(url('127.0.0.1', 'sslmode=allow', 'tls_only')),
    /no encryption\nconnection to server at "127\.0\.0\.1", port \d+ failed: FATAL: {2}pg_hba\.conf rejects connection for host "127\.0\.0\.1", user "tls_only", database "dev", no encryption$/)
})

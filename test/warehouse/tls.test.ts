// Connections over TLS against a real server: the local warehouse with ssl turned on and a certificate signed by
// a test authority (made with openssl). On TLS the driver's own socket carries the protocol instead of the fast
// lane, so the same script must print the same over both; and the sslmode values must mean what libpq's mean.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { chownSync, copyFileSync, chmodSync, existsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { connect, parsePostgresUrl, ensureLocalServer } from '../../src/warehouse/index.ts'
import { rsql, tempProject } from '../rsql/helpers.ts'

const OPENSSL = ['/usr/bin/openssl', '/bin/openssl'].find(existsSync)
const skip = OPENSSL ? false : 'openssl is absent (apt-get install -y openssl)'
if (skip) console.log(`# skipping the TLS tests: ${skip}`)

const project = tempProject('rsqlflow-tls-')
let port = 0
const caFile = join(project.root, 'ca.crt')
const url = (host: string, query: string) => `postgres://awsuser@${host}:${port}/dev?${query}`
const sslOf = async (u: string) => {
  const s = await connect(parsePostgresUrl(u))
  try { return (await s.query('select ssl from pg_stat_ssl where pid = pg_backend_pid()'))[0]!.rows[0]![0] } finally { await s.close() }
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
  const r = await rsql(project.target, 'alter system set ssl = on;\nselect pg_reload_conf();\n')
  assert.equal(r.exitCode, 0, r.stderr)
  // the reload is asynchronous: wait until a new connection is offered TLS
  for (let i = 0; ; i++) {
    try { if (await sslOf(url('127.0.0.1', 'sslmode=require')) === 't') break } catch (e) { if (i > 100) throw e }
    await new Promise(res => setTimeout(res, 100))
  }
}, { timeout: 60_000 })

after(() => project.cleanup())

test('sslmode=require encrypts without checking the certificate; disable stays plain', { skip }, async () => {
  assert.equal(await sslOf(url('127.0.0.1', 'sslmode=require')), 't')
  assert.equal(await sslOf(url('127.0.0.1', 'sslmode=disable')), 'f')
  assert.equal(await sslOf(url('127.0.0.1', 'sslmode=prefer')), 'f', 'prefer connects plain: the driver cannot fall back')
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
  assert.match(plain.stdout, /^ ssl \n-----\n f\n/m)
  assert.match(tls.stdout, /^ ssl \n-----\n t\n/m)
  assert.equal(tls.stdout.replace(/^ t$/m, ' f'), plain.stdout)
  assert.equal(tls.stderr, plain.stderr)
  assert.match(tls.stderr, /duplicate key value violates unique constraint "tls_t_pkey"/)
  assert.match(tls.stdout, /^true 23505 0$/m)
  assert.match(tls.stdout, /^3\tthree$/m)
  assert.equal(tls.exitCode, plain.exitCode)
})

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadDsn, parseOdbcIni, ProfileError } from '../../src/rsql/profiles.ts'
import { resolveTarget, retarget } from '../../src/rsql/target.ts'

const INI = `[ODBC Data Sources]
etl=Amazon Redshift ODBC Driver (x64)

[etl]
Driver=/opt/amazon/redshiftodbc/lib/64/libamazonredshiftodbc64.so
Host=examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com
Port=5439
Database=dev
UID=etl_user
PWD=from-dsn
SSLMode=verify-ca

; IAM with the default credential chain
[testiam]
Driver=Default
Host=testcluster.example.com
Database=dev
DbUser=testuser
ClusterID=testcluster
Region=us-east-1
IAM=1

[local]
Host=local
uid=awsuser

[pg]
Server=db.internal
Port=5432
Database=warehouse
UID=loader
`

test('parses DSN sections with the keys RSQL users write, case-insensitively', () => {
  const profiles = parseOdbcIni(INI, '/home/u/.odbc.ini')
  assert.deepEqual([...profiles.keys()], ['etl', 'testiam', 'local', 'pg'])
  const etl = profiles.get('etl')!
  assert.equal(etl.host, 'examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com')
  assert.equal(etl.port, 5439)
  assert.equal(etl.user, 'etl_user')
  assert.equal(etl.password, 'from-dsn')
  assert.equal(etl.location, '/home/u/.odbc.ini:4')
  const iam = profiles.get('testiam')!
  assert.equal(iam.iam, true)
  assert.deepEqual([iam.clusterId, iam.region, iam.dbUser, iam.user], ['testcluster', 'us-east-1', 'testuser', 'testuser'])
  assert.equal(profiles.get('local')!.local, true)
  assert.equal(profiles.get('pg')!.host, 'db.internal')
})

test('a malformed file names the file and line', () => {
  assert.throws(() => parseOdbcIni('[a]\nHost\n', 'x.ini'), (e: Error) => e instanceof ProfileError && e.message === 'x.ini:2: expected "key=value" or "[section]", found "Host"')
  assert.throws(() => parseOdbcIni('Host=a\n', 'x.ini'), /x\.ini:1: key "Host" is outside any \[section\]/)
  assert.throws(() => parseOdbcIni('[a]\nPort=abc\n', 'x.ini'), /x\.ini:1: DSN "a": invalid Port "abc"/)
  assert.throws(() => parseOdbcIni('[a]\nPort=65536\n', 'x.ini'), /x\.ini:1: DSN "a": invalid Port "65536"/)
})

test('ODBCINI names the file; an unknown DSN says where rsql looked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-odbc-'))
  try {
    const file = join(dir, 'odbc.ini')
    writeFileSync(file, INI)
    assert.equal(loadDsn('ETL', { ODBCINI: file }).name, 'etl')
    assert.throws(() => loadDsn('nope', { ODBCINI: file }), new RegExp(`data source name "nope" not found in ${file.replace(/[.]/g, '\\.')}`))
    assert.throws(() => loadDsn('etl', { ODBCINI: join(dir, 'missing.ini') }), /cannot read .*missing\.ini: No such file or directory/)
    assert.throws(() => loadDsn('etl', { HOME: dir }), /\.odbc\.ini: No such file or directory/)
    assert.throws(() => loadDsn('etl', { ODBCINI: dir }), /cannot read .*: Is a directory$/)
  } finally { rmSync(dir, { recursive: true, force: true }) }
})

test('targets: DSN with Host=local, Redshift endpoints, IAM, -h, URLs, none at all; RSPASSWORD comes first', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-odbc-'))
  try {
    const file = join(dir, 'odbc.ini')
    writeFileSync(file, INI)
    const env = { ODBCINI: file, RSPASSWORD: 'env-pw' }
    assert.deepEqual(resolveTarget({ dsn: 'local', cwd: '/p', env }).target, { type: 'local', dir: '/p/.rsqlflow/warehouse', database: undefined, user: 'awsuser', password: 'env-pw' })
    const etl = resolveTarget({ dsn: 'etl', cwd: '/p', env: { ODBCINI: file } }).target
    assert.equal(etl.type, 'redshift')
    assert.equal(etl.type === 'redshift' && etl.password, 'from-dsn')
    const iam = resolveTarget({ dsn: 'testiam', cwd: '/p', env: { ODBCINI: file } }).target
    assert.deepEqual(iam.type === 'redshift' && iam.iam, { clusterId: 'testcluster', workgroup: undefined, region: 'us-east-1', dbUser: 'testuser' })
    assert.deepEqual(resolveTarget({ dsn: 'pg', user: 'override', cwd: '/p', env: { ODBCINI: file } }).target,
      { type: 'postgres', host: 'db.internal', port: 5432, database: 'warehouse', user: 'override', password: undefined, ssl: undefined })
    const tls = join(dir, 'tls.ini')
    writeFileSync(tls, '[ca]\nHost=db.internal\nSSLMode=Verify-CA\n[rs]\nHost=c.abc.us-east-1.redshift.amazonaws.com\nSSLMode=prefer\n[bad]\nHost=db.internal\nSSLMode=verify\n')
    const ca = resolveTarget({ dsn: 'ca', cwd: '/p', env: { ODBCINI: tls } }).target
    assert.equal(ca.type === 'postgres' && ca.ssl, 'verify-ca')
    const rs = resolveTarget({ dsn: 'rs', cwd: '/p', env: { ODBCINI: tls } }).target
    assert.equal(rs.type === 'redshift' && rs.ssl, 'require', 'a Redshift endpoint always offers TLS: prefer encrypts')
    assert.throws(() => resolveTarget({ dsn: 'bad', cwd: '/p', env: { ODBCINI: tls } }), /tls\.ini:7: DSN "bad": invalid sslmode value: "verify"$/)
    assert.deepEqual(resolveTarget({ host: 'h', user: 'u', cwd: '/p', env: {} }).target, { type: 'postgres', host: 'h', port: 5439, database: 'dev', user: 'u', password: undefined })
    assert.equal(resolveTarget({ database: 'postgres://a:b@h:1/d', cwd: '/p', env: {} }).target.type, 'postgres')
    assert.deepEqual(resolveTarget({ cwd: '/p', env: {} }).target, { type: 'local', dir: '/p/.rsqlflow/warehouse', database: undefined, user: undefined, password: undefined })
  } finally { rmSync(dir, { recursive: true, force: true }) }
})

test('\\c keeps what it is not told: a - or a missing value stays', () => {
  const cur = { type: 'postgres' as const, host: 'h', port: 5439, database: 'dev', user: 'u', password: 'p' }
  assert.deepEqual(retarget(cur, { database: 'other' }, {}), { ...cur, database: 'other' })
  assert.deepEqual(retarget(cur, { user: 'v' }, {}), { ...cur, user: 'v', password: undefined })
  assert.deepEqual(retarget(cur, { host: 'k' }, {}), { type: 'postgres', host: 'k', port: 5439, database: 'dev', user: 'u', password: 'p' })
  assert.deepEqual(retarget(cur, { conninfo: 'host=z port=1 dbname=x user=w password=q' }, {}), { type: 'postgres', host: 'z', port: 1, database: 'x', user: 'w', password: 'q' })
})

test('\\c keeps the TLS it had, as psql reuses sslmode, and takes a connection string\'s sslmode', () => {
  const cur = { type: 'postgres' as const, host: 'h', port: 5439, database: 'dev', user: 'u', password: 'p', ssl: 'verify-full' as const, sslRootCert: 'ca.pem' }
  assert.deepEqual(retarget(cur, { host: 'k' }, {}), { type: 'postgres', host: 'k', port: 5439, database: 'dev', user: 'u', password: 'p', ssl: 'verify-full', sslRootCert: 'ca.pem' })
  assert.deepEqual(retarget(cur, { host: 'h', port: '5440' }, {}), { ...cur, port: 5440 })
  const rs = { type: 'redshift' as const, host: 'c.abc.us-east-1.redshift.amazonaws.com', port: 5439, database: 'dev', user: 'u', password: 'p' as string | undefined, ssl: 'verify-full' as const }
  assert.equal((retarget(rs, { host: 'd.abc.us-east-1.redshift.amazonaws.com' }, {}) as { ssl?: string }).ssl, 'verify-full', 'a Redshift connection never drops to plain text')
  const plain = { type: 'postgres' as const, host: 'h', port: 5439, database: 'dev', user: 'u', password: 'p' }
  assert.deepEqual(retarget(plain, { conninfo: 'host=z sslmode=verify-ca sslrootcert=r.pem' }, {}),
    { type: 'postgres', host: 'z', port: 5439, database: 'dev', user: 'u', password: 'p', ssl: 'verify-ca', sslRootCert: 'r.pem' })
  assert.equal((retarget(plain, { conninfo: 'postgres://u@z/d?sslmode=require' }, {}) as { ssl?: string }).ssl, 'require')
  assert.throws(() => retarget(plain, { conninfo: 'host=z sslmode=sometimes' }, {}), /^Error: invalid sslmode value: "sometimes"$/)
})

test('\\c ports as libpq reads them', () => {
  assert.throws(() => retarget({ type: 'postgres', host: 'h', port: 1, database: 'd', user: 'u' }, { port: '70000' }, {}), /invalid port number: "70000"/)
})

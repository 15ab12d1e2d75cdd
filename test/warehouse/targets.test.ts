import { test } from 'node:test'
import assert from 'node:assert/strict'
import { libpqPort, parsePostgresUrl } from '../../src/warehouse/index.ts'

test('ports as libpq reads them: blanks and a sign around the digits, 1 to 65535, empty for the default', () => {
  assert.equal(libpqPort(' +5439 '), 5439)
  assert.equal(libpqPort(''), undefined)
  assert.throws(() => libpqPort('54x'), /^Error: invalid integer value "54x" for connection option "port"$/)
  assert.throws(() => libpqPort('99999999999'), /invalid integer value/)
  for (const bad of ['0', '-1', '65536']) assert.throws(() => libpqPort(bad), new RegExp(`^Error: invalid port number: "${bad}"$`))
})

test("a postgres:// URL read with libpq's messages: its port, its percent-encoding, the sslmode before the port", () => {
  const target = { type: 'postgres', host: 'db.example', port: 5433, database: 'dev', user: 'etl', password: 'p w', ssl: undefined, sslRootCert: undefined }
  assert.deepEqual(parsePostgresUrl('postgres://etl:p%20w@db.example:5433/dev'), target)
  // libpq percent-decodes the port and reads it as strtol does, where the URL parser sees an invalid URL
  for (const port of ['%205433', '+5433', '5433%20', '%35433', '05433']) assert.deepEqual(parsePostgresUrl(`postgres://etl:p%20w@db.example:${port}/dev`), target, port)
  assert.equal(parsePostgresUrl('postgresql://etl@[::1]:/dev').port, 5432)
  assert.equal(parsePostgresUrl('postgresql://etl@[::1]:6543/dev').host, '::1')
  for (const port of ['99999', '0', '-1']) assert.throws(() => parsePostgresUrl(`postgres://etl@db.example:${port}/dev`), new RegExp(`^Error: invalid port number: "${port}"$`))
  assert.throws(() => parsePostgresUrl('postgresql://etl@[::1]:abc/dev'), /^Error: invalid integer value "abc" for connection option "port"$/)
  assert.throws(() => parsePostgresUrl('postgres://etl@db.example:99999/dev?sslmode=verify'), /^Error: invalid sslmode value: "verify"$/)
  assert.throws(() => parsePostgresUrl('postgres://e%zztl@db.example:99999/dev'), /^Error: invalid percent-encoded token: "e%zztl"$/)
  assert.throws(() => parsePostgresUrl('postgres://etl@db.example:1%2/dev'), /^Error: invalid percent-encoded token: "1%2"$/)
  assert.throws(() => parsePostgresUrl('postgres://etl@db.example/d%00ev'), /^Error: forbidden value %00 in percent-encoded value: "d%00ev"$/)
  assert.equal(parsePostgresUrl('postgres://etl@db.example/caf%C3%A9').database, 'café')
})

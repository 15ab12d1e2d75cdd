// String literals as Redshift reads them: backslash escapes are processed in ordinary '…' literals (Postgres keeps
// them as written unless the literal is E'…'), so Redshift's own examples give Redshift's answers here.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { rewriteStatement } from '../../../src/warehouse/dialect/rewrite.ts'
import { splitStatements } from '../../../src/warehouse/dialect/tokens.ts'
import { bindParameters } from '../../../src/integrations/redshift-data.ts'
import { WarehouseError } from '../../../src/warehouse/index.ts'
import { localWarehouse, type RedshiftRunner } from './local-warehouse.ts'

test('a literal with a backslash becomes an escape string; others, and E/N/B/X or dollar-quoted ones, stay as written', () => {
  const pairs: [string, string][] = [
    [String.raw`select 'a\\b', 'c'`, String.raw`select E'a\\b', 'c'`],
    [String.raw`select 'it\'s', 'x'`, String.raw`select E'it\'s', 'x'`],
    [String.raw`insert into t values (1, 'tab\there')`, String.raw`insert into t values (1, E'tab\there')`],
    [String.raw`select E'a\\b', $$c\d$$, 'plain' -- 'a\b'`, String.raw`select E'a\\b', $$c\d$$, 'plain' -- 'a\b'`],
    // COPY … FROM STDIN / TO STDOUT (psql's \copy) is Postgres' own, not Redshift's: '\N' stays the two characters
    [String.raw`copy t from stdin with null as '\N'`, String.raw`copy t from stdin with null as '\N'`],
  ]
  for (const [before, after] of pairs) assert.equal(rewriteStatement(before), after, before)
  // E'…' would read these as hex and Unicode escapes, PostgreSQL 8.0 (Redshift's base) as the letter: not documented
  for (const sql of [String.raw`select 'C:\x41'`, String.raw`select 'caf\u00e9'`]) {
    assert.throws(() => rewriteStatement(sql), (e: unknown) => e instanceof WarehouseError && e.code === '0A000' && /backslash escape/.test(e.message), sql)
  }
})

test('a quote escaped by a backslash does not end the literal when a script is split into statements', () => {
  assert.deepEqual(splitStatements(String.raw`select 'it\'s; ok'; select 'a\\'; select 2`), [String.raw`select 'it\'s; ok'`, String.raw`select 'a\\'`, 'select 2'])
})

let rs: RedshiftRunner
const open = localWarehouse()
before(async () => { rs = await open() })

test('Redshift\'s documented examples: \\\\ in a literal is one backslash', async () => {
  // SQL reference, REGEXP_REPLACE: regexp_replace(email, '@.*\\.(org|gov|com|edu|ca)$') turns
  // Etiam.laoreet.libero@sodalesMaurisblandit.edu into Etiam.laoreet.libero.
  assert.equal(await rs.value(String.raw`select regexp_replace('Etiam.laoreet.libero@sodalesMaurisblandit.edu', '@.*\\.(org|gov|com|edu|ca)$')`), 'Etiam.laoreet.libero')
  // SQL reference, LIKE: "The default is two backslashes ('\\')"; '%start\\_%' finds start_time and xact_start_ts.
  assert.deepEqual(await rs.run(String.raw`select c from (values ('start_time'), ('xact_start_ts'), ('startup')) v(c) where c like '%start\\_%' order by c`),
    [['start_time'], ['xact_start_ts']])
})

test('C-style escapes and a quote escaped by a backslash', async () => {
  assert.deepEqual(await rs.run(String.raw`select 'a\tb' = 'a' || chr(9) || 'b', 'line\nbreak' = 'line' || chr(10) || 'break', 'it\'s', length('\\')`),
    [['t', 't', "it's", '1']])
})

test('a Data API parameter with backslashes and quotes keeps its value', async () => {
  const value = String.raw`C:\temp\it's \n`
  assert.equal(await rs.value(bindParameters(String.raw`select :v where 'a\':n' <> ''`, [{ name: 'v', value }])), value)
})

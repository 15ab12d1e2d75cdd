// \copy's line split as psql's parse_slash_copy splits it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseSlashCopy } from '../../../src/rsql/commands/copy.ts'

test('a table or a query, FROM or TO, a file (quoted, with doubled quotes) or standard output, then the options as written', () => {
  assert.deepEqual(parseSlashCopy("t from 'in.csv' with (format csv)"), { target: 't', from: true, file: 'in.csv', rest: ' with (format csv)' })
  assert.deepEqual(parseSlashCopy(`"My T" (a, b) FROM 'it''s.csv' csv header`), { target: '"My T" (a, b)', from: true, file: "it's.csv", rest: ' csv header' })
  assert.deepEqual(parseSlashCopy("(select ')' as x) to stdout"), { target: "(select ')' as x)", from: false, file: undefined, rest: '' })
  assert.deepEqual(parseSlashCopy('s.t to out.csv'), { target: 's.t', from: false, file: 'out.csv', rest: '' })
})

test('what rsql cannot do or read is said', () => {
  assert.equal(parseSlashCopy('t'), '\\copy: parse error at end of line')
  assert.equal(parseSlashCopy('(select 1'), '\\copy: parse error at end of line')
  assert.match(parseSlashCopy('t from stdin') as string, /not supported by rsql/)
  assert.match(parseSlashCopy("t to program 'gzip'") as string, /program is not supported/)
})

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fmtId, parseTextArray, stringLiteral } from '../../../src/rsql/commands/identifiers.ts'
import { withLineNumbers } from '../../../src/rsql/commands/definition.ts'

test('fmtId quotes what psql 15 quotes: upper case, other characters, keywords other than unreserved ones', () => {
  assert.deepEqual(['sv_v', 'Order', 'a b', '1a', '', 'select', 'user', 'int', 'ilike', 'begin', 'json_table', 'é'].map(fmtId),
    ['sv_v', '"Order"', '"a b"', '"1a"', '""', '"select"', '"user"', '"int"', '"ilike"', 'begin', 'json_table', '"é"'])
  assert.equal(fmtId('a"b'), '"a""b"')
})

test('string literals as libpq writes them: E\'…\' when a backslash is in it', () => {
  assert.equal(stringLiteral("it's"), "'it''s'")
  assert.equal(stringLiteral("a\\b'x"), "E'a\\\\b''x'")
})

test('a text array as libpq parses it: quoted elements with backslash escapes', () => {
  assert.deepEqual(parseTextArray('{}'), [])
  assert.deepEqual(parseTextArray('{security_barrier=true,fillfactor=50}'), ['security_barrier=true', 'fillfactor=50'])
  assert.deepEqual(parseTextArray('{"a=x,y","b=\\"q\\"\\\\"}'), ['a=x,y', 'b="q"\\'])
  assert.equal(parseTextArray('not an array'), null)
  assert.equal(parseTextArray('{"open}'), null)
})

test('line numbers: a function\'s header unnumbered up to AS, BEGIN or RETURN; a view\'s every line', () => {
  assert.equal(withLineNumbers('CREATE FUNCTION f()\n LANGUAGE sql\nAS $$\n\nselect 1$$\n', true),
    '        CREATE FUNCTION f()\n         LANGUAGE sql\n1       AS $$\n2       \n3       select 1$$\n')
  assert.equal(withLineNumbers('CREATE FUNCTION f()\nBEGIN ATOMIC\nEND\n', true), '        CREATE FUNCTION f()\n1       BEGIN ATOMIC\n2       END\n')
  assert.equal(withLineNumbers('CREATE VIEW v AS\n SELECT 1\n', false), '1       CREATE VIEW v AS\n2        SELECT 1\n')
})

// libpq's reportErrorPosition as messages.ts renders it; the differential suite compares it with psql's own
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { errorPosition } from '../../src/rsql/messages.ts'

test('the caret counts screen columns: a wide character takes two, a combining one counts one', () => {
  assert.equal(errorPosition("select '漢字' + x", 15), "LINE 1: select '漢字' + x\n                        ^\n")
  assert.equal(errorPosition("select 'e\u0301' + x", 15), "LINE 1: select 'e\u0301' + x\n                      ^\n")
})

test('a long line of wide characters keeps 60 columns, not 60 characters', () => {
  const query = `select x, '${'漢'.repeat(40)}'`
  const [line, caret] = errorPosition(query, 8).split('\n')
  assert.equal(line, `LINE 1: select x, '${'漢'.repeat(24)}...`)
  assert.equal(caret, ' '.repeat(15) + '^')
})

test('\\r, \\n and \\r\\n end lines; a position past the statement shows nothing', () => {
  assert.equal(errorPosition('select 1,\r 2,\r\n 3, x', 20), 'LINE 3:  3, x\n            ^\n')
  assert.equal(errorPosition('select 1', 20), '')
  assert.equal(errorPosition('select 1', 0), '')
})

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { charWidth, displayWidth, formatLines, formatNumericLocale } from '../../../src/rsql/output/index.ts'

test('display width follows psql 15: wide East Asian (reserved wide code points too), zero-width combining marks, one-column format characters, controls', () => {
  assert.equal(charWidth('a'.codePointAt(0)!), 1)
  assert.equal(charWidth('日'.codePointAt(0)!), 2)
  assert.equal(charWidth('😀'.codePointAt(0)!), 2)
  assert.equal(charWidth(0x0301), 0)
  assert.equal(charWidth(0x200b), 1) // psql 15 counts format characters as one column (16 as zero)
  assert.equal(charWidth(0xfeff), 1)
  assert.equal(charWidth(0x2a6e0), 2)
  assert.equal(charWidth(0xe0100), 0)
  assert.equal(charWidth(0x07), -1)
  assert.equal(displayWidth('日本語 ok'), 9)
  assert.equal(displayWidth('e\u0301'), 1)
})

test('values split into display lines with psql escapes', () => {
  assert.deepEqual(formatLines('a\nbc'), [{ text: 'a', width: 1 }, { text: 'bc', width: 2 }])
  assert.deepEqual(formatLines('x\ty'), [{ text: 'x       y', width: 9 }])
  assert.deepEqual(formatLines('a\rb\x07'), [{ text: 'a\\rb\\x07', width: 8 }])
  assert.deepEqual(formatLines('\u0085'), [{ text: '\\u0085', width: 6 }])
})

test('numeric locale groups digits and leaves non-numbers alone', () => {
  assert.equal(formatNumericLocale('1234567.891'), '1,234,567.891')
  assert.equal(formatNumericLocale('-1000'), '-1,000')
  assert.equal(formatNumericLocale('123'), '123')
  assert.equal(formatNumericLocale('$1,000.00'), '$1,000.00')
})

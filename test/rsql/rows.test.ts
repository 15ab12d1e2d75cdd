import { test } from 'node:test'
import assert from 'node:assert/strict'
import { RowStore } from '../../src/rsql/rows.ts'

test('rows come back exactly: NULL, empty strings, multi-byte text, control characters', () => {
  const rows: (string | null)[][] = [
    ['1', 'plain', '0.5'],
    [null, '', null],
    ['', null, ''],
    ['grüße', '漢字', '😀 emoji'],
    ['line\nbreak\ttab', '\u0001\u00ff', '\ufffd'],
  ]
  const store = new RowStore(3)
  for (const r of rows) store.add(r)
  assert.equal(store.length, rows.length)
  assert.deepEqual([...store], rows)
  // a second pass reads the same rows (printers measure, then print)
  assert.deepEqual([...store], rows)
})

test('one column, zero columns, and an empty store', () => {
  const one = new RowStore(1)
  one.add([null]); one.add(['']); one.add(['x'])
  assert.deepEqual([...one], [[null], [''], ['x']])
  const none = new RowStore(0)
  none.add([]); none.add([])
  assert.equal(none.length, 2)
  assert.deepEqual([...none], [[], []])
  assert.deepEqual([...new RowStore(2)], [])
})

test('many rows and values larger than a slab keep their order', () => {
  const store = new RowStore(2)
  const expected: (string | null)[][] = []
  const big = 'é'.repeat(700_000) // 1.4 MB of UTF-8, more than a slab
  for (let i = 0; i < 50_000; i++) {
    const row = [String(i), i % 10_000 === 0 ? big : i % 7 === 0 ? null : `value ${i}`]
    expected.push(row)
    store.add(row)
  }
  assert.equal(store.length, expected.length)
  let i = 0
  for (const row of store) assert.deepEqual(row, expected[i++])
  assert.equal(i, expected.length)
})

test('values that carry bytes that are not UTF-8 (a LATIN1 client encoding) come back exactly, 0xFD–0xFF included', () => {
  const rows: (string | null)[][] = [
    ['caf\udce9', '\udcff', null],
    ['\udcfd', '\udcfe\udcff', 'é'],
    ['\udcff', null, '\udcfd'],
  ]
  const store = new RowStore(3)
  for (const r of rows) store.add(r)
  assert.deepEqual([...store], rows)
  assert.deepEqual([...store], rows)
})

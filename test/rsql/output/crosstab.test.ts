import { test } from 'node:test'
import assert from 'node:assert/strict'
import { crosstabTable, defaultPrintOptions, type PrintTable } from '../../../src/rsql/output/index.ts'
import type { StatementResult } from '../../../src/warehouse/index.ts'

const INT4 = 23, TEXT = 25

function result(names: string[], types: number[], rows: (string | null)[][]): StatementResult {
  return { command: 'SELECT', commandTag: `SELECT ${rows.length}`, rowCount: String(rows.length), fields: names.map((name, i) => ({ name, dataTypeID: types[i] })), rows, tuples: true }
}

function pivot(r: StatementResult, args: (string | null)[] = []): PrintTable | { error: string } {
  return crosstabTable(r, r.rows, args, defaultPrintOptions())
}

test('rows and columns in order of first appearance, NULL headers shown as \\pset null, cells aligned by colD\'s type', () => {
  const t = pivot(result(['v', 'h', 'd'], [TEXT, TEXT, INT4], [['b', 'y', '1'], ['a', 'x', '2'], [null, 'y', null], ['b', null, '3']])) as PrintTable
  assert.deepEqual(t.headers, ['v', 'y', 'x', ''])
  assert.deepEqual([...t.rows], [['b', '1', '', '3'], ['a', '', '2', ''], ['', '', '', '']])
  assert.deepEqual(t.aligns, ['l', 'r', 'r', 'r'])
})

test('sortcolH orders the columns by its integers (others count 0; ties keep the values\' byte order)', () => {
  const r = result(['v', 'h', 'd', 's'], [TEXT, TEXT, INT4, TEXT],
    [['r', 'b', '1', '3'], ['r', 'a', '2', 'x'], ['r', 'c', '3', '-1'], ['r', '\u00e9', '4', '99999999999'], ['r', 'z', '5', null]])
  // 99999999999 is cut to an int as psql's atoi cuts it (1215752191)
  assert.deepEqual((pivot(r, ['v', 'h', 'd', 's']) as PrintTable).headers, ['v', 'c', 'a', 'z', 'b', '\u00e9'])
})

test('psql\'s messages: columns by number or (downcased, dequoted) name, duplicates, too many columns', () => {
  const r = result(['v', 'H', 'd', 'v'], [TEXT, TEXT, INT4, TEXT], [['a', 'b', '1', 'x']])
  assert.deepEqual(pivot(result(['a', 'b'], [INT4, INT4], [])), { error: 'query must return at least three columns' })
  assert.deepEqual(pivot(r, ['1', 'H']), { error: 'column name not found: "h"' })
  assert.deepEqual((pivot(r, ['1', '"H"', 'd']) as PrintTable).headers, ['v', 'b'])
  assert.deepEqual(pivot(r, ['v']), { error: 'ambiguous column name: "v"' })
  assert.deepEqual(pivot(r, ['5']), { error: 'column number 5 is out of range 1..4' })
  assert.deepEqual(pivot(r, ['2', '2']), { error: 'vertical and horizontal headers must be different columns' })
  assert.deepEqual(pivot(r, ['1', '2']), { error: 'data column must be specified when query returns more than three columns' })
  const twice = result(['v', 'h', 'd'], [TEXT, TEXT, INT4], [[null, 'x', '1'], [null, 'x', '2']])
  assert.deepEqual(pivot(twice), { error: 'query result contains multiple data values for row "(null)", column "x"' })
  const wide = result(['v', 'h', 'd'], [TEXT, INT4, INT4], Array.from({ length: 1601 }, (_, i) => ['r', String(i), '1']))
  assert.deepEqual(pivot(wide), { error: 'maximum number of columns (1600) exceeded' })
})

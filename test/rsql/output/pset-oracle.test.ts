// `\pset` confirmations and errors against psql: the same commands through psql and applyPset.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { applyPset, defaultPrintOptions } from '../../../src/rsql/output/index.ts'
import { psqlMissing, psqlQuote, startOracle, type Oracle } from './oracle.ts'

const COMMANDS: [string, string?][] = [
  ['border', '2'], ['border'], ['border', 'abc'], ['format', 'unaligned'], ['format', 'a'], ['format', 'W'], ['format', 'latex-l'],
  ['format', 'l'], ['format', 'foo'], ['format', 'csv'], ['format', 'aligned'], ['expanded'], ['expanded', 'auto'], ['expanded'],
  ['expanded', 'of'], ['expanded', 'o'], ['x', 'on'], ['vertical'], ['null'], ['null', '(nul)'], ['title'], ['title', 'T'], ['C', 'cap'],
  ['footer'], ['footer', 'on'], ['footer', 'banana'], ['tuples_only'], ['t', 'off'], ['t'], ['tuples_only'], ['linestyle', 'unicode'],
  ['linestyle', 'o'], ['linestyle', 'x'], ['unicode_border_linestyle', 'double'], ['unicode_column_linestyle', 'd'],
  ['unicode_header_linestyle', 's'], ['unicode_header_linestyle', 'z'], ['columns', '40'], ['columns'], ['columns', '0'],
  ['fieldsep'], ['fieldsep', ';'], ['fieldsep_zero'], ['fieldsep'], ['recordsep'], ['recordsep', 'xy'], ['recordsep_zero'],
  ['recordsep', '\n'], ['csv_fieldsep', 'ab'], ['csv_fieldsep', '"'], ['csv_fieldsep', ';'], ['numericlocale'], ['numericlocale', 'off'],
  ['tableattr', 'x'], ['T'], ['pager'], ['pager', 'always'], ['pager', 'on'], ['pager', 'xx'], ['pager_min_lines', '1'],
  ['pager_min_lines', '5'], ['pager_min_lines', '99999999999'], ['border', '-1'], ['border', '99999999999'], ['columns', '4294967297'], ['foo'], ['xheader_width', '1'], ['null', "it's"], ['title', 'a\nb'],
]

describe('\\pset matches psql', { skip: psqlMissing() }, () => {
  let oracle: Oracle
  before(async () => { oracle = await startOracle() })
  after(async () => { await oracle?.stop() })

  test('confirmations, errors and the full listing', () => {
    const script = COMMANDS.map(([k, v]) => `\\pset ${k}${v === undefined ? '' : ' ' + psqlQuote(v)}\n`).join('') + '\\pset\n'
    const run = oracle.psql(script)
    const stdout: string[] = []
    const stderr: string[] = []
    const o = defaultPrintOptions()
    COMMANDS.forEach(([k, v], i) => {
      const r = applyPset(o, k, v)
      if (r.message !== undefined) stdout.push(r.message + '\n')
      if (r.error !== undefined) stderr.push(`L${i + 1}: error: ${r.error}\n`)
    })
    stdout.push(applyPset(o).message + '\n')
    assert.equal(stdout.join(''), run.stdout)
    assert.equal(stderr.join(''), run.stderr.replace(/^psql:[^\n]*?:(\d+): /gm, 'L$1: '))
  })
})

// RSQL's report settings (spec §5.3, §6.4–6.5, examples E3, E5, E7, E8): RFORMAT gating of \pset,
// WIDTH, HEADING/RTITLE and TITLEDASHES.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  effectivePrintOptions, newOutputSettings, printQueryResult, pset, psetNow, reportHeading, rset,
} from '../../../src/rsql/output/index.ts'
import type { StatementResult } from '../../../src/warehouse/index.ts'

const longString = 'In general, the higher the number the more borders and lines the tables will have, but details depend on the particular format.'
const tblLong: StatementResult = {
  command: 'SELECT', commandTag: 'SELECT 1', rowCount: '1',
  fields: [{ name: 'id', dataTypeID: 23 }, { name: 'long_string', dataTypeID: 25 }],
  rows: [['500', longString]],
}

test('E5: \\pset is deferred while RFORMAT is off, applied by \\rset rformat, reverted by rformat off', () => {
  const s = newOutputSettings()
  const messages = [
    pset(s, 'border', '2'), pset(s, 'format', 'wrapped'), pset(s, 'expanded', 'on'), pset(s, 'title', 'Great Title'),
  ].map(o => o.message)
  assert.deepEqual(messages, [
    'Border style is 2. (Changes will take effect after RFORMAT is switched ON)',
    'Output format is wrapped. (Changes will take effect after RFORMAT is switched ON)',
    'Expanded display is on. (Changes will take effect after RFORMAT is switched ON)',
    'Title is "Great Title". (Changes will take effect after RFORMAT is switched ON)',
  ])
  const before = printQueryResult(tblLong, effectivePrintOptions(s))
  assert.match(before, /^ id  \| +long_string +\n-----\+-+\n 500 \| In general/)
  assert.deepEqual(rset(s, 'rformat', []), { message: 'Rformat is on.' })
  const on = printQueryResult(tblLong, effectivePrintOptions(s))
  assert.match(on, /^Great Title\n\+-\[ RECORD 1 \]/)
  assert.ok(on.split('\n').every(line => [...line].length <= 75), 'wrapped to WIDTH 75 while RFORMAT is on')
  assert.deepEqual(rset(s, 'rformat', ['off']), { message: 'Rformat is off.' })
  assert.equal(printQueryResult(tblLong, effectivePrintOptions(s)), before)
  rset(s, 'rformat', ['on'])
  assert.equal(printQueryResult(tblLong, effectivePrintOptions(s)), on)
  assert.equal(pset(s, 'border', '1').message, 'Border style is 1.')
})

test('E7, E8: WIDTH reports its value, sets wrapped output and the target width', () => {
  const s = newOutputSettings()
  assert.deepEqual(rset(s, 'width', []), { message: 'Target width is 75.' })
  assert.deepEqual(rset(s, 'width', ['50']), { message: 'Target width is 50.' })
  assert.deepEqual(rset(s, 'width', []), { message: 'Target width is 50.' })
  assert.match(rset(s, 'width', ['wide']).error ?? '', /invalid width "wide"/)
  assert.match(rset(s, 'width', ['99999999999999999999']).error ?? '', /invalid width "99999999999999999999": positive integer expected/)
  rset(s, 'rformat', ['on'])
  const out = printQueryResult(tblLong, effectivePrintOptions(s))
  const lines = out.split('\n')
  assert.ok(lines.length > 4, 'the long value wraps over several lines')
  assert.ok(lines.every(l => l.length <= 50))
  assert.match(out, /the more\.\n/)
  assert.match(out, /\(1 row\)\n\n$/)
})

test('E3: RTITLE is deferred until RFORMAT; headings lay out left, centre and right sections', () => {
  const s = newOutputSettings()
  assert.deepEqual(rset(s, 'rtitle', ['"Marketing Department||Confidential//Third Quarter//Chicago"']), {
    message: 'Rtitle is set to: &DATE||Marketing Department||Confidential//Third Quarter//Chicago (Changes will take effect after RFORMAT is switched ON)',
  })
  const day = new Date(2020, 8, 11)
  assert.equal(reportHeading(s, day), '')
  rset(s, 'width', ['70'])
  rset(s, 'rformat', ['on'])
  const lines = reportHeading(s, day).split('\n')
  assert.equal(lines[0].slice(0, 8), '09/11/20')
  assert.match(lines[0], /^09\/11\/20 +Marketing Department +Confidential$/)
  assert.equal(lines[0].length, 70)
  assert.equal(lines[1].trim(), 'Third Quarter')
  assert.equal(lines[2].trim(), 'Chicago')
  assert.deepEqual(rset(s, 'heading', ['General Title']), { message: 'Heading is set to: General Title' })
})

test('TITLEDASHES off drops the dash rule under the headers', () => {
  const s = newOutputSettings()
  assert.deepEqual(rset(s, 'titledashes', ['off']), { message: 'Titledashes is off.' })
  assert.equal(printQueryResult(tblLong, effectivePrintOptions(s)).split('\n')[1], ' 500 | ' + longString)
  assert.deepEqual(rset(s, 'titledashes', ['on']), { message: 'Titledashes is on.' })
  assert.match(printQueryResult(tblLong, effectivePrintOptions(s)).split('\n')[1], /^-----\+/)
  assert.match(rset(s, 'titledashes', ['maybe']).error ?? '', /Boolean expected/)
})

test('\\x, \\t, \\a, \\H and command-line options act at once and survive RFORMAT switches', () => {
  const s = newOutputSettings()
  assert.deepEqual(psetNow(s, 'tuples_only'), { message: 'Tuples only is on.' })
  assert.equal(effectivePrintOptions(s).tuplesOnly, true)
  rset(s, 'rformat', ['on'])
  assert.equal(effectivePrintOptions(s).tuplesOnly, true)
  psetNow(s, 'format', 'unaligned')
  rset(s, 'rformat', ['off'])
  assert.equal(effectivePrintOptions(s).format, 'unaligned')
  assert.equal(printQueryResult(tblLong, effectivePrintOptions(s)), '500|' + longString + '\n')
  assert.match(rset(s, 'bogus', []).error ?? '', /unknown setting: bogus/)
})

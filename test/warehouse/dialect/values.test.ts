import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dateParser, timestampParser } from '../../../src/warehouse/dialect/datetime.ts'
import { DelimitedParser } from '../../../src/warehouse/dialect/formats/delimited.ts'
import type { RawRow } from '../../../src/warehouse/dialect/formats/row.ts'
import { OutBuffer } from '../../../src/warehouse/dialect/out-buffer.ts'
import type { TargetColumn } from '../../../src/warehouse/dialect/target.ts'
import { RowEncoder, type EncodeOptions, type Rejection } from '../../../src/warehouse/dialect/values.ts'

const columns: TargetColumn[] = [
  { name: 'id', type: 'bigint', kind: 'int8', notNull: true },
  { name: 'small', type: 'smallint', kind: 'int2', notNull: false },
  { name: 'name', type: 'character varying(8)', kind: 'char', maxBytes: 8, notNull: false },
  { name: 'bal', type: 'numeric(6,2)', kind: 'numeric', precision: 6, scale: 2, notNull: false },
  { name: 'note', type: 'text', kind: 'char', notNull: false },
  { name: 'other', type: 'uuid', kind: 'other', notNull: false },
]

function options(o: Partial<EncodeOptions> = {}): EncodeOptions {
  return {
    nullAs: Buffer.from('\\N'), emptyAsNull: false, blanksAsNull: false, trimBlanks: false, truncateColumns: false, invalidCharReplacement: -1,
    acceptAnyDate: false, fillRecord: false, roundec: false, date: dateParser(undefined), timestamp: timestampParser(undefined, false),
    timestamptz: timestampParser(undefined, true), ...o,
  }
}

/** Encodes each line; `general` marks every row as holding escapable bytes, which forces the field-by-field path. */
function encodeAll(text: string, general: boolean, o: Partial<EncodeOptions> = {}, checkUtf8 = false, chunk = 1 << 20): { out: string; rejections: (Rejection | undefined)[] } {
  const out = new OutBuffer(64)
  const encoder = new RowEncoder(columns, options(o), out)
  encoder.checkUtf8 = checkUtf8
  const rejections: (Rejection | undefined)[] = []
  const parser = new DelimitedParser({ delimiter: '|'.charCodeAt(0), escape: false, removeQuotes: false, ignoreHeader: 0, ignoreBlankLines: false })
  const onRow = (row: RawRow) => { rejections.push(encoder.encode(general ? { ...row, special: true } : row)) }
  const input = Buffer.from(text)
  for (let p = 0; p < input.length; p += chunk) { parser.push(input.subarray(p, p + chunk), onRow); encoder.flushRun() }
  parser.end(onRow)
  encoder.flushRun()
  return { out: Buffer.concat(out.take()).toString(), rejections }
}

const uuid = '6f1c0a52-2d4b-4c55-9a51-3b5ad0c5b001'
const lines = [
  `1|2|abc|12.50|a note|${uuid}|`, // trailing delimiter, as TPC-H writes
  `2|-3|abcdefgh|-0.5|x|${uuid}`,
  `+3|+4||1||`, // empty strings stay empty, an empty uuid becomes NULL
  `4|\\N|N|1.25|\\N|\\N`,
  `9223372036854775807|1|a|1|b|${uuid}`, // as many digits as the type: checked for overflow
  `9223372036854775808|1|a|1|b|${uuid}`, // overflow: rejected
  `5|32768|a|1|b|${uuid}`,
  `6|1|abcdefghi|1|b|${uuid}`, // longer than varchar(8): rejected
  `7|1|a|1.255|b|${uuid}`, // more decimals than the scale: truncated, as Redshift does
  `8|1|a|12345.6|b|${uuid}`, // too many integer digits for numeric(6,2)
  `9| 7 |a|1|b|${uuid}`, // blanks around an integer
  `10|x1|a|1|b|${uuid}`,
  `11|1|a|.5|b|${uuid}`, // no integer digit: the general path decides
  `12|1|a|1|b`, // too few fields
  `13|1|a|1|b|${uuid}|extra|`,
  `14|1|héllo|1|b|${uuid}`,
  `15|1|héllo|1|b|`,
  `16|1|ééééé|1|b|${uuid}`, // 5 characters, 10 bytes: too long for varchar(8)
  `17|1|N|1|b|${uuid}`, // NULL AS 'N' makes the name NULL
  `18|1||1|b|${uuid}`, // NULL AS '' (or EMPTYASNULL) makes the name NULL
  `21|1|a|1|b|${uuid}|`, `22|1|`, `23|1|a|1|b|${uuid}|`, // a rejected line between two that go out as they came
].join('\n') + '\n'

test('rows copied in one piece encode exactly as the field-by-field path does', () => {
  // The first line ends with a delimiter (CR LF endings for the whole load) or does not (LF).
  for (const text of [lines, lines.slice(lines.indexOf('\n') + 1)]) {
    for (const o of [{}, { nullAs: Buffer.from('N') }, { nullAs: Buffer.from('') }, { emptyAsNull: true }, { trimBlanks: true }, { truncateColumns: true }, { fillRecord: true }]) {
      for (const checkUtf8 of [false, true]) {
        for (const chunk of [7, 64, 1 << 20]) {
          const fast = encodeAll(text, false, o, checkUtf8, chunk)
          const general = encodeAll(text, true, o, checkUtf8, chunk)
          assert.equal(fast.out, general.out, JSON.stringify(o))
          assert.deepEqual(fast.rejections, general.rejections, JSON.stringify(o))
        }
      }
    }
  }
  const { out, rejections } = encodeAll(lines, false)
  assert.ok(out.endsWith('\r\n') && !/[^\r]\n/.test(out), 'every line ends with CR LF')
  const loaded = out.split('\r\n')
  assert.equal(loaded[0], `1\t2\tabc\t12.50\ta note\t${uuid}`)
  assert.equal(loaded[2], '+3\t+4\t\t1\t\t\\N')
  const lf = encodeAll(lines.slice(lines.indexOf('\n') + 1), false).out
  assert.ok(lf.startsWith(`2\t-3\tabcdefgh\t-0.5\tx\t${uuid}\n`) && !lf.includes('\r'), 'LF endings when the first line has no trailing delimiter')
  assert.deepEqual(rejections.map(r => r?.code), [undefined, undefined, undefined, undefined, undefined, 1216, 1216, 1204, undefined, 1216, undefined, 1207, undefined, 1214, 1202, undefined, undefined, 1204, undefined, undefined, undefined, 1214, undefined])
})

test('rows with bytes the text format escapes, or fields not one byte apart, are written field by field', () => {
  const { out } = encodeAll(`1|2|a\\b|1|tab\there|${uuid}\n`, false)
  assert.equal(out, `1\t2\ta\\\\b\t1\ttab\\there\t${uuid}\n`)
  // Fields that are adjacent in the buffer (as the ESCAPE parser leaves them) must not be glued together.
  const buf = Buffer.from(`12abc1${uuid}`)
  const o = new OutBuffer()
  const e2 = new RowEncoder([columns[0], columns[2], columns[3], columns[5]], options(), o)
  e2.checkUtf8 = false
  assert.equal(e2.encode({ buf, starts: Int32Array.of(0, 2, 5, 6), ends: Int32Array.of(2, 5, 6, buf.length), count: 4, line: 1, raw: buf, rawStart: 0, rawEnd: buf.length, special: false }), undefined)
  assert.equal(Buffer.concat(o.take()).toString(), `12\tabc\t1\t${uuid}\n`)

})

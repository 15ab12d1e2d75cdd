import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DelimitedParser } from '../../../src/warehouse/dialect/formats/delimited.ts'
import type { RawRow } from '../../../src/warehouse/dialect/formats/row.ts'

type Parsed = { line: number; fields: string[]; raw: string; special: boolean }

function parse(text: string, chunk: number, o: { ignoreHeader?: number; ignoreBlankLines?: boolean } = {}): Parsed[] {
  const parser = new DelimitedParser({ delimiter: '|'.charCodeAt(0), escape: false, removeQuotes: false, ignoreHeader: o.ignoreHeader ?? 0, ignoreBlankLines: o.ignoreBlankLines ?? false })
  const rows: Parsed[] = []
  const onRow = (r: RawRow) => {
    const fields: string[] = []
    for (let c = 0; c < r.count; c++) fields.push(r.buf.toString('utf8', r.starts[c], r.ends[c]))
    rows.push({ line: r.line, fields, raw: r.raw.toString('utf8', r.rawStart, r.rawEnd), special: r.special })
  }
  const bytes = Buffer.from(text)
  for (let p = 0; p < bytes.length; p += chunk) parser.push(bytes.subarray(p, p + chunk), onRow)
  parser.end(onRow)
  return rows
}

/** What the parser must find, computed the obvious way. */
function expected(text: string, o: { ignoreHeader?: number; ignoreBlankLines?: boolean } = {}): Parsed[] {
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines.flatMap((l, i) => i < (o.ignoreHeader ?? 0) || (l === '' && o.ignoreBlankLines) ? [] : [{ line: i + 1, fields: l.split('|'), raw: l, special: /[\\\t\r]/.test(l) }])
}

const wide = Array.from({ length: 70 }, (_, i) => `f${i}`).join('|')
const text = ['id|name|note', '1|alpha|x|', '', `2|${wide}`, '3|tab\there|back\\slash', '4|crlf\r', '5|héllo|', '6'].join('\n')

test('lines and fields are found the same way whatever the chunking, with or without bytes to escape', () => {
  for (const o of [{}, { ignoreHeader: 1 }, { ignoreHeader: 2, ignoreBlankLines: true }]) {
    const want = expected(text, o)
    for (const chunk of [1, 2, 3, 5, 8, 13, 64, 1 << 16]) assert.deepEqual(parse(text, chunk, o), want, `chunk ${chunk} ${JSON.stringify(o)}`)
  }
  // A chunk without backslash, tab or CR takes the native-search path; one with them the byte loop: same rows.
  const clean = '1|a|b\n2||c|\n|||\n'
  assert.deepEqual(parse(clean, 1 << 16), expected(clean))
  assert.deepEqual(parse(clean + '3|\\\n', 1 << 16).slice(0, 3), expected(clean))
})

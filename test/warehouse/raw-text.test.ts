import { test } from 'node:test'
import assert from 'node:assert/strict'
import { byteChar, decodeBytes, decodeRaw, encodeRaw, parseMessage, queryMessage } from '../../src/warehouse/raw-text.ts'

const hex = (h: string) => Buffer.from(h.replace(/ /g, ''), 'hex')
const roundTrip = (bytes: Buffer) => assert.deepEqual(encodeRaw(decodeRaw(bytes)), bytes, bytes.toString('hex'))

test('each byte 0x80–0xFF alone is kept as U+DC80–U+DCFF and written back as itself', () => {
  for (let b = 0x80; b <= 0xff; b++) {
    const bytes = Buffer.from([0x61, b, 0x27])
    assert.equal(decodeRaw(bytes), `a${String.fromCharCode(0xdc00 | b)}'`)
    roundTrip(bytes)
    assert.equal(byteChar(b), String.fromCharCode(0xdc00 | b))
  }
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
  roundTrip(all)
  assert.equal(byteChar(0x41), 'A')
})

test('valid UTF-8 decodes as Node decodes it, and text without escapes encodes as Node encodes it', () => {
  for (const text of ['', 'plain', 'café', '漢字', '😀 emoji', '\ufffd', '\u0000x', 'U+10FFFF: \u{10ffff}']) {
    const bytes = Buffer.from(text)
    assert.equal(decodeRaw(bytes), text)
    assert.deepEqual(encodeRaw(text), bytes)
  }
  // a surrogate pair whose low half is in the escapes' range is a character, not two escapes
  assert.deepEqual(encodeRaw('\ud800\udc80'), Buffer.from('\u{10080}'))
  // a lone surrogate outside the range is written as Node writes it (U+FFFD)
  assert.deepEqual(encodeRaw('a\ud800b\udc00'), Buffer.from('a\ufffdb\ufffd'))
})

test('sequences that are not UTF-8: each of their bytes kept, valid characters around them decoded', () => {
  const cases: [string, string][] = [
    ['636166e9', 'caf\udce9'], // Latin-1 é
    ['e282', '\udce2\udc82'], // a truncated 3-byte sequence
    ['e282 41', '\udce2\udc82A'],
    ['f09f98', '\udcf0\udc9f\udc98'], // a truncated 4-byte sequence
    ['c0af', '\udcc0\udcaf'], // an overlong '/'
    ['e080af', '\udce0\udc80\udcaf'], // an overlong 3-byte form
    ['f4908080', '\udcf4\udc90\udc80\udc80'], // above U+10FFFF
    ['eda080', '\udced\udca0\udc80'], // U+D800 written as 3 bytes (CESU-8): psql sends these bytes as they are
    ['edb080 edbfbf', '\udced\udcb0\udc80\udced\udcbf\udcbf'],
    ['c3a9 e9 c3a9', 'é\udce9é'],
    ['80 bf', '\udc80\udcbf'], // continuation bytes alone
    ['f09f9880 ff', '😀\udcff'],
  ]
  for (const [bytes, text] of cases) {
    assert.equal(decodeRaw(hex(bytes)), text, bytes)
    roundTrip(hex(bytes))
  }
  // a range of a larger buffer
  assert.equal(decodeRaw(hex('41 e9 42 e9'), 1, 3), '\udce9B')
})

test('escapes that together make UTF-8 are written as those bytes (a split character comes back whole)', () => {
  assert.deepEqual(encodeRaw('\udcc3\udca9'), Buffer.from('é'))
  assert.equal(decodeRaw(encodeRaw('\udcc3\udca9')), 'é')
})

test('Query and Parse messages carry the text\'s bytes', () => {
  const q = queryMessage("select 'caf\udce9'")
  assert.deepEqual(q, Buffer.concat([Buffer.from('Q'), hex('00000012'), Buffer.from("select 'caf"), hex('e9 27 00')]))
  const p = parseMessage('select \udce9')
  assert.deepEqual(p, Buffer.concat([Buffer.from('P'), hex('00000010 00'), Buffer.from('select '), hex('e9 00 0000')]))
})

test('decodeBytes: a byte a character (a client encoding that is not UTF8), written back as the same bytes', () => {
  assert.equal(decodeBytes(Buffer.from('plain')), 'plain')
  assert.equal(decodeBytes(hex('636166 c3a9 e9')), 'caf\udcc3\udca9\udce9')
  assert.equal(decodeBytes(hex('41 e9 42'), 1, 3), '\udce9B')
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
  assert.deepEqual(encodeRaw(decodeBytes(all)), all)
})

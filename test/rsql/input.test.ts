// rsql's own stdin as COPY reads it: lines split at \n only (a \r stays, as psql's fgets keeps it), a
// character cut between two reads whole, and after some lines the rest of the bytes unchanged
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { StreamLines } from '../../src/rsql/input.ts'

test('lines at \\n only, a character split across reads kept whole, the last line without its newline', async () => {
  const stream = new PassThrough()
  const lines = new StreamLines(() => stream)
  const euro = Buffer.from('€')
  stream.write(Buffer.concat([Buffer.from('a\r\nb\rc\n'), euro.subarray(0, 1)]))
  setTimeout(() => { stream.write(euro.subarray(1)); stream.end('\nlast') }, 5)
  const got: (string | undefined)[] = []
  for (let l = await lines.next(); l !== undefined; l = await lines.next()) got.push(l)
  assert.deepEqual(got, ['a\r', 'b\rc', '€', 'last'])
  assert.equal(await lines.next(), undefined)
})

test('after a line, the rest comes as bytes, unchanged', async () => {
  const stream = new PassThrough()
  const lines = new StreamLines(() => stream)
  const binary = Buffer.from([0x50, 0x47, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0x5c, 0x2e, 0x0a, 0xc3])
  stream.write('first\n')
  stream.write(binary.subarray(0, 4))
  setTimeout(() => stream.end(binary.subarray(4)), 5)
  assert.equal(await lines.next(), 'first')
  const chunks: Buffer[] = []
  for await (const chunk of lines.rest()) chunks.push(chunk)
  assert.deepEqual(Buffer.concat(chunks), binary)
})

test('nothing is read before it is asked for, and close leaves the input paused', async () => {
  const stream = new PassThrough()
  let opened = 0
  const lines = new StreamLines(() => { opened++; return stream })
  assert.equal(opened, 0)
  stream.write('x\ny\n')
  assert.equal(await lines.next(), 'x')
  lines.close()
  assert.equal(opened, 1)
  assert.equal(stream.isPaused(), true)
  assert.equal(await lines.next(), 'y', 'what was read already is still there')
})

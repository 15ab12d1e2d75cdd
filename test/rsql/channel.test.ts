// Channels take bytes beside text (a COPY's data, binary formats too) and keep their order
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { channelFor, FileChannel } from '../../src/rsql/channel.ts'

const binary = Buffer.from([0x50, 0x47, 0xff, 0x0d, 0x0a, 0x00, 0xc3])

test('a stream gets text and bytes in order, the bytes unchanged and copied when written', () => {
  const chunks: Buffer[] = []
  const stream = new Writable({ write(chunk, _enc, done) { chunks.push(Buffer.from(chunk)); done() } })
  const channel = channelFor(stream)
  channel.write('before\n')
  const reused = Buffer.from(binary)
  channel.writeBytes(reused)
  reused.fill(0) // a caller's bytes are valid only during the call
  channel.write('after é\n')
  channel.close()
  assert.deepEqual(Buffer.concat(chunks), Buffer.concat([Buffer.from('before\n'), binary, Buffer.from('after é\n')]))
})

test('a file (\\o) gets the same bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-channel-'))
  try {
    const path = join(dir, 'out')
    const channel = FileChannel.open(path)
    channel.writeBytes(binary)
    channel.write('text\n')
    channel.writeBytes(binary)
    channel.close()
    assert.deepEqual(readFileSync(path), Buffer.concat([binary, Buffer.from('text\n'), binary]))
  } finally { rmSync(dir, { recursive: true, force: true }) }
})

test('a line callback reads bytes as UTF-8, a character cut between two writes whole', () => {
  const lines: string[] = []
  const channel = channelFor(line => lines.push(line))
  const text = Buffer.from('a€b\nc')
  channel.writeBytes(text.subarray(0, 2))
  channel.writeBytes(text.subarray(2))
  channel.close()
  assert.deepEqual(lines, ['a€b', 'c'])
})

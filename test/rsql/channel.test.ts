// Channels take bytes beside text (a COPY's data, binary formats too) and keep their order
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { closeSync, existsSync, fstatSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
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

// a stream that fails (a full disk, not a reader gone) emits no drain: whoever waits for one (a COPY's reading, held
// while the output is behind) must go on, and what comes after is dropped, the error kept as C's ferror
test('a stream whose write fails: the wait for drain ends, the error is kept, later output dropped', async () => {
  let writes = 0
  const stream = new Writable({
    highWaterMark: 16,
    write(_chunk, _enc, done) {
      writes++
      setTimeout(() => done(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })), 5)
    },
  })
  const channel = channelFor(stream)
  channel.writeBytes(Buffer.alloc(70 * 1024)) // more than the channel holds: written, the stream behind
  const wait = channel.drained()
  assert.ok(wait, 'the stream is behind')
  const outcome = await Promise.race([wait.then(() => 'went on'), new Promise(resolve => setTimeout(() => resolve('still waiting'), 2000).unref())])
  assert.equal(outcome, 'went on')
  assert.equal((channel.failure as NodeJS.ErrnoException | undefined)?.code, 'ENOSPC')
  assert.equal(channel.drained(), undefined)
  channel.write('more\n')
  channel.flush()
  channel.close()
  assert.equal(writes, 1, 'nothing written after the failure')
})

test('a file whose write fails (/dev/full): known at the flush, kept, no throw', { skip: existsSync('/dev/full') ? undefined : 'no /dev/full here' }, () => {
  const channel = FileChannel.open('/dev/full')
  channel.write('x\n')
  assert.equal(channel.failure, undefined, 'held until flushed')
  channel.flush()
  assert.equal((channel.failure as NodeJS.ErrnoException | undefined)?.code, 'ENOSPC')
  channel.write('y\n')
  channel.close()
})

test('stdout on a file or a device is written straight to its descriptor: a failure is known at the flush', { skip: existsSync('/dev/full') ? undefined : 'no /dev/full here' }, () => {
  const fd = openSync('/dev/full', 'w')
  try {
    const channel = channelFor(Object.assign(new Writable({ write(_c, _e, done) { done() } }), { fd }))
    channel.write('x\n')
    channel.flush()
    assert.equal((channel.failure as NodeJS.ErrnoException | undefined)?.code, 'ENOSPC')
    channel.close() // the descriptor is not the channel's to close
    assert.doesNotThrow(() => fstatSync(fd))
  } finally {
    closeSync(fd)
  }
})

test('a stream on a file with writes still queued keeps the stream: what the channel writes comes after them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-channel-'))
  const fd = openSync(join(dir, 'out.txt'), 'w')
  try {
    const queued: string[] = []
    // a file stream whose earlier write has not completed (its callback not called yet)
    const stream = Object.assign(new Writable({ write(chunk, _enc, _done) { queued.push(String(chunk)) } }), { fd })
    stream.write('earlier\n')
    const channel = channelFor(stream)
    channel.write('from the script\n')
    channel.flush()
    assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), '', 'written to the descriptor ahead of the queued write')
    assert.deepEqual(queued, ['earlier\n'])
    assert.equal(stream.writableLength, 'earlier\n'.length + 'from the script\n'.length)
  } finally {
    closeSync(fd)
    rmSync(dir, { recursive: true, force: true })
  }
})

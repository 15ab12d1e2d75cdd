import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { LzopCompress, LzopDecompress, LzoError, lzo1xCompress, lzo1xDecompress, lzopCompressSync } from '../../../src/objects/index.ts'

async function unlzop(data: Buffer, chunk = 7919): Promise<Buffer> {
  const parts: Buffer[] = []
  for (let p = 0; p < data.length; p += chunk) parts.push(data.subarray(p, p + chunk))
  const out: Buffer[] = []
  for await (const c of Readable.from(parts).pipe(new LzopDecompress())) out.push(c as Buffer)
  return Buffer.concat(out)
}

function tblLines(rows: number): Buffer {
  const lines: string[] = []
  for (let i = 1; i <= rows; i++) lines.push(`${i}|Customer#${String(i).padStart(9, '0')}|addr ${(i * 7919) % 100000}|${i % 25}|${10 + (i % 25)}-${100 + (i % 900)}|${((i * 37) % 1000000) / 100}|BUILDING|comment, with commas ${i * 31}|`)
  return Buffer.from(lines.join('\n') + '\n')
}

test('LZO1X-1 round-trips text, runs, incompressible and tiny inputs', () => {
  const inputs = [Buffer.alloc(0), Buffer.from('a'), Buffer.from('abcdabcdabcdabcdabcdabcd'), Buffer.alloc(100_000, 0x78),
    randomBytes(70_000), tblLines(2000), Buffer.concat([randomBytes(20_000), Buffer.alloc(50_000, 1), randomBytes(5)])]
  for (const input of inputs) {
    const packed = lzo1xCompress(input)
    assert.ok(packed.length <= input.length + (input.length >> 4) + 67)
    assert.ok(lzo1xDecompress(packed, input.length).equals(input), `length ${input.length}`)
  }
  assert.ok(lzo1xCompress(tblLines(2000)).length < tblLines(2000).length / 2)
})

test('lzop files stream back byte for byte, across any chunking', async () => {
  const plain = tblLines(20_000) // several 256 KiB blocks
  const file = lzopCompressSync(plain, { name: 'customer.tbl', mtime: new Date('2022-06-06T00:00:00Z') })
  assert.ok(file.subarray(0, 9).equals(Buffer.from('894c5a4f000d0a1a0a', 'hex')))
  assert.ok((await unlzop(file)).equals(plain))
  assert.ok((await unlzop(file, 1 << 20)).equals(plain))
  // The streaming writer produces the same bytes as the one-shot one.
  const out: Buffer[] = []
  const parts = [plain.subarray(0, 1000), plain.subarray(1000, 400_000), plain.subarray(400_000)]
  for await (const c of Readable.from(parts).pipe(new LzopCompress({ name: 'customer.tbl', mtime: new Date('2022-06-06T00:00:00Z') }))) out.push(c as Buffer)
  assert.ok(Buffer.concat(out).equals(file))
  // Two members one after the other read as one stream, as lzop -d does.
  assert.ok((await unlzop(Buffer.concat([file, file]))).equals(Buffer.concat([plain, plain])))
})

test('corrupt or truncated lzop data fails with a message naming the problem', async () => {
  const file = lzopCompressSync(tblLines(500), { name: 'x.tbl' })
  await assert.rejects(unlzop(Buffer.from('not lzop at all')), (e: unknown) => e instanceof LzoError && /not an lzop file/.test(e.message))
  await assert.rejects(unlzop(file.subarray(0, file.length - 100)), /truncated lzop data/)
  const flipped = Buffer.from(file)
  flipped[flipped.length - 200] ^= 0xff
  await assert.rejects(unlzop(flipped), (e: unknown) => e instanceof LzoError && /x\.tbl/.test(e.message))
})

test('damaged LZO1X blocks fail with an LzoError, never another error or a hang', () => {
  const plain = tblLines(3000)
  const packed = lzo1xCompress(plain)
  let seed = 7
  const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n }
  let failed = 0
  for (let k = 0; k < 2000; k++) {
    const b = Buffer.from(packed)
    for (let j = 0; j <= k % 5; j++) b[random(b.length)] = random(256)
    const input = k % 7 === 0 ? b.subarray(0, random(b.length)) : b
    try { lzo1xDecompress(input, plain.length) } catch (err) {
      assert.ok(err instanceof LzoError, String(err))
      assert.match(err.message, /^corrupt LZO1X data: .* at input byte \d+$/)
      failed++
    }
  }
  assert.ok(failed > 1000, `only ${failed} of 2000 damaged blocks were noticed`)
})

test('decompresses the reference sample files (LZO1X-999 and LZO1X-1) to their published checksums', async t => {
  const here = fileURLToPath(new URL('.', import.meta.url))
  const dir = join(here, '../../../../shared/reference-data')
  if (!existsSync(dir)) return t.skip('../shared/reference-data is absent (it is not part of a checkout)')
  const expected: Record<string, string> = {
    customer: 'a2bffac0566dab448c92ba3ca8883478', nation: '2f588e0b7fa72939b498c2abecd9fbbe', region: 'c235841b00d29ad4f817771fcc851207',
  }
  for (const [name, md5] of Object.entries(expected)) {
    const plain = await unlzop(readFileSync(join(dir, `${name}.tbl.lzo`)))
    assert.equal(createHash('md5').update(plain).digest('hex'), md5, name)
  }
})

test('agrees with the lzop program both ways', async t => {
  if (spawnSync('lzop', ['--version']).error) return t.skip('the lzop program is not installed (.ci/run installs the Debian package)')
  const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-lzop-'))
  try {
    const plain = tblLines(5000)
    writeFileSync(join(dir, 'ours.tbl.lzo'), lzopCompressSync(plain, { name: 'ours.tbl' }))
    const test = spawnSync('lzop', ['-t', join(dir, 'ours.tbl.lzo')])
    assert.equal(test.status, 0, test.stderr.toString())
    const dec = spawnSync('lzop', ['-dc', join(dir, 'ours.tbl.lzo')], { maxBuffer: 1 << 26 })
    assert.ok(dec.stdout.equals(plain))
    writeFileSync(join(dir, 'theirs.tbl'), plain)
    for (const level of ['-1', '-3', '-9']) {
      const enc = spawnSync('lzop', [level, '-c', join(dir, 'theirs.tbl')], { maxBuffer: 1 << 26 })
      assert.equal(enc.status, 0)
      assert.ok((await unlzop(enc.stdout)).equals(plain), level)
    }
  } finally { rmSync(dir, { recursive: true, force: true }) }
})

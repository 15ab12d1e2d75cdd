import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LzopDecompress } from '../../src/objects/index.ts'
import { Readable } from 'node:stream'
import { customerChunks, nationTbl, regionTbl, writeTpchData, MARKET_SEGMENTS } from '../../src/samples/index.ts'

const md5 = (s: string | Buffer) => createHash('md5').update(s).digest('hex')

test('region and nation are dbgen\'s files byte for byte', () => {
  // md5 of dbgen's region.tbl and nation.tbl, as the reference ships them (reference.md §5)
  assert.equal(md5(regionTbl()), 'c235841b00d29ad4f817771fcc851207')
  assert.equal(md5(nationTbl()), '2f588e0b7fa72939b498c2abecd9fbbe')
  assert.equal(regionTbl().split('\n')[4], '4|MIDDLE EAST|uickly special accounts cajole carefully blithely close requests. carefully final asymptotes haggle furiousl|')
  assert.equal(nationTbl().split('\n')[24].slice(0, 20), '24|UNITED STATES|1|y')
})

test('customer rows follow TPC-H\'s format and ranges', () => {
  const text = [...customerChunks({ scale: 0.02, seed: 7 })].join('')
  const lines = text.split('\n')
  assert.equal(lines.pop(), '', 'the file ends with a newline')
  assert.equal(lines.length, 3000)
  lines.forEach((line, i) => {
    const f = line.split('|')
    assert.equal(f.length, 9, `8 fields and the trailing | on line ${i + 1}`)
    assert.equal(f[8], '')
    assert.equal(f[0], String(i + 1))
    assert.equal(f[1], `Customer#${String(i + 1).padStart(9, '0')}`)
    assert.ok(f[2].length >= 10 && f[2].length <= 40, 'address length')
    const nation = Number(f[3])
    assert.ok(Number.isInteger(nation) && nation >= 0 && nation <= 24)
    assert.match(f[4], new RegExp(`^${nation + 10}-\\d{3}-\\d{3}-\\d{4}$`))
    assert.match(f[5], /^-?\d+\.\d\d$/)
    assert.ok(Number(f[5]) >= -999.99 && Number(f[5]) <= 9999.99)
    assert.ok((MARKET_SEGMENTS as readonly string[]).includes(f[6]))
    assert.ok(f[7].length >= 29 && f[7].length <= 116, 'comment length')
    assert.doesNotMatch(line, /[\\\r\t]/)
  })
  assert.equal(new Set(lines.map(l => l.split('|')[6])).size, 5)
})

test('the generator is deterministic per seed; another seed or key range changes the rows', () => {
  const a = [...customerChunks({ scale: 0.01, seed: 1 })].join('')
  const b = [...customerChunks({ scale: 0.01, seed: 1, chunkRows: 7 })].join('')
  const c = [...customerChunks({ scale: 0.01, seed: 2 })].join('')
  assert.equal(md5(a), md5(b))
  assert.notEqual(md5(a), md5(c))
  const shifted = [...customerChunks({ scale: 0.01, seed: 1, startKey: 1001 })].join('').split('\n')
  assert.match(shifted[0], /^1001\|Customer#000001001\|/)
  assert.equal(shifted.length - 1, 1500)
})

test('writeTpchData writes plain and lzop files with the same rows', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rsqlflow-tpch-'))
  try {
    const plain = await writeTpchData(join(dir, 'plain'), { scale: 0.01, seed: 3 })
    assert.deepEqual(plain.map(f => [f.name, f.rows]), [['customer.tbl', 1500], ['nation.tbl', 25], ['region.tbl', 5]])
    const lzo = await writeTpchData(join(dir, 'lzo'), { scale: 0.01, seed: 3, lzop: true })
    assert.deepEqual(lzo.map(f => f.name), ['customer.tbl.lzo', 'nation.tbl.lzo', 'region.tbl.lzo'])
    for (const table of ['customer', 'nation', 'region']) {
      const compressed = await readFile(join(dir, 'lzo', `${table}.tbl.lzo`))
      const chunks: Buffer[] = []
      for await (const c of Readable.from([compressed]).pipe(new LzopDecompress())) chunks.push(c as Buffer)
      assert.equal(md5(Buffer.concat(chunks)), md5(await readFile(join(dir, 'plain', `${table}.tbl`))), table)
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync, readdirSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { join } from 'node:path'
import { LocalObjectStore } from '../../src/objects/index.ts'
import { objectStoreCases } from './store.cases.ts'

const root = mkdtempSync(join(tmpdir(), 'rsqlflow-objects-'))
after(() => rmSync(root, { recursive: true, force: true }))
const store = new LocalObjectStore(root)

objectStoreCases('local folder', () => store)

test('local folder: a file dropped into the bucket folder by hand gets its ETag computed', async () => {
  await store.createBucket('by-hand')
  writeFileSync(join(root, 'by-hand', 'seed.tbl'), '1|a|\n')
  const head = await store.head('s3://by-hand/seed.tbl')
  assert.equal(head?.etag, `"${createHash('md5').update('1|a|\n').digest('hex')}"`)
  writeFileSync(join(root, 'by-hand', 'seed.tbl'), '2|b|\n')
  const again = await store.head('s3://by-hand/seed.tbl')
  assert.notEqual(again?.etag, head?.etag)
})

test('local folder: writes are atomic, leaving no temp files, and deletes prune empty folders', async () => {
  await store.createBucket('atomic')
  await store.put('s3://atomic/a/b/c.txt', 'x')
  assert.deepEqual(readdirSync(join(root, '.tmp')), [])
  await store.delete('s3://atomic/a/b/c.txt')
  assert.equal(existsSync(join(root, 'atomic', 'a')), false)
  const failing = new Readable({ read() { this.destroy(new Error('source broke')) } })
  await assert.rejects(store.put('s3://atomic/partial.txt', failing), /source broke/)
  assert.equal(existsSync(join(root, 'atomic', 'partial.txt')), false)
  assert.deepEqual(readdirSync(join(root, '.tmp')), [])
})

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { ObjectStoreError, type ObjectCreatedEvent, type ObjectStore } from '../../src/objects/index.ts'

async function text(store: ObjectStore, uri: string): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of await store.get(uri)) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString()
}

function isCode(code: string) {
  return (e: unknown) => { assert.ok(e instanceof ObjectStoreError, String(e)); assert.equal(e.code, code); return true }
}

const md5 = (b: Buffer | string) => `"${createHash('md5').update(b).digest('hex')}"`

/** The object-store behaviour every driver must share; `open` gives a fresh store per suite. */
export function objectStoreCases(name: string, open: () => ObjectStore): void {
  const store = () => open()

  test(`${name}: buckets are created once and listed by name`, async () => {
    const s = store()
    await s.createBucket('cases-a')
    await s.createBucket('cases-b')
    await assert.rejects(s.createBucket('cases-a'), isCode('BucketAlreadyOwnedByYou'))
    await assert.rejects(s.createBucket('Bad_Name'), isCode('InvalidBucketName'))
    const names = (await s.listBuckets()).map(b => b.name)
    assert.ok(names.includes('cases-a') && names.includes('cases-b'))
    assert.deepEqual(names, [...names].sort())
  })

  test(`${name}: put, head and get round-trip with an S3 ETag`, async () => {
    const s = store()
    const put = await s.put('s3://cases-a/dir/hello.txt', 'hello world', { contentType: 'text/plain' })
    assert.equal(put.etag, md5('hello world'))
    assert.equal(put.size, 11)
    const head = await s.head('s3://cases-a/dir/hello.txt')
    assert.equal(head?.etag, put.etag)
    assert.equal(head?.size, 11)
    assert.ok(head!.lastModified instanceof Date && Math.abs(head!.lastModified.getTime() - Date.now()) < 60_000)
    assert.equal(await text(s, 's3://cases-a/dir/hello.txt'), 'hello world')
    await s.put('s3://cases-a/dir/hello.txt', Buffer.from('replaced'))
    assert.equal(await text(s, 's3://cases-a/dir/hello.txt'), 'replaced')
    assert.equal(await s.head('s3://cases-a/dir/missing.txt'), undefined)
  })

  test(`${name}: a streamed body larger than one part arrives whole`, async () => {
    const s = store()
    const data = randomBytes(9 * 1024 * 1024 + 123)
    const chunks = function* () { for (let p = 0; p < data.length; p += 65536) yield data.subarray(p, p + 65536) }
    const put = await s.put('s3://cases-a/big.bin', Readable.from(chunks()))
    assert.equal(put.size, data.length)
    const back: Buffer[] = []
    for await (const c of await s.get('s3://cases-a/big.bin')) back.push(c as Buffer)
    assert.ok(Buffer.concat(back).equals(data))
    assert.equal((await s.head('s3://cases-a/big.bin'))?.size, data.length)
    await s.delete('s3://cases-a/big.bin')
  })

  test(`${name}: list by prefix in S3 order`, async () => {
    const s = store()
    await s.createBucket('cases-list')
    const keys = ['b/2.txt', 'a.txt', 'b/1.txt', 'b/10.txt', 'ba.txt', 'B.txt', 'b/sub/x.txt', 'é.txt']
    for (const k of keys) await s.put(`s3://cases-list/${k}`, k)
    const all: string[] = []
    for await (const o of s.list('cases-list')) all.push(o.key)
    assert.deepEqual(all, [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))))
    const underB: { key: string; size: number; etag: string }[] = []
    for await (const o of s.list('cases-list', 'b/')) underB.push({ key: o.key, size: o.size, etag: o.etag })
    assert.deepEqual(underB.map(o => o.key), ['b/1.txt', 'b/10.txt', 'b/2.txt', 'b/sub/x.txt'])
    assert.equal(underB[0].etag, md5('b/1.txt'))
    assert.equal(underB[0].size, 7)
    const partial: string[] = []
    for await (const o of s.list('cases-list', 'b/1')) partial.push(o.key)
    assert.deepEqual(partial, ['b/1.txt', 'b/10.txt'])
    const bPrefix: string[] = []
    for await (const o of s.list('cases-list', 'b')) bPrefix.push(o.key)
    assert.deepEqual(bPrefix, ['b/1.txt', 'b/10.txt', 'b/2.txt', 'b/sub/x.txt', 'ba.txt'])
  })

  test(`${name}: delete removes an object; a missing key deletes fine; a missing object or bucket is named`, async () => {
    const s = store()
    await s.put('s3://cases-a/gone/soon.txt', 'x')
    await s.delete('s3://cases-a/gone/soon.txt')
    assert.equal(await s.head('s3://cases-a/gone/soon.txt'), undefined)
    await s.delete('s3://cases-a/gone/soon.txt')
    await assert.rejects(s.get('s3://cases-a/gone/soon.txt'), (e: unknown) => {
      isCode('NoSuchKey')(e)
      assert.match((e as Error).message, /s3:\/\/cases-a\/gone\/soon\.txt/)
      return true
    })
    await assert.rejects(s.get('s3://no-such-bucket-x/k'), isCode('NoSuchBucket'))
    await assert.rejects(s.put('s3://no-such-bucket-x/k', 'x'), isCode('NoSuchBucket'))
    await assert.rejects(s.head('s3://no-such-bucket-x/k'), isCode('NoSuchBucket'))
  })

  test(`${name}: keys that escape the bucket are refused`, async () => {
    const s = store()
    for (const key of ['../etc/passwd', 'a/../../x', '/abs', 'a\0b', 'a/./b', 'a//b']) {
      await assert.rejects(s.put(`s3://cases-a/${key}`, 'x'), (e: unknown) => {
        isCode('InvalidArgument')(e)
        assert.match((e as Error).message, /^invalid object key "s3:\/\/cases-a\//)
        return true
      }, key)
      await assert.rejects(s.get(`s3://cases-a/${key}`), isCode('InvalidArgument'))
    }
    await assert.rejects(s.get('http://x/y'), isCode('InvalidArgument'))
  })

  test(`${name}: every put emits an Object Created event shaped like EventBridge's`, async () => {
    const s = store()
    const events: ObjectCreatedEvent[] = []
    const off = s.onObjectCreated(e => events.push(e))
    const put = await s.put('s3://cases-a/incoming/orders.csv', 'a,b\n')
    off()
    await s.put('s3://cases-a/incoming/after.csv', 'x')
    assert.equal(events.length, 1)
    const e = events[0]
    assert.equal(e['detail-type'], 'Object Created')
    assert.equal(e.source, 'aws.s3')
    assert.deepEqual(e.resources, ['arn:aws:s3:::cases-a'])
    assert.deepEqual(e.detail.bucket, { name: 'cases-a' })
    assert.equal(e.detail.object.key, 'incoming/orders.csv')
    assert.equal(e.detail.object.size, 4)
    assert.equal(`"${e.detail.object.etag}"`, put.etag)
    assert.equal(e.detail.reason, 'PutObject')
    assert.match(e.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    assert.match(e.id, /^[0-9a-f-]{36}$/)
  })

  test(`${name}: an empty bucket deletes, a full one does not`, async () => {
    const s = store()
    await s.createBucket('cases-del')
    await s.put('s3://cases-del/x', 'x')
    await assert.rejects(s.deleteBucket('cases-del'), isCode('BucketNotEmpty'))
    await s.delete('s3://cases-del/x')
    await s.deleteBucket('cases-del')
    assert.ok(!(await s.listBuckets()).some(b => b.name === 'cases-del'))
  })
}

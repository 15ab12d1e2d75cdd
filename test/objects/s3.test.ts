import { before, after, test } from 'node:test'
import assert from 'node:assert/strict'
import { S3ObjectStore } from '../../src/objects/index.ts'
import { objectStoreCases } from './store.cases.ts'
import { startS3rver, s3rverCredentials } from './s3rver.ts'

let server: Awaited<ReturnType<typeof startS3rver>>
let store: S3ObjectStore
before(async () => {
  server = await startS3rver()
  store = new S3ObjectStore({ endpoint: server.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: s3rverCredentials })
})
after(async () => { store?.client.destroy(); await server?.stop() })

objectStoreCases('S3 (s3rver)', () => store)

test('an object another client wrote is announced as created; a multipart upload as CompleteMultipartUpload', async () => {
  const { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, PutObjectCommand, UploadPartCommand } = await import('@aws-sdk/client-s3')
  await store.createBucket('announced')
  const events: { key: string; reason: string; etag: string; time: string }[] = []
  const stop = store.onObjectCreated(e => events.push({ key: e.detail.object.key, reason: e.detail.reason, etag: e.detail.object.etag, time: e.time }))
  try {
    // `aws s3 cp` of a big file: parts of 5 MiB
    const Bucket = 'announced', Key = 'incoming/big.bin'
    const { UploadId } = await store.client.send(new CreateMultipartUploadCommand({ Bucket, Key }))
    const part = Buffer.alloc(5 * 1024 * 1024, 7)
    const parts = []
    for (const PartNumber of [1, 2]) parts.push({ PartNumber, ETag: (await store.client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: part }))).ETag })
    await store.client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }))
    await store.client.send(new PutObjectCommand({ Bucket, Key: 'incoming/small.csv', Body: 'a|b\n' }))
    assert.equal(events.length, 0, 'writes of another client raise nothing by themselves')
    for await (const o of store.list(Bucket)) store.announceCreated(Bucket, o)
    assert.deepEqual(events.map(e => e.key), ['incoming/big.bin', 'incoming/small.csv'])
    assert.match(events[1]!.etag, /^[0-9a-f]{32}$/, 'the ETag unquoted, as in the event S3 sends')
    // S3 lists a multipart upload's ETag as "<md5 of the parts' md5s>-<parts>" (s3rver computes a plain MD5)
    store.announceCreated(Bucket, { key: Key, size: part.length * 2, etag: '"0ab3ff6fc1f6d0ef65bd3a58bc8fad1a-2"', lastModified: new Date('2024-05-01T10:00:00.250Z') })
    assert.deepEqual(events.map(e => e.reason), ['PutObject', 'PutObject', 'CompleteMultipartUpload'])
    assert.equal(events[2]!.time, '2024-05-01T10:00:00Z', "the event's time is the object's, not the scan's")
  } finally { stop() }
})

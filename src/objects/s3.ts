import type {
  S3Client, GetObjectCommand, PutObjectCommand, HeadObjectCommand, ListObjectsV2Command, DeleteObjectCommand,
  CreateBucketCommand, DeleteBucketCommand, ListBucketsCommand, CreateMultipartUploadCommand, UploadPartCommand,
  CompleteMultipartUploadCommand, AbortMultipartUploadCommand, S3ServiceException,
} from '@aws-sdk/client-s3'
import { Readable } from 'node:stream'
import { createRequire } from 'node:module'
import { ObjectStoreError } from './errors.ts'
import { ObjectEvents, type EventSource } from './events.ts'
import type { ObjectCreatedListener, ObjectStore, ObjectSummary, PutOptions, PutResult } from './store.ts'
import { checkBucketName, checkKey, parseS3Uri } from './uri.ts'

export interface S3StoreOptions {
  endpoint?: string
  region?: string
  forcePathStyle?: boolean
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** Account used in object-created events. */
  account?: string
}

// The SDK is required on first use: importing it costs ~1 s and ~100 MB, which every command that never
// touches S3 (rsql, the local demo) would otherwise pay at start-up.
type S3Sdk = typeof import('@aws-sdk/client-s3')
const require = createRequire(import.meta.url)
let loaded: S3Sdk | undefined
const sdk = (): S3Sdk => (loaded ??= require('@aws-sdk/client-s3') as S3Sdk)

// Bodies larger than one part go up as a multipart upload, one part in memory at a time.
const PART_SIZE = 8 * 1024 * 1024

/** S3 or any S3-compatible server through the AWS SDK v3. */
export class S3ObjectStore implements ObjectStore {
  readonly client: S3Client
  readonly description: string
  private readonly events: ObjectEvents

  constructor(options: S3StoreOptions = {}) {
    const region = options.region ?? 'us-east-1'
    this.client = new (sdk().S3Client)({
      region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      // S3-compatible servers do not all speak the newer flexible checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    })
    this.description = options.endpoint ? `S3 at ${options.endpoint}` : `S3 in ${region}`
    this.events = new ObjectEvents({ account: options.account ?? '000000000000', region } satisfies EventSource)
  }

  onObjectCreated(listener: ObjectCreatedListener): () => void {
    return this.events.subscribe(listener)
  }

  announceCreated(bucket: string, object: ObjectSummary): void {
    // a multipart upload's ETag ends in -<parts>: S3 names its event CompleteMultipartUpload
    this.events.emitCreated(bucket, object.key, object.size, object.etag, /-\d+"?$/.test(object.etag) ? 'CompleteMultipartUpload' : 'PutObject', object.lastModified)
  }

  private locate(uri: string): { bucket: string; key: string } {
    const loc = parseS3Uri(uri)
    checkKey(loc.bucket, loc.key)
    return loc
  }

  async get(uri: string): Promise<Readable> {
    const { bucket, key } = this.locate(uri)
    const out = await this.call(uri, () => this.client.send(new (sdk().GetObjectCommand)({ Bucket: bucket, Key: key })))
    return out.Body as Readable
  }

  isWriting(bucket: string, key: string): boolean {
    return this.events.isWriting(bucket, key)
  }

  async put(uri: string, body: Readable | Buffer | string, options: PutOptions = {}): Promise<PutResult> {
    const { bucket, key } = this.locate(uri)
    return this.events.writing(bucket, key, async () => {
      const result = typeof body === 'string' || Buffer.isBuffer(body)
        ? await this.putWhole(uri, bucket, key, Buffer.from(body), options)
        : await this.putStream(uri, bucket, key, body, options)
      this.events.emitCreated(bucket, key, result.size, result.etag)
      return result
    })
  }

  private async putWhole(uri: string, bucket: string, key: string, data: Buffer, options: PutOptions): Promise<PutResult> {
    const out = await this.call(uri, () => this.client.send(new (sdk().PutObjectCommand)({
      Bucket: bucket, Key: key, Body: data, ContentLength: data.length, ContentType: options.contentType,
    })))
    return { etag: out.ETag ?? '', size: data.length }
  }

  private async putStream(uri: string, bucket: string, key: string, body: Readable, options: PutOptions): Promise<PutResult> {
    const parts = readParts(body, PART_SIZE)
    const first = await parts.next()
    const firstPart = first.done ? Buffer.alloc(0) : first.value
    const second = first.done ? { done: true as const, value: undefined } : await parts.next()
    if (second.done) return this.putWhole(uri, bucket, key, firstPart, options)
    const created = await this.call(uri, () => this.client.send(new (sdk().CreateMultipartUploadCommand)({ Bucket: bucket, Key: key, ContentType: options.contentType })))
    const uploadId = created.UploadId!
    const done: { ETag: string; PartNumber: number }[] = []
    let size = 0
    try {
      const upload = async (data: Buffer) => {
        const PartNumber = done.length + 1
        const out = await this.call(uri, () => this.client.send(new (sdk().UploadPartCommand)({
          Bucket: bucket, Key: key, UploadId: uploadId, PartNumber, Body: data, ContentLength: data.length,
        })))
        done.push({ ETag: out.ETag!, PartNumber })
        size += data.length
      }
      await upload(firstPart)
      await upload(second.value)
      for await (const part of { [Symbol.asyncIterator]: () => parts }) await upload(part)
      const out = await this.call(uri, () => this.client.send(new (sdk().CompleteMultipartUploadCommand)({
        Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: done },
      })))
      return { etag: out.ETag ?? '', size }
    } catch (err) {
      await this.client.send(new (sdk().AbortMultipartUploadCommand)({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => {})
      throw err
    }
  }

  async head(uri: string): Promise<ObjectSummary | undefined> {
    const { bucket, key } = this.locate(uri)
    try {
      const out = await this.client.send(new (sdk().HeadObjectCommand)({ Bucket: bucket, Key: key }))
      return { key, size: out.ContentLength ?? 0, etag: out.ETag ?? '', lastModified: out.LastModified ?? new Date(0), contentType: out.ContentType }
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
      if (status === 404 && (err as Error).name !== 'NoSuchBucket') {
        // HEAD has no body, so a missing bucket looks like a missing key: ask the bucket.
        await this.call(uri, () => this.client.send(new (sdk().ListObjectsV2Command)({ Bucket: bucket, MaxKeys: 1 })))
        return undefined
      }
      throw this.translate(uri, err)
    }
  }

  async *list(bucket: string, prefix = ''): AsyncIterable<ObjectSummary> {
    checkBucketName(bucket)
    let token: string | undefined
    do {
      const out = await this.call(`s3://${bucket}/${prefix}`, () => this.client.send(new (sdk().ListObjectsV2Command)({
        Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token,
      })))
      for (const o of out.Contents ?? []) {
        yield { key: o.Key!, size: o.Size ?? 0, etag: o.ETag ?? '', lastModified: o.LastModified ?? new Date(0) }
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined
    } while (token)
  }

  async delete(uri: string): Promise<void> {
    const { bucket, key } = this.locate(uri)
    await this.call(uri, () => this.client.send(new (sdk().DeleteObjectCommand)({ Bucket: bucket, Key: key })))
  }

  async createBucket(name: string): Promise<void> {
    checkBucketName(name)
    try {
      await this.client.send(new (sdk().CreateBucketCommand)({ Bucket: name }))
    } catch (err) {
      const code = (err as Error).name
      if (code === 'BucketAlreadyOwnedByYou' || code === 'BucketAlreadyExists') {
        throw new ObjectStoreError('BucketAlreadyOwnedByYou', `bucket "${name}" already exists`, { cause: err })
      }
      throw this.translate(`s3://${name}`, err)
    }
  }

  async deleteBucket(name: string): Promise<void> {
    checkBucketName(name)
    await this.call(`s3://${name}`, () => this.client.send(new (sdk().DeleteBucketCommand)({ Bucket: name })))
  }

  async listBuckets(): Promise<{ name: string; creationDate?: Date }[]> {
    const out = await this.call('s3://', () => this.client.send(new (sdk().ListBucketsCommand)({})))
    return (out.Buckets ?? []).map(b => ({ name: b.Name!, creationDate: b.CreationDate }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  private async call<T>(uri: string, send: () => Promise<T>): Promise<T> {
    try { return await send() } catch (err) { throw this.translate(uri, err) }
  }

  private translate(uri: string, err: unknown): ObjectStoreError {
    if (err instanceof ObjectStoreError) return err
    const code = err instanceof sdk().S3ServiceException ? err.name : (err as { code?: string; name?: string }).code ?? (err as Error).name ?? 'InternalError'
    const bucket = /^s3:\/\/([^/]*)/.exec(uri)?.[1] ?? ''
    switch (code) {
      case 'NoSuchKey': return new ObjectStoreError(code, `object "${uri}" does not exist`, { cause: err })
      case 'NoSuchBucket': return new ObjectStoreError(code, `bucket "${bucket}" does not exist`, { cause: err })
      case 'BucketNotEmpty': return new ObjectStoreError(code, `bucket "${bucket}" is not empty`, { cause: err })
      case 'ECONNREFUSED': return new ObjectStoreError('NetworkingError', `could not reach the object store at ${this.description}: connection refused`, { cause: err })
      default: return new ObjectStoreError(code, `${uri}: ${String((err as Error).message ?? err).replace(/\.$/, '')}`, { cause: err })
    }
  }
}

/** Cuts a stream into buffers of `size` bytes (the last one shorter). */
async function* readParts(body: Readable, size: number): AsyncGenerator<Buffer> {
  let chunks: Buffer[] = []
  let have = 0
  for await (const chunk of body) {
    let c = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string)
    while (have + c.length >= size) {
      const take = size - have
      chunks.push(c.subarray(0, take))
      yield Buffer.concat(chunks)
      chunks = []
      have = 0
      c = c.subarray(take)
    }
    if (c.length > 0) { chunks.push(c); have += c.length }
  }
  if (have > 0 || chunks.length > 0) yield Buffer.concat(chunks)
}

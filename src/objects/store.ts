import type { Readable } from 'node:stream'

/** What `put` wrote. `etag` is quoted like S3's (`"d41d8cd98f00b204e9800998ecf8427e"`). */
export interface PutResult {
  etag: string
  size: number
}

/** One object as `head` and `list` describe it. */
export interface ObjectSummary {
  key: string
  size: number
  etag: string
  lastModified: Date
  contentType?: string
}

export interface PutOptions {
  contentType?: string
}

/** The EventBridge "Object Created" event S3 sends (services spec §4.1). */
export interface ObjectCreatedEvent {
  version: '0'
  id: string
  'detail-type': 'Object Created'
  source: 'aws.s3'
  account: string
  time: string
  region: string
  resources: string[]
  detail: {
    version: '0'
    bucket: { name: string }
    object: { key: string; size: number; etag: string; sequencer: string }
    'request-id': string
    requester: string
    reason: 'PutObject' | 'CopyObject' | 'CompleteMultipartUpload'
  }
}

export type ObjectCreatedListener = (event: ObjectCreatedEvent) => void

/** `s3://bucket/key` storage: the local folder driver and the S3 driver implement it alike. */
export interface ObjectStore {
  /**
   * Streams an object's bytes; fails with `NoSuchKey`/`NoSuchBucket`. The chunks belong to the reader, which
   * may change them (COPY rewrites rows in place): never hand out a buffer the store keeps.
   */
  get(uri: string): Promise<Readable>
  /** Writes an object whole or not at all, streaming a Readable body. */
  put(uri: string, body: Readable | Buffer | string, options?: PutOptions): Promise<PutResult>
  /** The object's size, ETag and last-modified time, or undefined when it does not exist. */
  head(uri: string): Promise<ObjectSummary | undefined>
  /** Objects whose key starts with `prefix`, in S3's order (UTF-8 bytes ascending). */
  list(bucket: string, prefix?: string): AsyncIterable<ObjectSummary>
  /** Deletes an object; deleting a missing key succeeds, as on S3. */
  delete(uri: string): Promise<void>
  /** Creates a bucket; fails with `BucketAlreadyOwnedByYou` when it exists. */
  createBucket(name: string): Promise<void>
  /** Deletes an empty bucket; fails with `BucketNotEmpty` otherwise. */
  deleteBucket(name: string): Promise<void>
  listBuckets(): Promise<{ name: string; creationDate?: Date }[]>
  /** Subscribes to object-created events; returns the unsubscribe function. */
  onObjectCreated(listener: ObjectCreatedListener): () => void
  /**
   * Sends the object-created event of an object another process wrote (`rsqlflow s3 cp`, `aws s3 cp`): this
   * store's listeners hear of its own writes only. A scan of the bucket (triggers) finds those objects.
   */
  announceCreated?(bucket: string, object: ObjectSummary): void
  /** This store is writing the object now: it may be listed before its write's event is sent. */
  isWriting?(bucket: string, key: string): boolean
  /** A short description for messages: `local folder …` or `S3 at …`. */
  readonly description: string
}

/**
 * An object-store error named like S3's (`NoSuchKey`, `NoSuchBucket`, `InvalidBucketName`, `InvalidArgument`,
 * `BucketAlreadyOwnedByYou`, `AccessDenied`…), with a message in PostgreSQL's style naming the object.
 */
export class ObjectStoreError extends Error {
  override name = 'ObjectStoreError'
  constructor(readonly code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

export type { ObjectStore, ObjectSummary, PutOptions, PutResult, ObjectCreatedEvent, ObjectCreatedListener } from './store.ts'
export { ObjectStoreError } from './errors.ts'
export { parseS3Uri, formatS3Uri, checkKey, checkBucketName, type S3Location } from './uri.ts'
export { LocalObjectStore } from './local.ts'
export { S3ObjectStore, type S3StoreOptions } from './s3.ts'
export { openObjectStore, localObjectsDir, type ObjectStoreConfig } from './open.ts'
export {
  lzo1xCompress, lzo1xDecompress, LzoError, LzopCompress, LzopDecompress, lzopCompressSync, LZOP_MAGIC, adler32,
  type LzopHeader, type LzopWriteOptions,
} from './codecs/index.ts'

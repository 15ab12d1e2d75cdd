import { ObjectStoreError } from './errors.ts'

/** A parsed `s3://bucket/key` location. `key` may be empty (a bucket) or a prefix. */
export interface S3Location {
  bucket: string
  key: string
}

/** Parses `s3://bucket/key…`; the key keeps its slashes and may be empty. */
export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/([^/]*)(?:\/(.*))?$/s.exec(uri)
  if (!m) throw new ObjectStoreError('InvalidArgument', `invalid S3 URI "${uri}": expected s3://bucket/key`)
  checkBucketName(m[1])
  return { bucket: m[1], key: m[2] ?? '' }
}

export function formatS3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`
}

/** S3's bucket naming rules: 3-63 characters, lower-case letters, digits, dots and hyphens. */
export function checkBucketName(name: string): void {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) || name.includes('..')) {
    throw new ObjectStoreError('InvalidBucketName', `invalid bucket name "${name}"`, )
  }
}

/**
 * Refuses keys that would escape the bucket on a file system: `..` or `.` segments, absolute paths, NUL,
 * backslashes and empty segments. Both drivers apply it, so a project behaves the same locally and on S3.
 */
export function checkKey(bucket: string, key: string): void {
  const where = formatS3Uri(bucket, key)
  const refuse = (why: string) => { throw new ObjectStoreError('InvalidArgument', `invalid object key "${where}": ${why}`) }
  if (key.length === 0) refuse('the key is empty')
  if (Buffer.byteLength(key) > 1024) refuse('the key is longer than 1024 bytes')
  if (key.includes('\0')) refuse('the key contains a NUL character')
  if (key.startsWith('/')) refuse('the key is an absolute path')
  if (key.includes('\\')) refuse('the key contains a backslash')
  const segments = key.split('/')
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]
    if (s === '..' || s === '.') refuse(`the key has a "${s}" segment`)
    if (s === '' && i < segments.length - 1) refuse('the key has an empty segment')
  }
  if (key.endsWith('/')) refuse('the key ends with "/"')
}

import type { Readable } from 'node:stream'
import type { ObjectStore } from '../objects/index.ts'
import type { ObjectAccess } from '../states/index.ts'

/** Map's ItemReader and ResultWriter reach the project's object store through this. */
export function objectAccess(objects: ObjectStore): ObjectAccess {
  return {
    async getObject(bucket, key) {
      const chunks: Buffer[] = []
      for await (const c of await objects.get(`s3://${bucket}/${key}`) as Readable) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c))
      return Buffer.concat(chunks).toString('utf8')
    },
    async putObject(bucket, key, body) {
      await objects.put(`s3://${bucket}/${key}`, body)
    },
    async listObjects(bucket, prefix) {
      const out: { Key: string; Size: number; LastModified?: string; ETag?: string }[] = []
      for await (const o of objects.list(bucket, prefix)) out.push({ Key: o.key, Size: o.size, LastModified: o.lastModified.toISOString(), ETag: o.etag })
      return out
    },
  }
}

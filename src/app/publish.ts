import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { ObjectStoreError, type ObjectStore } from '../objects/index.ts'
import { listFiles, type Project } from '../project/index.ts'

export interface PublishedObject {
  uri: string
  size: number
  /** False when the object already held the same bytes (same ETag) and was left alone. */
  uploaded: boolean
}

export interface PublishOptions {
  /** Which folders to publish (default both). */
  only?: ('scripts' | 'data')[]
  /** Upload even when the object's ETag already matches. */
  force?: boolean
  onObject?: (o: PublishedObject) => void
}

/** Creates the scripts and data buckets if missing, then uploads scripts/** and data/** under the same keys. */
export async function publishProject(project: Project, objects: ObjectStore, options: PublishOptions = {}): Promise<PublishedObject[]> {
  const out: PublishedObject[] = []
  for (const role of options.only ?? ['scripts', 'data'] as const) {
    const bucket = project.config.buckets[role]
    await ensureBucket(objects, bucket)
    const folder = role === 'scripts' ? project.paths.scripts : project.paths.data
    for (const key of await listFiles(folder)) {
      if (key === 'README.md' && role === 'data') continue
      const file = join(folder, key)
      const uri = `s3://${bucket}/${key}`
      const existing = await objects.head(uri)
      const md5 = existing && !options.force ? await fileMd5(file) : undefined
      let o: PublishedObject
      if (existing && md5 && existing.etag === `"${md5}"`) {
        o = { uri, size: existing.size, uploaded: false }
      } else {
        const r = await objects.put(uri, createReadStream(file), { contentType: key.endsWith('.sql') ? 'application/sql' : undefined })
        o = { uri, size: r.size, uploaded: true }
      }
      out.push(o)
      options.onObject?.(o)
    }
  }
  return out
}

export async function ensureBucket(objects: ObjectStore, bucket: string): Promise<void> {
  try {
    await objects.createBucket(bucket)
  } catch (err) {
    if (!(err instanceof ObjectStoreError && (err.code === 'BucketAlreadyOwnedByYou' || err.code === 'BucketAlreadyExists'))) throw err
  }
}

async function fileMd5(file: string): Promise<string> {
  const h = createHash('md5')
  await pipeline(createReadStream(file), async function* (chunks) { for await (const c of chunks) h.update(c as Buffer) })
  return h.digest('hex')
}

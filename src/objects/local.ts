import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { ObjectStoreError } from './errors.ts'
import { ObjectEvents, type EventSource } from './events.ts'
import type { ObjectCreatedListener, ObjectStore, ObjectSummary, PutOptions, PutResult } from './store.ts'
import { checkBucketName, checkKey, parseS3Uri } from './uri.ts'

// Beside the buckets, names that S3 bucket names cannot take (they never start with a dot).
const META = '.meta'
const TMP = '.tmp'

interface Meta { etag: string; size: number; mtimeMs: number; contentType?: string }

/** Buckets as folders under `root` (a project's `.rsqlflow/objects`): `<root>/<bucket>/<key>`. */
export class LocalObjectStore implements ObjectStore {
  private readonly events: ObjectEvents
  readonly description: string

  constructor(readonly root: string, source: EventSource = { account: '000000000000', region: 'us-east-1' }) {
    this.events = new ObjectEvents(source)
    this.description = `local folder ${root}`
  }

  onObjectCreated(listener: ObjectCreatedListener): () => void {
    return this.events.subscribe(listener)
  }

  announceCreated(bucket: string, object: ObjectSummary): void {
    // a multipart upload's ETag ends in -<parts>: S3 names its event CompleteMultipartUpload
    this.events.emitCreated(bucket, object.key, object.size, object.etag, /-\d+"?$/.test(object.etag) ? 'CompleteMultipartUpload' : 'PutObject', object.lastModified)
  }

  private locate(uri: string): { bucket: string; key: string; file: string; meta: string } {
    const { bucket, key } = parseS3Uri(uri)
    checkKey(bucket, key)
    return { bucket, key, file: join(this.root, bucket, key), meta: join(this.root, META, bucket, key + '.json') }
  }

  private async requireBucket(bucket: string): Promise<void> {
    const s = await stat(join(this.root, bucket)).catch(() => undefined)
    if (!s?.isDirectory()) throw new ObjectStoreError('NoSuchBucket', `bucket "${bucket}" does not exist`)
  }

  async get(uri: string): Promise<Readable> {
    const { bucket, file } = this.locate(uri)
    const s = await stat(file).catch(() => undefined)
    if (!s?.isFile()) {
      await this.requireBucket(bucket)
      throw new ObjectStoreError('NoSuchKey', `object "${uri}" does not exist`)
    }
    return createReadStream(file, { highWaterMark: 256 * 1024 })
  }

  isWriting(bucket: string, key: string): boolean {
    return this.events.isWriting(bucket, key)
  }

  async put(uri: string, body: Readable | Buffer | string, options: PutOptions = {}): Promise<PutResult> {
    const { bucket, key } = this.locate(uri)
    return this.events.writing(bucket, key, () => this.write(uri, body, options))
  }

  private async write(uri: string, body: Readable | Buffer | string, options: PutOptions): Promise<PutResult> {
    const { bucket, key, file, meta } = this.locate(uri)
    await this.requireBucket(bucket)
    const tmpDir = join(this.root, TMP)
    await mkdir(tmpDir, { recursive: true })
    const tmp = join(tmpDir, randomBytes(8).toString('hex'))
    const md5 = createHash('md5')
    let size = 0
    const measure = new Transform({
      transform(chunk: Buffer, _enc, done) { md5.update(chunk); size += chunk.length; done(null, chunk) },
    })
    const source = typeof body === 'string' || Buffer.isBuffer(body) ? Readable.from([Buffer.from(body)]) : body
    try {
      await pipeline(source, measure, createWriteStream(tmp))
      const existing = await stat(file).catch(() => undefined)
      if (existing?.isDirectory()) {
        throw new ObjectStoreError('InvalidArgument', `object "${uri}" cannot be written: keys under "${key}/" exist in the local folder`)
      }
      await mkdir(dirname(file), { recursive: true }).catch(err => {
        throw new ObjectStoreError('InvalidArgument', `object "${uri}" cannot be written: a parent key is an object`, { cause: err })
      })
      await rename(tmp, file)
    } catch (err) {
      await rm(tmp, { force: true })
      throw err
    }
    const etag = `"${md5.digest('hex')}"`
    const s = await stat(file)
    await mkdir(dirname(meta), { recursive: true })
    await writeFile(meta, JSON.stringify({ etag, size, mtimeMs: s.mtimeMs, contentType: options.contentType } satisfies Meta))
    this.events.emitCreated(bucket, key, size, etag)
    return { etag, size }
  }

  async head(uri: string): Promise<ObjectSummary | undefined> {
    const { bucket, key, file, meta } = this.locate(uri)
    const s = await stat(file).catch(() => undefined)
    if (!s?.isFile()) {
      await this.requireBucket(bucket)
      return undefined
    }
    return this.summary(key, file, meta, s)
  }

  // Files dropped into the folder by hand have no metadata (or stale metadata): their ETag is computed then.
  private async summary(key: string, file: string, metaFile: string, s: { size: number; mtimeMs: number; mtime: Date }): Promise<ObjectSummary> {
    let meta: Meta | undefined
    try { meta = JSON.parse(await readFile(metaFile, 'utf8')) as Meta } catch { meta = undefined }
    if (!meta || meta.size !== s.size || meta.mtimeMs !== s.mtimeMs) {
      const md5 = createHash('md5')
      await pipeline(createReadStream(file), async function* (chunks) { for await (const c of chunks) md5.update(c as Buffer) })
      meta = { etag: `"${md5.digest('hex')}"`, size: s.size, mtimeMs: s.mtimeMs, contentType: meta?.contentType }
      await mkdir(dirname(metaFile), { recursive: true })
      await writeFile(metaFile, JSON.stringify(meta)).catch(() => {})
    }
    return { key, size: s.size, etag: meta.etag, lastModified: s.mtime, contentType: meta.contentType }
  }

  async *list(bucket: string, prefix = ''): AsyncIterable<ObjectSummary> {
    checkBucketName(bucket)
    await this.requireBucket(bucket)
    const bucketDir = join(this.root, bucket)
    // Start the walk at the deepest folder the prefix names; keys are then filtered by the whole prefix.
    const slash = prefix.lastIndexOf('/')
    const base = slash >= 0 ? prefix.slice(0, slash + 1) : ''
    if (base.split('/').some(s => s === '..' || s === '.')) return
    const keys: string[] = []
    await walk(join(bucketDir, base), base, prefix, keys)
    keys.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    for (const key of keys) {
      const file = join(bucketDir, key)
      const s = await stat(file).catch(() => undefined)
      if (!s?.isFile()) continue
      yield this.summary(key, file, join(this.root, META, bucket, key + '.json'), s)
    }
  }

  async delete(uri: string): Promise<void> {
    const { bucket, key, file, meta } = this.locate(uri)
    await this.requireBucket(bucket)
    const s = await stat(file).catch(() => undefined)
    if (!s?.isFile()) return
    await rm(file, { force: true })
    await rm(meta, { force: true })
    // Folders exist only to hold keys: remove the ones this delete emptied, as S3 has no folders.
    await pruneEmpty(join(this.root, bucket), dirname(key))
    await pruneEmpty(join(this.root, META, bucket), dirname(key))
  }

  async createBucket(name: string): Promise<void> {
    checkBucketName(name)
    await mkdir(this.root, { recursive: true })
    try {
      await mkdir(join(this.root, name))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new ObjectStoreError('BucketAlreadyOwnedByYou', `bucket "${name}" already exists`)
      }
      throw err
    }
  }

  async deleteBucket(name: string): Promise<void> {
    checkBucketName(name)
    await this.requireBucket(name)
    const entries = await readdir(join(this.root, name))
    if (entries.length > 0) throw new ObjectStoreError('BucketNotEmpty', `bucket "${name}" is not empty`)
    await rmdir(join(this.root, name))
    await rm(join(this.root, META, name), { recursive: true, force: true })
  }

  async listBuckets(): Promise<{ name: string; creationDate?: Date }[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => [])
    const buckets: { name: string; creationDate?: Date }[] = []
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue
      const s = await stat(join(this.root, e.name))
      buckets.push({ name: e.name, creationDate: s.birthtime.getTime() > 0 ? s.birthtime : s.ctime })
    }
    return buckets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }
}

async function walk(dir: string, keyPrefix: string, filter: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  for (const e of entries) {
    const key = keyPrefix + e.name
    if (e.isDirectory()) {
      const sub = key + '/'
      if (sub.startsWith(filter) || filter.startsWith(sub)) await walk(join(dir, e.name), sub, filter, out)
    } else if (e.isFile() && key.startsWith(filter)) {
      out.push(key)
    }
  }
}

async function pruneEmpty(bucketDir: string, relDir: string): Promise<void> {
  let rel = relDir
  while (rel !== '.' && rel !== '' && rel !== '/') {
    try { await rmdir(join(bucketDir, rel)) } catch { return }
    rel = dirname(rel)
  }
}

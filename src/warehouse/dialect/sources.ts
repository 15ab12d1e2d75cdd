import { parseS3Uri, ObjectStoreError, type ObjectStore } from '../../objects/index.ts'
import { WarehouseError } from '../errors.ts'

/** Reads an object whole; only for small things (manifests, JSONPaths files). */
export async function readSmallObject(objects: ObjectStore, uri: string): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const c of await objects.get(uri)) {
    chunks.push(c as Buffer)
    size += (c as Buffer).length
    if (size > 16 * 1024 * 1024) throw new WarehouseError(`"${uri}" is larger than 16 MB`, { code: '54000' })
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Turns an object-store failure into the warehouse error COPY and UNLOAD report. */
export function s3Error(err: unknown, uri: string): WarehouseError {
  if (err instanceof WarehouseError) return err
  const code = err instanceof ObjectStoreError ? err.code : 'InternalError'
  return new WarehouseError(`S3ServiceException: ${(err as Error).message}`, {
    code: code === 'InvalidArgument' || code === 'InvalidBucketName' ? '22023' : 'XX000', detail: `${code}: ${uri}`, cause: err,
  })
}

/** The objects a COPY reads: every key under the prefix, or the entries of a manifest. */
export async function copySources(objects: ObjectStore, from: string, manifest: boolean): Promise<string[]> {
  try {
    if (manifest) return await manifestEntries(objects, from)
    const { bucket, key } = parseS3Uri(from)
    const uris: string[] = []
    for await (const o of objects.list(bucket, key)) uris.push(`s3://${bucket}/${o.key}`)
    if (uris.length === 0) throw new WarehouseError(`The specified S3 prefix '${key}' does not exist`, { code: 'XX000', detail: `no object in bucket "${bucket}" has a key starting with "${key}"` })
    return uris
  } catch (err) {
    throw s3Error(err, from)
  }
}

async function manifestEntries(objects: ObjectStore, uri: string): Promise<string[]> {
  let manifest: { entries?: { url?: string; mandatory?: boolean }[] }
  try {
    manifest = JSON.parse(await readSmallObject(objects, uri))
  } catch (err) {
    if (err instanceof SyntaxError) throw new WarehouseError(`Manifest file is not in correct json format: ${uri}`, { code: 'XX000', detail: err.message })
    throw err
  }
  if (!Array.isArray(manifest.entries)) throw new WarehouseError(`Manifest file is not in correct json format: ${uri}`, { code: 'XX000', detail: 'it has no "entries" array' })
  const uris: string[] = []
  for (const [i, e] of manifest.entries.entries()) {
    if (typeof e.url !== 'string' || !e.url.startsWith('s3://')) {
      throw new WarehouseError(`Manifest file is not in correct json format: ${uri}`, { code: 'XX000', detail: `entries[${i}].url must be an s3:// URL` })
    }
    const head = await objects.head(e.url)
    if (!head) {
      if (e.mandatory) throw new WarehouseError(`Manifest entry is mandatory but the object does not exist: ${e.url}`, { code: 'XX000', detail: `${uri}: entries[${i}]` })
      continue
    }
    uris.push(e.url)
  }
  return uris
}

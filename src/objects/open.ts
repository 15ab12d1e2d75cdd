import { join } from 'node:path'
import { LocalObjectStore } from './local.ts'
import { S3ObjectStore } from './s3.ts'
import type { ObjectStore } from './store.ts'

/** A project's `objectStore` setting (rsqlflow.json). */
export type ObjectStoreConfig =
  | { type: 'local'; root?: string }
  | { type: 's3'; endpoint?: string; region?: string; forcePathStyle?: boolean; accessKeyId?: string; secretAccessKey?: string; sessionToken?: string }

/** Where a project keeps its local buckets. */
export function localObjectsDir(projectDir: string): string {
  return join(projectDir, '.rsqlflow', 'objects')
}

/** Opens the object store a project configures (the local folder when nothing is configured). */
export function openObjectStore(
  config: ObjectStoreConfig | undefined,
  projectDir: string,
  source: { account?: string; region?: string } = {},
): ObjectStore {
  const account = source.account ?? '000000000000'
  if (!config || config.type === 'local') {
    const root = config?.type === 'local' && config.root ? join(projectDir, config.root) : localObjectsDir(projectDir)
    return new LocalObjectStore(root, { account, region: source.region ?? 'us-east-1' })
  }
  const credentials = config.accessKeyId && config.secretAccessKey
    ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, sessionToken: config.sessionToken }
    : undefined
  return new S3ObjectStore({
    endpoint: config.endpoint, region: config.region ?? source.region, forcePathStyle: config.forcePathStyle, credentials, account,
  })
}

// Objects other processes write (`rsqlflow s3 cp`, `publish`, `aws s3 cp` against an S3 endpoint) raise no
// event in the process that runs the triggers: it lists the buckets its rules name now and then, and
// announces each object it has not seen as created: a new key, a new ETag, or the same content written
// again (a new LastModified, as S3 sends an event for every PUT).
import type { Database } from 'better-sqlite3'
import type { ObjectStore, ObjectSummary } from '../objects/index.ts'
import { migrate, registerMigration, type Migration } from '../store/index.ts'

export const bucketScanMigrations: Migration[] = [{
  id: 'triggers-002-seen-objects',
  up: `create table if not exists trigger_seen_objects (bucket text not null, key text not null, etag text not null, primary key (bucket, key)) without rowid;
    create table if not exists trigger_scanned_buckets (bucket text primary key, at integer not null) without rowid;`,
}, {
  // null: an object this process heard of itself (its event has no LastModified), filled in by the next scan
  id: 'triggers-003-seen-last-modified',
  up: 'alter table trigger_seen_objects add column last_modified text',
}]
for (const m of bucketScanMigrations) registerMigration(m)

export type ScannedObjects = Pick<ObjectStore, 'list' | 'listBuckets' | 'isWriting'> & Required<Pick<ObjectStore, 'announceCreated'>>

/** The exact bucket names a pattern matches (`detail.bucket.name: ["b"]`), or undefined when it may match any. */
export function bucketsOf(pattern: unknown): string[] | undefined {
  const names = (pattern as { detail?: { bucket?: { name?: unknown } } } | undefined)?.detail?.bucket?.name
  return Array.isArray(names) && names.length && names.every(n => typeof n === 'string') ? names as string[] : undefined
}

export class BucketScan {
  constructor(private readonly db: Database, private readonly objects: ScannedObjects, private readonly buckets: string[] | 'all') {
    migrate(db, bucketScanMigrations) // a store opened without the registry (tests, an in-memory one)
  }

  /** An object this process heard of itself: a later scan does not announce it again. */
  saw(bucket: string, key: string, etag: string, lastModified: string | null = null): void {
    this.db.prepare('insert into trigger_seen_objects (bucket, key, etag, last_modified) values (?, ?, ?, ?) on conflict (bucket, key) do update set etag = excluded.etag, last_modified = excluded.last_modified')
      .run(bucket, key, clean(etag), lastModified)
  }

  /**
   * Lists each bucket and announces the objects not seen before. A bucket's first scan only records what is
   * there (EventBridge sends nothing for objects older than the rule); later ones, also after a restart,
   * announce what arrived in between. A bucket that does not exist yet counts as empty; any other failure
   * (the store unreachable) is thrown.
   */
  async scan(now: number): Promise<void> {
    const buckets = this.buckets === 'all' ? (await this.objects.listBuckets()).map(b => b.name) : this.buckets
    for (const bucket of buckets) {
      const before = new Map((this.db.prepare('select key, etag from trigger_seen_objects where bucket = ?').all(bucket) as { key: string; etag: string }[]).map(r => [r.key, r.etag]))
      const listed: ObjectSummary[] = []
      try {
        for await (const o of this.objects.list(bucket)) listed.push(o)
      } catch (e) {
        if ((e as { code?: string })?.code !== 'NoSuchBucket') throw e
        // no bucket yet is an empty one: what `publish` or `s3 cp` then puts there is new
        this.db.prepare('insert into trigger_scanned_buckets (bucket, at) values (?, ?) on conflict (bucket) do nothing').run(bucket, now)
        continue
      }
      const baselined = this.db.prepare('select 1 from trigger_scanned_buckets where bucket = ?').get(bucket) !== undefined
      const present = new Set(listed.map(o => o.key))
      const current = this.db.prepare('select etag, last_modified from trigger_seen_objects where bucket = ? and key = ?')
      const learnt = this.db.prepare('update trigger_seen_objects set last_modified = ? where bucket = ? and key = ?')
      const created = this.db.transaction(() => {
        // re-read inside the transaction: an event this process heard while the listing ran has been recorded
        const fresh = listed.filter(o => {
          // this process writes it now: its write's event (which records it) comes after it can be listed
          if (this.objects.isWriting?.(bucket, o.key)) return false
          const seen = current.get(bucket, o.key) as { etag: string; last_modified: string | null } | undefined
          if (seen?.etag !== clean(o.etag)) return true
          if (seen.last_modified !== null) return seen.last_modified !== o.lastModified.toISOString()
          learnt.run(o.lastModified.toISOString(), bucket, o.key) // heard of in this process: known now, not new
          return false
        })
        for (const o of fresh) this.saw(bucket, o.key, o.etag, o.lastModified.toISOString())
        // a deleted object that comes back is new again
        for (const [key, etag] of before) {
          if (!present.has(key)) this.db.prepare('delete from trigger_seen_objects where bucket = ? and key = ? and etag = ?').run(bucket, key, etag)
        }
        this.db.prepare('insert into trigger_scanned_buckets (bucket, at) values (?, ?) on conflict (bucket) do update set at = excluded.at').run(bucket, now)
        return fresh
      }).immediate()
      if (baselined) for (const o of created) this.objects.announceCreated(bucket, o)
    }
  }
}

const clean = (etag: string) => etag.replace(/"/g, '')

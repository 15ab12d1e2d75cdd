// The durable store: one SQLite file in WAL mode (better-sqlite3, synchronous API, so a write is on
// disk — in the WAL — before the caller takes its next step).
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { migrate } from './migrations.ts'
import './schema/states.ts'

export interface Store {
  db: Database.Database
  path: string
  close(): void
}

export interface OpenOptions {
  /** `NORMAL` (default: durable against process crashes, WAL-fsynced at checkpoints) or `FULL` (also power loss) */
  synchronous?: 'NORMAL' | 'FULL'
}

/** Opens (creating if needed) the store at `path` (`:memory:` for a throwaway one) and migrates it. */
export function openStore(path: string, options: OpenOptions = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  // first: several processes (rsqlflow commands run at once in a new project) may create the store together,
  // and each waits for the others' locks instead of failing with SQLITE_BUSY
  db.pragma('busy_timeout = 5000')
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`)
  db.pragma('foreign_keys = ON')
  migrate(db)
  return { db, path, close: () => db.close() }
}

// The durable store: one SQLite file in WAL mode (better-sqlite3, synchronous API, so a write is on
// disk — in the WAL — before the caller takes its next step).
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { migrate } from './migrations.ts'
import './schema/states.ts'
import './secrets.ts'

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
  try {
    configure(db, options)
  } catch (err) {
    db.close()
    throw unreadable(err, path)
  }
  return { db, path, close: () => db.close() }
}

function configure(db: Database.Database, options: OpenOptions): void {
  // first: several processes (rsqlflow commands run at once in a new project) may create the store together,
  // and each waits for the others' locks instead of failing with SQLITE_BUSY
  db.pragma('busy_timeout = 5000')
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`)
  db.pragma('foreign_keys = ON')
  migrate(db)
}

/**
 * A store file SQLite cannot read. Nothing is deleted automatically (its executions may still be recoverable):
 * the file is its `location`, so the CLI can tell the user how to move it aside for the next command to start an
 * empty store.
 */
export class UnreadableStore extends Error {
  override name = 'UnreadableStore'
  constructor(readonly code: 'SQLITE_NOTADB' | 'SQLITE_CORRUPT', readonly location: string, cause: Error) {
    super(`the store ${code === 'SQLITE_NOTADB' ? 'is not a SQLite database' : 'is damaged'} (${cause.message})`, { cause })
  }
}

/** SQLite's SQLITE_NOTADB (not a SQLite database) and SQLITE_CORRUPT (damaged pages) as an UnreadableStore. */
function unreadable(err: unknown, path: string): unknown {
  const code = (err as { code?: unknown })?.code
  if (!(err instanceof Error) || (code !== 'SQLITE_NOTADB' && code !== 'SQLITE_CORRUPT')) return err
  return new UnreadableStore(code, path, err)
}

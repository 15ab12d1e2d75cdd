// Schema migrations as an ordered list any room can append to: each has a unique id and is applied
// once, in registration order, inside a transaction; applied ids are kept in `schema_migrations`.
import type Database from 'better-sqlite3'

export interface Migration {
  /** unique and stable, e.g. `states-001-executions`, `batch-001-jobs` */
  id: string
  up: string | ((db: Database.Database) => void)
}

const registered: Migration[] = []

/** Registers a migration (rooms call this at import time, before a store is opened). */
export function registerMigration(m: Migration): void {
  const existing = registered.find((r) => r.id === m.id)
  if (existing) {
    if (existing.up !== m.up) throw new Error(`migration ${m.id} is already registered with a different body`)
    return
  }
  registered.push(m)
}

export function registeredMigrations(): readonly Migration[] {
  return registered
}

/** Applies every registered migration not applied yet; returns the ids applied now. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = registered): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)')
  const applied = new Set((db.prepare('SELECT id FROM schema_migrations').all() as Array<{ id: string }>).map((r) => r.id))
  const done: string[] = []
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)')
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE id = ?')
  for (const m of migrations) {
    if (applied.has(m.id)) continue
    // another process opening the same new store may be applying it too: the write lock first (IMMEDIATE), then
    // the check again, so each migration runs once
    const ran = db.transaction(() => {
      if (isApplied.get(m.id)) return false
      if (typeof m.up === 'string') db.exec(m.up)
      else m.up(db)
      record.run(m.id, new Date().toISOString())
      return true
    }).immediate()
    if (ran) done.push(m.id)
  }
  return done
}

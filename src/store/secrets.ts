// Secrets a project keeps across restarts of its processes (the local API signs its page tokens with one): random
// bytes made on first use, in the store, so every process on the project uses the same and another project's differ.
import { randomBytes } from 'node:crypto'
import type Database from 'better-sqlite3'
import { registerMigration } from './migrations.ts'

registerMigration({
  id: 'store-001-secrets',
  up: 'CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL)',
})

/** The project's secret `name` (32 random bytes), made and kept on first use; the first of two processes making it wins. */
export function storeSecret(db: Database.Database, name: string): Buffer {
  db.prepare('INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)').run(name, randomBytes(32))
  return (db.prepare('SELECT value FROM secrets WHERE name = ?').get(name) as { value: Buffer }).value
}

// Tables of the States Language engine: state machines, executions and their history events.
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import { registerMigration } from '../migrations.ts'

registerMigration({
  id: 'states-001-machines-executions-history',
  up: `
    CREATE TABLE state_machines (
      name TEXT PRIMARY KEY,
      arn TEXT NOT NULL UNIQUE,
      definition TEXT NOT NULL,
      type TEXT NOT NULL DEFAULT 'STANDARD',
      role_arn TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE executions (
      arn TEXT PRIMARY KEY,
      state_machine TEXT NOT NULL,
      name TEXT NOT NULL,
      status TEXT NOT NULL,
      input TEXT NOT NULL,
      output TEXT,
      error TEXT,
      cause TEXT,
      start_date TEXT NOT NULL,
      stop_date TEXT,
      redrive_count INTEGER NOT NULL DEFAULT 0,
      redrive_date TEXT,
      definition TEXT NOT NULL,
      options TEXT
    );
    CREATE INDEX executions_by_machine ON executions (state_machine, start_date);
    CREATE INDEX executions_by_status ON executions (status);
    -- history events are stored in chunks, one row per commit: a JSON array of
    -- {event, key, meta} in id order, covering ids first_id..last_id
    CREATE TABLE history_chunks (
      execution_arn TEXT NOT NULL,
      first_id INTEGER NOT NULL,
      last_id INTEGER NOT NULL,
      events TEXT NOT NULL,
      PRIMARY KEY (execution_arn, first_id)
    ) WITHOUT ROWID;
  `,
})

/** Definitions stored once by content hash: executions point at theirs instead of carrying a copy. */
export const definitionHash = (text: string): string => createHash('sha256').update(text).digest('hex')

registerMigration({
  id: 'states-002-definitions-by-hash',
  up: (db: Database.Database) => {
    db.exec(`
      CREATE TABLE definitions (hash TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID;
      ALTER TABLE state_machines ADD COLUMN definition_hash TEXT;
      ALTER TABLE executions ADD COLUMN definition_hash TEXT;
    `)
    const put = db.prepare('INSERT OR IGNORE INTO definitions (hash, text) VALUES (?, ?)')
    for (const table of ['state_machines', 'executions']) {
      const key = table === 'state_machines' ? 'name' : 'arn'
      const set = db.prepare(`UPDATE ${table} SET definition_hash = ? WHERE ${key} = ?`)
      for (const row of db.prepare(`SELECT ${key} AS k, definition FROM ${table}`).all() as Array<{ k: string; definition: string }>) {
        const hash = definitionHash(row.definition)
        put.run(hash, row.definition)
        set.run(hash, row.k)
      }
    }
    db.exec('ALTER TABLE executions DROP COLUMN definition')
  },
})

// which process drives a RUNNING execution (store/owner.ts), and a stop another process asked of it
// ({error, cause} as JSON): the owner stops the execution itself, so its history has one writer
registerMigration({
  id: 'states-003-execution-owner',
  up: `
    ALTER TABLE executions ADD COLUMN owner TEXT;
    ALTER TABLE executions ADD COLUMN stop_request TEXT;
  `,
})

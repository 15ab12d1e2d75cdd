/**
 * The `redshift` compatibility schema: Redshift functions, system views and the DDL-attribute catalog,
 * installed once per database on first use and put on the session's search_path. Sessions also get
 * Redshift's default time zone, UTC, and its default isolation, SNAPSHOT: Postgres' REPEATABLE READ, a snapshot
 * taken at a transaction's first statement, and 40001 for a write to a row a concurrent transaction changed
 * (READ COMMITTED would let two delete-then-insert upserts of one key both insert it). A database whose own
 * default is SERIALIZABLE keeps it. `rsqlflow.dialect` marks the session as the dialect's (varchar-bytes.ts).
 */
import type { Session } from '../session.ts'
import type { WarehouseError } from '../errors.ts'
import { compatFunctionsSql } from './compat-functions.ts'
import { systemViewsSql } from './system-views.ts'
import { loadErrorsSql } from './load-errors.ts'
import { varcharBytesSql } from './varchar-bytes.ts'

export const compatVersion = 'rsqlflow redshift compatibility v16'
export const compatSearchPath = '"$user", public, redshift'

const prepared = new WeakSet<Session>()
const snapshotIsolation = "select set_config('default_transaction_isolation', 'repeatable read', false) where current_setting('default_transaction_isolation') <> 'serializable'"

export function compatSchemaSql(): string {
  return `create schema if not exists redshift;\n${compatFunctionsSql}\n${systemViewsSql}\n${loadErrorsSql};\n${varcharBytesSql};\ncomment on schema redshift is '${compatVersion}';`
}

/** Installs the schema if this database lacks it (or has an older one) and prepares the session. */
export async function ensureRedshiftCompat(session: Session): Promise<void> {
  if (prepared.has(session)) return
  const [found] = await session.query("select obj_description(oid, 'pg_namespace') from pg_namespace where nspname = 'redshift'")
  if (found.rows[0]?.[0] !== compatVersion) {
    const lock = session.inTransaction ? '' : "select pg_advisory_lock(hashtext('rsqlflow.redshift'));"
    const unlock = session.inTransaction ? '' : "select pg_advisory_unlock(hashtext('rsqlflow.redshift'));"
    if (lock) await session.query(lock)
    try {
      const [again] = await session.query("select obj_description(oid, 'pg_namespace') from pg_namespace where nspname = 'redshift'")
      if (again.rows[0]?.[0] !== compatVersion) await session.query(compatSchemaSql())
    } catch (err) {
      // A role that may not create schemas still runs plain SQL; Redshift's functions are then missing.
      if ((err as WarehouseError).code !== '42501') throw err
    } finally {
      if (unlock) await session.query(unlock)
    }
  }
  await session.query(`set search_path to ${compatSearchPath}; set timezone to 'UTC'; set rsqlflow.dialect to on; ${snapshotIsolation}`)
  prepared.add(session)
}

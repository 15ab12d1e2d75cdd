/**
 * ON_ERROR_ROLLBACK, as psql's SendQuery: inside a transaction block each statement runs behind a
 * savepoint of psql's name. A statement that fails is rolled back to it, so the block goes on and can
 * still commit; one that succeeds releases it, unless it ended the block or handled savepoints itself.
 * `interactive` does this only for statements typed at the terminal.
 */
import { toWarehouseError, type Session, type StatementResult } from '../warehouse/index.ts'
import type { ScriptContext } from './context.ts'
import { prefix, writeErr } from './messages.ts'

const SAVEPOINT = 'pg_psql_temporary_savepoint'

/** The savepoint a statement runs behind; `gone` once the statement committed, rolled back or made savepoints. */
export interface Savepoint {
  gone: boolean
}

/** A block is open and not failed (psql's PQTRANS_INTRANS), and ON_ERROR_ROLLBACK applies to this input. */
export function wantsSavepoint(ctx: ScriptContext, session: Session): boolean {
  const mode = ctx.settings.onErrorRollback
  if (mode === 'off' || session.transactionStatus !== 'T') return false
  return mode === 'on' || ctx.frame.source.more !== undefined
}

/** Makes the savepoint; undefined when the server refused it (reported: the statement is not sent). */
export async function openSavepoint(ctx: ScriptContext, session: Session): Promise<Savepoint | undefined> {
  return await savepointCommand(ctx, session, `SAVEPOINT ${SAVEPOINT}`) ? { gone: false } : undefined
}

/** psql's check of each result: the statements after which there is no savepoint of ours to release. */
export function notesGone(savepoint: Savepoint | undefined, results: StatementResult[]): void {
  if (!savepoint) return
  for (const r of results) {
    const tag = r.commandTag
    if (tag === 'COMMIT' || tag === 'SAVEPOINT' || tag === 'RELEASE' || tag === 'ROLLBACK') savepoint.gone = true
  }
}

/** After the statement: rolled back to after an error, released after a success; false when that failed (reported). */
export async function closeSavepoint(ctx: ScriptContext, session: Session, savepoint: Savepoint): Promise<boolean> {
  const status = session.transactionStatus
  if (status === 'E') return savepointCommand(ctx, session, `ROLLBACK TO ${SAVEPOINT}`)
  if (status === 'T' && !savepoint.gone) return savepointCommand(ctx, session, `RELEASE ${SAVEPOINT}`)
  return true
}

/** As psql's: a savepoint command that fails shows the server's message and fails the statement, no status variables set. */
async function savepointCommand(ctx: ScriptContext, session: Session, sql: string): Promise<boolean> {
  try {
    await session.query(sql)
    return true
  } catch (e) {
    const err = toWarehouseError(e)
    writeErr(ctx, `${prefix(ctx)}${err.severity}:  ${err.message}\n`)
    return false
  }
}

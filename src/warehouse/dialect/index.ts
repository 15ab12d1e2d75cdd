import type { ObjectStore } from '../../objects/index.ts'
import type { CopyInData, Notice, Session, StatementResult } from '../session.ts'
import { WarehouseError } from '../errors.ts'
import { executeCopy } from './copy.ts'
import { isCopyFromS3 } from './copy-statement.ts'
import { ensureRedshiftCompat, rewriteStatement } from './rewrite.ts'
import { splitStatements, tokenize } from './tokens.ts'
import { executeUnload } from './unload.ts'
import { byteLengthError } from './varchar-bytes.ts'

export interface RedshiftOptions {
  objects: ObjectStore
  onNotice?: (notice: Notice) => void
  /** The data of a `COPY … FROM STDIN` among the statements (QueryOptions.copyIn). */
  copyIn?: () => CopyInData
  /** Where a `COPY … TO STDOUT`'s data goes (QueryOptions.copyOut). */
  copyOut?: (data: Buffer) => void | Promise<void>
  /** Told when a `COPY … TO STDOUT` starts, with the results before it (QueryOptions.onCopyOut). */
  onCopyOut?: (completed: StatementResult[]) => void
  /** The statements asked for next (QueryOptions.ahead), as they come (rewritten here as each will be then). */
  ahead?: readonly string[]
}

/**
 * Runs Redshift SQL on a PostgreSQL session (the `local` and `postgres` targets): COPY … FROM 's3://…' and
 * UNLOAD run here against the object store, everything else is rewritten statement by statement.
 */
export async function executeRedshift(session: Session, sql: string, options: RedshiftOptions): Promise<StatementResult[]> {
  await ensureRedshiftCompat(session)
  const caseSensitive = () => caseSensitiveSessions.has(session)
  const results: StatementResult[] = []
  let plain: string[] = []
  const runPlain = async () => {
    if (plain.length === 0) return
    const text = plain.join(';\n')
    plain = []
    const onCopyOut = options.onCopyOut && ((completed: StatementResult[]) => options.onCopyOut!([...results, ...completed]))
    const ahead = statements.length === 1 && options.ahead ? rewrittenAhead(options.ahead, caseSensitive()) : undefined
    try {
      results.push(...await session.query(text, { onNotice: options.onNotice, copyIn: options.copyIn, copyOut: options.copyOut, onCopyOut, ahead }))
    } catch (err) {
      throw byteLengthError(err)
    }
  }
  let statements: string[]
  try { statements = splitStatements(sql) } catch (err) {
    throw new WarehouseError((err as Error).message, { code: '42601' })
  }
  for (const statement of statements) {
    const tokens = tokenize(statement)
    const verb = tokens[0]?.value
    noteCaseSensitivity(session, statement)
    if (verb === 'COPY' && isCopyFromS3(tokens)) {
      await runPlain()
      results.push(await executeCopy(session, statement, { ...options, caseSensitive: caseSensitive() }))
    } else if (verb === 'UNLOAD') {
      await runPlain()
      results.push(await executeUnload(session, statement, { ...options, caseSensitive: caseSensitive() }))
    } else {
      plain.push(rewriteStatement(statement, { caseSensitive: caseSensitive() }))
    }
  }
  await runPlain()
  return results
}

/** The statements sent ahead as executeRedshift will send each: up to one that is not a plain single statement. */
function rewrittenAhead(ahead: readonly string[], caseSensitive: boolean): string[] {
  const rewritten: string[] = []
  for (const sql of ahead) {
    let statements: string[]
    try { statements = splitStatements(sql) } catch { break }
    if (statements.length !== 1) break
    const verb = tokenize(statements[0])[0]?.value
    if (verb === 'COPY' || verb === 'UNLOAD' || caseSetting.test(statements[0])) break
    // one the rewrite refuses (MEDIAN … OVER) fails when it is asked for, not the statement sent now
    try { rewritten.push(rewriteStatement(statements[0], { caseSensitive })) } catch { break }
  }
  return rewritten
}

// Sessions that SET enable_case_sensitive_identifier TO true (Redshift's default, false, folds quoted names).
const caseSensitiveSessions = new WeakSet<Session>()
const caseSetting = /^\s*(set|reset)\s+(?:session\s+)?enable_case_sensitive_identifier\b(?:\s*(?:to|=)\s*'?(\w+))?/i

function noteCaseSensitivity(session: Session, statement: string): void {
  const m = caseSetting.exec(statement)
  if (!m) return
  if (m[1].toLowerCase() === 'set' && /^(true|on|1|yes)$/i.test(m[2] ?? '')) caseSensitiveSessions.add(session)
  else caseSensitiveSessions.delete(session)
}

export { rewriteStatement } from './rewrite.ts'
export { parseCopy, isCopyFromS3, type CopyCommand } from './copy-statement.ts'
export { parseUnload, type UnloadCommand } from './unload.ts'
export { tokenize, splitStatements, type Token } from './tokens.ts'
export { ensureLoadErrors } from './load-errors.ts'

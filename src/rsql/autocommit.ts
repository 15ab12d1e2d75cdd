/**
 * `\set AUTOCOMMIT off`: as psql, a statement sent outside a transaction block first opens one
 * (an implicit BEGIN) unless it cannot run inside one — psql's command_no_begin, below.
 */
import type { Session } from '../warehouse/index.ts'
import type { Settings } from './context.ts'

/** psql's SendQuery: AUTOCOMMIT is off, no transaction block is open, and the statement can run in one. */
export function needsBegin(settings: Settings, session: Session, sql: string): boolean {
  return !settings.autocommit && !session.inTransaction && !commandNoBegin(sql)
}

/** The statement's leading words, lower case, comments and white space skipped. */
function words(sql: string, n: number): string[] {
  const out: string[] = []
  const re = /(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*([A-Za-z_]+)/y
  for (let m; out.length < n && (m = re.exec(sql)); ) out.push(m[1].toLowerCase())
  return out
}

/** True for the statements psql never wraps in an implicit BEGIN. */
export function commandNoBegin(sql: string): boolean {
  const [a, b, c, d] = words(sql, 4)
  switch (a) {
    case 'abort': case 'begin': case 'start': case 'commit': case 'end': case 'rollback':
      return true
    case 'prepare': return b === 'transaction'
    case 'vacuum': return true
    case 'cluster': return b === undefined // CLUSTER with arguments may run in a transaction
    case 'alter': return b === 'system'
    case 'discard': return b === 'all'
    case 'reindex': return b === 'database' || b === 'system' || b === 'concurrently' || c === 'concurrently'
    case 'create': case 'drop':
      if (b === 'database' || b === 'tablespace') return true
      if (b === 'index') return c === 'concurrently'
      if (b === 'unique') return c === 'index' && d === 'concurrently'
      return false
    default: return false
  }
}

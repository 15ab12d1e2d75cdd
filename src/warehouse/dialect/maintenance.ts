/**
 * Redshift's VACUUM and ANALYZE forms → PostgreSQL's.
 *
 * - `VACUUM [FULL|SORT ONLY|DELETE ONLY|REINDEX|RECLUSTER] [table] [TO n PERCENT] [BOOST]`: Postgres keeps
 *   no sort order, so every form reclaims deleted rows: `FULL` → `VACUUM FULL table` (rewrites the
 *   table, as Redshift's full vacuum does), the others → `VACUUM table`. `TO n PERCENT` and `BOOST`
 *   are thresholds and priorities with no Postgres meaning; they are checked, then dropped.
 * - `ANALYZE [VERBOSE] [table [(columns)]] [PREDICATE COLUMNS|ALL COLUMNS]` → `ANALYZE [VERBOSE] [table [(columns)]]`.
 * - `ANALYZE COMPRESSION [table [(columns)]] [COMPROWS n]` → a query of `redshift.analyze_compression`,
 *   answering with Redshift's columns (Table, Column, Encoding, Est_reduction_pct).
 * VACUUM cannot run inside a transaction block on either system; Postgres says so itself (25001).
 */
import { identValue, type Token } from './rewrite-tokens.ts'
import { syntaxError } from './refuse.ts'

const vacuumModes = new Set(['FULL', 'SORT', 'DELETE', 'REINDEX', 'RECLUSTER'])

/** Returns the Postgres statement, or undefined when the statement is not VACUUM/ANALYZE. */
export function rewriteMaintenance(sql: string, toks: Token[]): string | undefined {
  const verb = toks[0]?.upper
  if (verb === 'VACUUM') return vacuum(sql, toks)
  if (verb === 'ANALYZE' || verb === 'ANALYSE') return analyze(sql, toks)
  return undefined
}

function vacuum(sql: string, toks: Token[]): string {
  let k = 1
  let mode = 'FULL'
  const end = endOf(toks)
  if (toks[k]?.text === '(') return sql // Postgres' own option list: VACUUM (VERBOSE) t
  if (k < end && vacuumModes.has(toks[k].upper)) {
    mode = toks[k].upper
    k++
    if (mode === 'SORT' || mode === 'DELETE') {
      if (toks[k]?.upper !== 'ONLY') throw syntaxError(`syntax error at or near "${toks[k]?.text ?? 'end of statement'}": expected ${mode} ONLY`, toks[k]?.start ?? sql.length)
      k++
    }
  }
  let table = ''
  if (k < end && toks[k].upper !== 'TO' && toks[k].upper !== 'BOOST') {
    const from = k
    while (toks[k + 1]?.text === '.' && k + 2 < end) k += 2
    table = sql.slice(toks[from].start, toks[k].end)
    k++
  }
  if (toks[k]?.upper === 'TO') {
    const n = toks[k + 1]
    if (n?.kind !== 'number' || toks[k + 2]?.upper !== 'PERCENT' || Number(n.text) < 0 || Number(n.text) > 100) {
      throw syntaxError('VACUUM threshold must be TO n PERCENT with n from 0 to 100', toks[k].start)
    }
    k += 3
  }
  if (toks[k]?.upper === 'BOOST') k++
  if (k < end) throw syntaxError(`syntax error at or near "${toks[k].text}"`, toks[k].start)
  return `VACUUM${mode === 'FULL' && table ? ' FULL' : ''}${table ? ' ' + table : ''}`
}

function analyze(sql: string, toks: Token[]): string {
  const end = endOf(toks)
  let k = 1
  if (toks[k]?.upper === 'COMPRESSION') return compression(sql, toks, end)
  let verbose = false
  if (toks[k]?.upper === 'VERBOSE') { verbose = true; k++ }
  let target = ''
  if (k < end && toks[k].upper !== 'PREDICATE' && toks[k].upper !== 'ALL') {
    const from = k
    while (toks[k + 1]?.text === '.' && k + 2 < end) k += 2
    if (toks[k + 1]?.text === '(') while (k < end && toks[k].text !== ')') k++
    target = sql.slice(toks[from].start, toks[k].end)
    k++
  }
  if ((toks[k]?.upper === 'PREDICATE' || toks[k]?.upper === 'ALL') && toks[k + 1]?.upper === 'COLUMNS') k += 2
  if (k < end) throw syntaxError(`syntax error at or near "${toks[k].text}"`, toks[k].start)
  return `ANALYZE${verbose ? ' VERBOSE' : ''}${target ? ' ' + target : ''}`
}

function compression(sql: string, toks: Token[], end: number): string {
  let k = 2
  let table = 'NULL'
  let columns = 'NULL'
  if (k < end && toks[k].upper !== 'COMPROWS') {
    const from = k
    while (toks[k + 1]?.text === '.' && k + 2 < end) k += 2
    table = `'${sql.slice(toks[from].start, toks[k].end).replace(/'/g, "''")}'`
    k++
    if (toks[k]?.text === '(') {
      const names: string[] = []
      for (k++; k < end && toks[k].text !== ')'; k++) if (toks[k].text !== ',') names.push(identValue(toks[k]))
      columns = `ARRAY[${names.map(n => `'${n.replace(/'/g, "''")}'`).join(', ')}]::text[]`
      k++
    }
  }
  if (toks[k]?.upper === 'COMPROWS' && toks[k + 1]?.kind === 'number') k += 2
  if (k < end) throw syntaxError(`syntax error at or near "${toks[k].text}"`, toks[k].start)
  return `SELECT * FROM redshift.analyze_compression(${table}, ${columns})`
}

function endOf(toks: Token[]): number {
  let end = toks.length
  while (end > 0 && toks[end - 1].text === ';') end--
  return end
}

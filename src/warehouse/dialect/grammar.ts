/**
 * Redshift grammar PostgreSQL lacks, edited on tokens before the other passes:
 * - `MINUS` (a set operation) → `EXCEPT`;
 * - `APPROXIMATE COUNT(DISTINCT …)` / `APPROXIMATE PERCENTILE_DISC(…)` → the exact aggregate (Redshift's
 *   HyperLogLog estimate is within about 2% of it);
 * - `CREATE VIEW … WITH NO SCHEMA BINDING` (a late-binding view) → a plain view: the tables it reads
 *   must exist when it is created;
 * - `DELETE table …` (FROM is optional in Redshift) → `DELETE FROM table …`;
 * - `NVARCHAR`/`NCHAR` → `VARCHAR`/`CHAR`, and `VARCHAR(MAX)` → `VARCHAR(65535)`, in casts as in DDL;
 * - `CONVERT(type, expr)` → `CAST(expr AS type)`, and a cast to `DECIMAL`/`NUMERIC` without a size is to
 *   `NUMERIC(18,0)`, Redshift's default (1.5::decimal is 2);
 * - `#name` (a temporary table) → `"#name"`, created with `CREATE TEMP TABLE` / `SELECT … INTO TEMP`;
 * - `CREATE PROCEDURE … NONATOMIC` → without NONATOMIC (a Postgres procedure CALLed outside a transaction
 *   block may COMMIT, as a nonatomic one does; an error still rolls back the open transaction);
 * - `CREATE MATERIALIZED VIEW v BACKUP … DISTKEY … SORTKEY … AUTO REFRESH … AS` → without the attributes;
 * - `BEGIN`/`START TRANSACTION … ISOLATION LEVEL x` → without the level: in Redshift it has no operational
 *   impact, the database's isolation applies (the session's default here, see compat-schema.ts).
 * Quoted identifiers fold to lower case, as Redshift's do unless `enable_case_sensitive_identifier` is on
 * (`"MyCol"` is `mycol`, also as an output column name); user names keep theirs.
 * And `SET`/`SHOW`/`RESET` of Redshift's own session parameters (`query_group`, `wlm_query_slot_count`…),
 * which Postgres does not know, go to placeholders of the same name under `redshift.`.
 */
import { applyEdits, closingParen, isCastTarget, nameEnd, type Edit, type Token } from './rewrite-tokens.ts'

const queryStart = new Set(['SELECT', '(', 'WITH', 'VALUES'])
const varyingTypes = new Set(['VARCHAR', 'NVARCHAR', 'VARYING', 'VARBYTE', 'VARBINARY'])

export function rewriteGrammar(sql: string, toks: Token[]): string | undefined {
  const edits: Edit[] = []
  const procedure = isCreate(toks, 'PROCEDURE')
  if (isCreate(toks, 'MATERIALIZED')) viewAttributes(toks, edits)
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]
    const next = toks[k + 1]
    if (t.text === '#' && next?.kind === 'word' && next.start === t.end && (t.start === 0 || /[\s(,]/.test(sql[t.start - 1]))) {
      const before = toks[k - 1]?.upper
      const temp = (before === 'TABLE' && toks[k - 2]?.upper === 'CREATE') || (before === 'INTO' && toks.some((u, j) => j < k && u.upper === 'SELECT'))
      if (temp) {
        const at = before === 'TABLE' ? toks[k - 1].start : t.start
        edits.push({ start: at, end: at, text: 'TEMP ' })
      }
      edits.push({ start: t.start, end: next.end, text: `"#${next.text.toLowerCase()}"` })
      k++
      continue
    }
    if (t.kind !== 'word') continue
    if (t.upper === 'CONVERT' && next?.text === '(') {
      const close = closingParen(toks, k + 1)
      const commas = toks.slice(k + 2, close).filter(u => u.text === ',' && u.depth === next.depth + 1)
      const type = toks.slice(k + 2, close).findIndex(u => u === commas[0])
      const typeToks = toks.slice(k + 2, k + 2 + type)
      if (close > 0 && commas.length === 1 && typeToks[0]?.kind === 'word' && typeToks.every(u => u.kind === 'word' || u.kind === 'number' || u.kind === 'punct') && !typeToks.some(u => u.text === '.')) {
        const unsized = typeToks.length === 1 && (typeToks[0].upper === 'DECIMAL' || typeToks[0].upper === 'NUMERIC')
        const typeText = unsized ? 'numeric(18,0)' : sql.slice(typeToks[0].start, typeToks[typeToks.length - 1].end)
        const expr = sql.slice(commas[0].end, toks[close].start).trim()
        edits.push({ start: t.start, end: toks[close].end, text: `CAST(${expr} AS ${typeText})` })
        k = close
        continue
      }
    }
    if ((t.upper === 'DECIMAL' || t.upper === 'NUMERIC') && next?.text !== '(' && isCastTarget(toks, k)) {
      edits.push({ start: t.start, end: t.end, text: 'numeric(18,0)' })
      continue
    }
    if (procedure && t.upper === 'NONATOMIC' && t.depth === 0) {
      edits.push({ start: t.start, end: t.end, text: '' })
      continue
    }
    if (t.upper === 'MINUS' && k > 0 && next && (queryStart.has(next.upper) || next.text === '(')) {
      edits.push({ start: t.start, end: t.end, text: 'EXCEPT' })
    } else if (t.upper === 'DELETE' && k === 0 && next && next.upper !== 'FROM') {
      edits.push({ start: t.end, end: t.end, text: ' FROM' })
    } else if (t.upper === 'NVARCHAR' || t.upper === 'NCHAR') {
      edits.push({ start: t.start, end: t.end, text: t.upper === 'NVARCHAR' ? 'varchar' : 'char' })
    } else if (t.upper === 'MAX' && toks[k - 1]?.text === '(' && next?.text === ')' && varyingTypes.has(toks[k - 2]?.upper)) {
      edits.push({ start: t.start, end: t.end, text: '65535' })
    } else if (t.upper === 'APPROXIMATE' && (next?.upper === 'COUNT' || next?.upper === 'PERCENTILE_DISC')) {
      edits.push({ start: t.start, end: next.start, text: '' })
    } else if (t.upper === 'ISOLATION' && next?.upper === 'LEVEL' && t.depth === 0 && (toks[0].upper === 'BEGIN' || (toks[0].upper === 'START' && toks[1]?.upper === 'TRANSACTION'))) {
      let end = k + 2
      if (toks[end]?.upper === 'SERIALIZABLE') end++
      else if ((toks[end]?.upper === 'READ' && (toks[end + 1]?.upper === 'COMMITTED' || toks[end + 1]?.upper === 'UNCOMMITTED')) || (toks[end]?.upper === 'REPEATABLE' && toks[end + 1]?.upper === 'READ')) end += 2
      else continue
      // a comma between transaction modes goes with it
      const from = toks[k - 1]?.text === ',' ? toks[k - 1].start : t.start
      const to = toks[end]?.text === ',' && from === t.start ? toks[end].end : toks[end - 1].end
      edits.push({ start: from, end: to, text: '' })
      k = end - 1
    } else if (t.upper === 'WITH' && next?.upper === 'NO' && toks[k + 2]?.upper === 'SCHEMA' && toks[k + 3]?.upper === 'BINDING' && isCreate(toks, 'VIEW')) {
      edits.push({ start: t.start, end: toks[k + 3].end, text: '' })
      k += 3
    }
  }
  return edits.length ? applyEdits(sql, edits) : undefined
}

function isCreate(toks: Token[], what: string): boolean {
  let k = 1
  if (toks[0]?.upper !== 'CREATE') return false
  if (toks[k]?.upper === 'OR' && toks[k + 1]?.upper === 'REPLACE') k += 2
  return toks[k]?.upper === what
}

/** Drops what sits between `CREATE MATERIALIZED VIEW name` and `AS`: BACKUP, DIST…, SORTKEY, AUTO REFRESH. */
function viewAttributes(toks: Token[], edits: Edit[]): void {
  let k = toks.findIndex(t => t.upper === 'VIEW') + 1
  if (toks[k]?.upper === 'IF' && toks[k + 1]?.upper === 'NOT' && toks[k + 2]?.upper === 'EXISTS') k += 3
  k = nameEnd(toks, k)
  const as = toks.findIndex((t, j) => j > k && t.upper === 'AS' && t.depth === 0)
  if (as > k + 1 && toks[k + 1].text !== '(') edits.push({ start: toks[k + 1].start, end: toks[as].start, text: '' })
}

/** Lower-cases quoted identifiers (not in CREATE/ALTER/DROP USER, whose quoted names keep their case). */
export function foldIdentifiers(sql: string, toks: Token[]): string | undefined {
  if (toks[1]?.upper === 'USER' && (toks[0].upper === 'CREATE' || toks[0].upper === 'ALTER' || toks[0].upper === 'DROP')) return undefined
  const edits: Edit[] = []
  for (const t of toks) {
    if (t.kind === 'ident' && /[A-Z]/.test(t.text)) edits.push({ start: t.start, end: t.end, text: t.text.toLowerCase() })
  }
  return edits.length ? applyEdits(sql, edits) : undefined
}

/** Redshift's session parameters that Postgres lacks (search_path, timezone, datestyle… are its own). */
export const redshiftSettings = new Set([
  'query_group', 'wlm_query_slot_count', 'enable_result_cache_for_session', 'analyze_threshold_percent', 'auto_analyze',
  'enable_case_sensitive_identifier', 'enable_case_sensitive_super_attribute', 'describe_field_name_in_uppercase',
  'json_serialization_enable', 'json_serialization_parse_nested_strings', 'mv_enable_aqmv_for_session',
  'max_concurrency_scaling_clusters', 'spectrum_enable_pseudo_columns', 'spectrum_query_maxerror', 'stored_proc_log_min_messages',
  'default_geometry_encoding', 'cast_super_null_on_error', 'navigate_super_null_on_error', 'parse_super_null_on_error',
  'downcase_delimited_identifier', 'use_fips_ssl', 'enable_vacuum_boost', 'timezone_abbreviations_default',
])

/** `SET [SESSION|LOCAL] name {TO|=} v`, `SHOW name`, `RESET name` of a Redshift-only parameter. */
export function rewriteSettings(sql: string, toks: Token[]): string | undefined {
  const verb = toks[0]?.upper
  if (verb !== 'SET' && verb !== 'SHOW' && verb !== 'RESET') return undefined
  let k = 1
  if (verb === 'SET' && (toks[k]?.upper === 'SESSION' || toks[k]?.upper === 'LOCAL')) k++
  const name = toks[k]
  if (!name || name.kind !== 'word' || !redshiftSettings.has(name.text.toLowerCase()) || toks[k + 1]?.text === '.') return undefined
  return applyEdits(sql, [{ start: name.start, end: name.end, text: `redshift.${name.text.toLowerCase()}` }])
}

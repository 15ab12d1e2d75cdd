/**
 * Redshift grammar PostgreSQL lacks, edited on tokens before the other passes:
 * - `MINUS` (a set operation) → `EXCEPT`;
 * - `APPROXIMATE COUNT(DISTINCT …)` / `APPROXIMATE PERCENTILE_DISC(…)` → the exact aggregate (Redshift's
 *   HyperLogLog estimate is within about 2% of it);
 * - `CREATE VIEW … WITH NO SCHEMA BINDING` (a late-binding view) → a plain view: the tables it reads
 *   must exist when it is created;
 * - `DELETE table …` (FROM is optional in Redshift) → `DELETE FROM table …`;
 * - `NVARCHAR`/`NCHAR` → `VARCHAR`/`CHAR`, and `VARCHAR(MAX)` → `VARCHAR(65535)`, in casts as in DDL.
 * And `SET`/`SHOW`/`RESET` of Redshift's own session parameters (`query_group`, `wlm_query_slot_count`…),
 * which Postgres does not know, go to placeholders of the same name under `redshift.`.
 */
import { applyEdits, type Edit, type Token } from './rewrite-tokens.ts'

const queryStart = new Set(['SELECT', '(', 'WITH', 'VALUES'])
const varyingTypes = new Set(['VARCHAR', 'NVARCHAR', 'VARYING', 'VARBYTE', 'VARBINARY'])

export function rewriteGrammar(sql: string, toks: Token[]): string | undefined {
  const edits: Edit[] = []
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]
    if (t.kind !== 'word') continue
    const next = toks[k + 1]
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
    } else if (t.upper === 'WITH' && next?.upper === 'NO' && toks[k + 2]?.upper === 'SCHEMA' && toks[k + 3]?.upper === 'BINDING' && isCreateView(toks)) {
      edits.push({ start: t.start, end: toks[k + 3].end, text: '' })
      k += 3
    }
  }
  return edits.length ? applyEdits(sql, edits) : undefined
}

function isCreateView(toks: Token[]): boolean {
  let k = 1
  if (toks[0]?.upper !== 'CREATE') return false
  if (toks[k]?.upper === 'OR' && toks[k + 1]?.upper === 'REPLACE') k += 2
  return toks[k]?.upper === 'VIEW'
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

/**
 * Redshift SQL → PostgreSQL, one statement at a time, for the `local` and `postgres` targets (never for
 * real Redshift). A pipeline of one module per feature:
 *   literals.ts       backslash escapes in '…' literals (first: the other passes read its E'…')
 *   maintenance.ts    VACUUM / ANALYZE [COMPRESSION] forms
 *   merge.ts          MERGE … REMOVE DUPLICATES
 *   search-path.ts    SET search_path keeps the `redshift` schema
 *   grammar.ts        MINUS, APPROXIMATE, WITH NO SCHEMA BINDING, BEGIN ISOLATION LEVEL…; SET query_group…; "Quoted" identifiers fold
 *   ddl-attributes.ts DISTSTYLE, DISTKEY, SORTKEY, ENCODE, IDENTITY, BACKUP, LIKE in CREATE TABLE
 *   functions.ts      NVL, DECODE, LISTAGG, SYSDATE, date part keywords, TOP, QUALIFY (parse tree)
 *   alter-table.ts    ALTER TABLE … APPEND FROM; ALTER DISTSTYLE/DISTKEY/SORTKEY/ENCODE recorded
 *   redshift-only.ts  CREATE EXTERNAL TABLE, DATASHARE, LIBRARY, MODEL: refused by name
 * Plain SQL — the common case, e.g. every INSERT of a load — is recognised by one regular expression
 * and returned untouched without lexing or parsing; rewritten statements are cached.
 */
import { applyEdits, lex, significant } from './rewrite-tokens.ts'
import { escapeStringLiterals } from './literals.ts'
import { rewriteMaintenance } from './maintenance.ts'
import { attributesMarker, rewriteCreateTable } from './ddl-attributes.ts'
import { markRedshiftSyntax, rewriteFunctions, treeWords } from './functions.ts'
import { rewriteMerge } from './merge.ts'
import { rewriteSearchPath } from './search-path.ts'
import { refuseRedshiftOnly } from './redshift-only.ts'
import { foldIdentifiers, redshiftSettings, rewriteGrammar, rewriteSettings } from './grammar.ts'
import { rewriteAlterTable } from './alter-table.ts'

export { ensureRedshiftCompat, compatSchemaSql, compatSearchPath } from './compat-schema.ts'

// Every word that can make a statement need a rewrite, and a backslash (literals.ts). A hit inside a string or
// comment only costs a lex.
const redshiftWords = new RegExp(`\\b(?:vacuum|analy[sz]e|create|alter|drop|merge|search_path|nvl|decode|listagg|sysdate|current_user_id|dateadd|datediff|datepart|date_part|top|qualify|regexp_(?:replace|substr|instr|count)|minus|approximate|delete|nvarchar|nchar|extract|concat|avg|median|ratio_to_report|ignore|respect|${[...redshiftSettings].join('|')}|convert|nonatomic|materialized|isolation|decimal|numeric|super)\\b|#[a-z_]|\\\\`, 'i')
// A quoted identifier with a capital letter: Redshift folds it to lower case (enable_case_sensitive_identifier off).
const quotedCapital = /"[^"]*[A-Z]/
const markerPattern = new RegExp(`/\\* ${attributesMarker} .*? \\*/`)

const cache = new Map<string, string>()
const cacheLimit = 1000

export interface RewriteOptions {
  /** `SET enable_case_sensitive_identifier TO true` in the session: quoted identifiers keep their case. */
  caseSensitive?: boolean
}

/** Rewrites one Redshift statement (not COPY … FROM 's3://…', not UNLOAD) into PostgreSQL. */
export function rewriteStatement(sql: string, options: RewriteOptions = {}): string {
  const fold = !options.caseSensitive && sql.includes('"') && quotedCapital.test(sql)
  if (!fold && !redshiftWords.test(sql)) return sql
  const key = options.caseSensitive ? '\u0000' + sql : sql
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const out = rewrite(sql, !options.caseSensitive)
  if (cache.size >= cacheLimit) cache.clear()
  cache.set(key, out)
  return out
}

function rewrite(written: string, fold: boolean): string {
  const writtenToks = significant(lex(written))
  if (writtenToks.length === 0) return written
  // A COPY here is Postgres' own (FROM STDIN, TO STDOUT: \copy), which Redshift lacks: its '\N' stays as written.
  const escapes = written.includes('\\') && writtenToks[0].upper !== 'COPY' ? escapeStringLiterals(written, writtenToks) : []
  const source = escapes.length ? applyEdits(written, escapes) : written
  const sourceToks = escapes.length ? significant(lex(source)) : writtenToks
  const folded = fold ? foldIdentifiers(source, sourceToks) : undefined
  const sql = folded ?? source
  const toks = folded === undefined ? sourceToks : significant(lex(folded))
  refuseRedshiftOnly(toks)
  const whole = rewriteMaintenance(sql, toks) ?? rewriteMerge(sql, toks) ?? rewriteSearchPath(sql, toks) ?? rewriteSettings(sql, toks) ?? rewriteAlterTable(sql, toks)
  if (whole !== undefined) return whole
  const edited = rewriteGrammar(sql, toks)
  const src = edited ?? sql
  const srcToks = edited === undefined ? toks : significant(lex(edited))
  const out = rewriteCreateTable(src, srcToks) ?? src
  const outToks = out === src ? srcToks : significant(lex(out))
  if (!outToks.some(t => treeWords.has(t.upper))) return out
  // Deparsing drops comments: keep the table-attributes marker aside and put it back.
  const marker = markerPattern.exec(out)?.[0] ?? ''
  return rewriteFunctions(markRedshiftSyntax(out, outToks)) + (marker ? ' ' + marker : '')
}

/**
 * `\d NAME` and `\d+ NAME`: psql 15's describeTableDetails and describeOneTableDetails. The pattern
 * selects relations (in schema, name order); each is printed in detail: its columns under a title
 * naming its kind, then the footers of its kind (describe-footers.ts). The catalog queries are the
 * ones psql 15 sends to servers from 12 on (ECHO_HIDDEN shows them).
 */
import type { StatementResult } from '../../warehouse/index.ts'
import { effectivePrintOptions, parseBool, printTable, tableFromResult, type PrintOptions } from '../output/index.ts'
import type { ScriptContext } from '../context.ts'
import { reportError } from '../messages.ts'
import { hiddenQuery, serverVersion } from './catalog.ts'
import { relationFooters, type TableInfo } from './describe-footers.ts'
import { patternConditions } from './pattern.ts'

/** describeTableDetails: false when a query failed or nothing matched (psql's failed command). */
export async function describeTableDetails(ctx: ScriptContext, pattern: string, verbose: boolean, version: number): Promise<boolean> {
  // psql 15 words its queries differently for older servers (Redshift says 8.0.2): refused rather than guessed
  if (version < 120000) {
    const { name } = await serverVersion(ctx.session!)
    reportError(ctx, `\\d ${pattern}: describing a relation needs a server from PostgreSQL 12 on, ${name ? `this one is version ${name}` : 'and this one does not say its version'}`)
    return false
  }
  const sql = 'SELECT c.oid,\n  n.nspname,\n  c.relname\nFROM pg_catalog.pg_class c\n' +
    '     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n'
  // with a pattern psql neither hides system schemas nor needs `S` to show them (`\dS NAME` is `\d NAME`)
  const cond = patternConditions(pattern, {
    schemaVar: 'n.nspname', nameVar: 'c.relname', visibility: 'pg_catalog.pg_table_is_visible(c.oid)', haveWhere: false, maxParts: 3,
  }, ctx.session!.info.database, version)
  if ('error' in cond) {
    reportError(ctx, cond.error)
    return false
  }
  const r = await hiddenQuery(ctx, sql + cond.sql + 'ORDER BY 2, 3;')
  if (!r) return false
  if (r.rows.length === 0) {
    if (!ctx.settings.quiet) reportError(ctx, `Did not find any relation named "${pattern}".`)
    return false
  }
  for (const [oid, schema, name] of r.rows) {
    if (!(await describeOne(ctx, schema ?? '', name ?? '', oid ?? '', verbose))) return false
  }
  return true
}

const KIND_TITLES: Record<string, [string, string?]> = {
  r: ['Table', 'Unlogged table'], v: ['View'], m: ['Materialized view', 'Unlogged materialized view'],
  i: ['Index', 'Unlogged index'], I: ['Partitioned index', 'Unlogged partitioned index'], t: ['TOAST table'],
  c: ['Composite type'], f: ['Foreign table'], p: ['Partitioned table', 'Unlogged partitioned table'],
}

function titleOf(info: TableInfo, schema: string, name: string): string {
  const kind = KIND_TITLES[info.relkind]
  if (!kind) return `?${info.relkind}? "${schema}.${name}"`
  return `${info.persistence === 'u' && kind[1] ? kind[1] : kind[0]} "${schema}.${name}"`
}

/** The general facts of a relation (psql's tableinfo), or null when the query failed. */
async function tableInfo(ctx: ScriptContext, oid: string, verbose: boolean): Promise<TableInfo | null | 'none'> {
  const options = verbose
    ? "pg_catalog.array_to_string(c.reloptions || array(select 'toast.' || x from pg_catalog.unnest(tc.reloptions) x), ', ')\n"
    : "''"
  const r = await hiddenQuery(ctx, 'SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, ' +
    'c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, ' + options + ', c.reltablespace, ' +
    "CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, " +
    'c.relpersistence, c.relreplident, am.amname\nFROM pg_catalog.pg_class c\n ' +
    'LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)\nLEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)\n' +
    `WHERE c.oid = '${oid}';`)
  if (!r) return null
  const row = r.rows[0]
  if (!row) return 'none'
  const v = (i: number) => row[i] ?? ''
  return {
    oid, checks: parseInt(v(0), 10) || 0, relkind: v(1), hasIndex: v(2) === 't', hasRules: v(3) === 't', hasTriggers: v(4) === 't',
    rowSecurity: v(5) === 't', forceRowSecurity: v(6) === 't', isPartition: v(8) === 't', reloptions: v(9),
    tablespace: v(10), ofType: v(11), persistence: v(12), replIdent: v(13), accessMethod: row[14],
  }
}

/** describeOneTableDetails. */
async function describeOne(ctx: ScriptContext, schema: string, name: string, oid: string, verbose: boolean): Promise<boolean> {
  const info = await tableInfo(ctx, oid, verbose)
  if (info === null) return false
  if (info === 'none') {
    if (!ctx.settings.quiet) reportError(ctx, `Did not find any relation with OID ${oid}.`)
    return false
  }
  if (info.relkind === 'S') return describeSequence(ctx, schema, name, info)
  const columns = await hiddenQuery(ctx, columnsQuery(ctx, info, verbose))
  if (!columns) return false
  const footers = await relationFooters(ctx, info, schema, verbose)
  if (!footers) return false
  const table = columnTable(info, columns)
  const title = titleOf(info, schema, name)
  // psql prints these in columns even under `\x`, and only the footers it composed
  const opt: PrintOptions = { ...effectivePrintOptions(ctx.output), title, expanded: 'off', footer: false }
  ctx.queryOut.write(printTable({ title, ...table, footers: footers.length > 0 ? footers : null }, opt, undefined, { terminalColumns: ctx.terminalColumns }))
  return true
}

/** Kinds whose columns show Collation, Nullable and Default (psql's show_column_details). */
const DETAILED = 'rvmcfp'
const isIndex = (k: string) => k === 'i' || k === 'I'

function columnsQuery(ctx: ScriptContext, info: TableInfo, verbose: boolean): string {
  const k = info.relkind
  let sql = 'SELECT a.attname,\n  pg_catalog.format_type(a.atttypid, a.atttypmod)'
  if (DETAILED.includes(k)) {
    sql += ',\n  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)\n   FROM pg_catalog.pg_attrdef d\n' +
      '   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),\n  a.attnotnull' +
      ',\n  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t\n' +
      '   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation' +
      ',\n  a.attidentity,\n  a.attgenerated'
  }
  if (isIndex(k)) {
    sql += `,\n  CASE WHEN a.attnum <= (SELECT i.indnkeyatts FROM pg_catalog.pg_index i WHERE i.indexrelid = '${info.oid}') THEN 'yes' ELSE 'no' END AS is_key` +
      ',\n  pg_catalog.pg_get_indexdef(a.attrelid, a.attnum, TRUE) AS indexdef'
  }
  if (k === 'f') {
    sql += ",\n  CASE WHEN attfdwoptions IS NULL THEN '' ELSE " +
      "  '(' || pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.quote_ident(option_name) || ' ' || pg_catalog.quote_literal(option_value)  FROM " +
      "  pg_catalog.pg_options_to_table(attfdwoptions)), ', ') || ')' END AS attfdwoptions"
  }
  if (verbose) {
    sql += ',\n  a.attstorage'
    if (showsCompression(ctx, k)) sql += ',\n  a.attcompression AS attcompression'
    if ('riImfp'.includes(k)) sql += ',\n  CASE WHEN a.attstattarget=-1 THEN NULL ELSE a.attstattarget END AS attstattarget'
    if (DETAILED.includes(k)) sql += ',\n  pg_catalog.col_description(a.attrelid, a.attnum)'
  }
  return sql + `\nFROM pg_catalog.pg_attribute a\nWHERE a.attrelid = '${info.oid}' AND a.attnum > 0 AND NOT a.attisdropped\nORDER BY a.attnum;`
}

/** The Compression column: tables, partitioned tables and materialized views, unless HIDE_TOAST_COMPRESSION. */
function showsCompression(ctx: ScriptContext, kind: string): boolean {
  return parseBool(ctx.vars.get('HIDE_TOAST_COMPRESSION') ?? 'off') !== true && 'rpm'.includes(kind)
}

const STORAGE: Record<string, string> = { p: 'plain', m: 'main', x: 'extended', e: 'external' }
const COMPRESSION: Record<string, string> = { p: 'pglz', l: 'lz4', '': '' }

/** The columns as psql lays them out: its headers, each cell as text (NULL as empty), all left-aligned. */
function columnTable(info: TableInfo, r: StatementResult): { headers: string[]; aligns: 'l'[]; rows: string[][] } {
  const names = r.fields.map(f => f.name)
  const col = (name: string) => names.indexOf(name)
  const detailed = DETAILED.includes(info.relkind)
  const headers = ['Column', 'Type', ...(detailed ? ['Collation', 'Nullable', 'Default'] : [])]
  const optional: [string, string][] = [['is_key', 'Key?'], ['indexdef', 'Definition'], ['attfdwoptions', 'FDW options'],
    ['attstorage', 'Storage'], ['attcompression', 'Compression'], ['attstattarget', 'Stats target'], ['col_description', 'Description']]
  const shown = optional.filter(([c]) => col(c) >= 0)
  headers.push(...shown.map(([, h]) => h))
  const rows = r.rows.map(raw => {
    const row = raw.map(v => v ?? '')
    const cells = [row[0], row[1]]
    if (detailed) {
      const [def, notNull, collation, identity, generated] = [row[2], row[3], row[4], row[5], row[6]]
      cells.push(collation, notNull === 't' ? 'not null' : '',
        identity === 'a' ? 'generated always as identity'
          : identity === 'd' ? 'generated by default as identity'
            : generated === 's' ? `generated always as (${def}) stored` : def)
    }
    for (const [c] of shown) {
      const v = row[col(c)]
      if (c === 'attstorage') cells.push(STORAGE[v.charAt(0)] ?? '???')
      else if (c === 'attcompression') cells.push(COMPRESSION[v.charAt(0)] ?? '???')
      else cells.push(v)
    }
    return cells
  })
  return { headers, aligns: headers.map(() => 'l' as const), rows }
}

/** A sequence: its parameters as a query result (printed as psql prints query results), and its owner. */
async function describeSequence(ctx: ScriptContext, schema: string, name: string, info: TableInfo): Promise<boolean> {
  const r = await hiddenQuery(ctx, 'SELECT pg_catalog.format_type(seqtypid, NULL) AS "Type",\n       seqstart AS "Start",\n' +
    '       seqmin AS "Minimum",\n       seqmax AS "Maximum",\n       seqincrement AS "Increment",\n' +
    "       CASE WHEN seqcycle THEN 'yes' ELSE 'no' END AS \"Cycles?\",\n       seqcache AS \"Cache\"\n" +
    `FROM pg_catalog.pg_sequence\nWHERE seqrelid = '${info.oid}';`)
  if (!r) return false
  const owner = await hiddenQuery(ctx, "SELECT pg_catalog.quote_ident(nspname) || '.' ||\n   pg_catalog.quote_ident(relname) || '.' ||" +
    '\n   pg_catalog.quote_ident(attname),\n   d.deptype\nFROM pg_catalog.pg_class c\nINNER JOIN pg_catalog.pg_depend d ON c.oid=d.refobjid' +
    '\nINNER JOIN pg_catalog.pg_namespace n ON n.oid=c.relnamespace\nINNER JOIN pg_catalog.pg_attribute a ON (\n a.attrelid=c.oid AND' +
    "\n a.attnum=d.refobjsubid)\nWHERE d.classid='pg_catalog.pg_class'::pg_catalog.regclass" +
    "\n AND d.refclassid='pg_catalog.pg_class'::pg_catalog.regclass" + `\n AND d.objid='${info.oid}'\n AND d.deptype IN ('a', 'i')`)
  if (!owner) return false
  const footers: string[] = []
  if (owner.rows.length === 1) {
    const [column, type] = owner.rows[0]
    if (type === 'a') footers.push(`Owned by: ${column}`)
    else if (type === 'i') footers.push(`Sequence for identity column: ${column}`)
  }
  const title = `${info.persistence === 'u' ? 'Unlogged sequence' : 'Sequence'} "${schema}.${name}"`
  const opt: PrintOptions = { ...effectivePrintOptions(ctx.output), title, footer: false }
  const table = { ...tableFromResult(r, opt), footers: footers.length > 0 ? footers : null }
  ctx.queryOut.write(printTable(table, opt, undefined, { terminalColumns: ctx.terminalColumns }))
  return true
}

/**
 * psql's describe commands in their list forms: `\d` (no name), `\dt`, `\dv`, `\dm`, `\di`, `\ds`
 * and their combinations, `\dn`, `\du`/`\dg` and `\l`, with `S` (system objects) and `+` (more
 * columns). The catalog queries are psql 15's (describe.c) as it sends them to this server, so the
 * output is psql's. `\d NAME` (one relation in detail) is describe-one.ts.
 */
import type { StatementResult } from '../../warehouse/index.ts'
import { effectivePrintOptions, parseBool, printTable, type PrintOptions, type PrintTable } from '../output/index.ts'
import type { ScriptContext } from '../context.ts'
import { reportError } from '../messages.ts'
import { hiddenQuery, patternWhere, printCatalog, withServerVersion } from './catalog.ts'
import { describeTableDetails } from './describe-one.ts'
import type { MetaCommand, Outcome } from './types.ts'

interface Request {
  /** The letters after `d` that name what to list (`tv` of `\dtv+`). */
  types: string
  verbose: boolean
  system: boolean
  pattern: string | null
}

type Lister = (ctx: ScriptContext, req: Request, version: number) => Promise<boolean>

/** listTables: relations of the kinds asked for (all but indexes when none is named). */
const listTables: Lister = async (ctx, { types, verbose, system, pattern }, version) => {
  let tables = types.includes('t'), views = types.includes('v'), matViews = types.includes('m')
  let seqs = types.includes('s'), foreign = types.includes('E')
  const indexes = types.includes('i')
  if (!tables && !views && !matViews && !seqs && !foreign && !indexes) tables = views = matViews = seqs = foreign = true
  const kinds = "CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END"
  let sql = 'SELECT n.nspname as "Schema",\n  c.relname as "Name",\n' +
    `  ${kinds} as "Type",\n  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"`
  const hideAm = parseBool(ctx.vars.get('HIDE_TABLEAM') ?? 'off') === true
  const showAm = version >= 120000 && !hideAm && (tables || matViews || indexes)
  if (indexes) sql += ',\n  c2.relname as "Table"'
  if (verbose) {
    sql += ",\n  CASE c.relpersistence WHEN 'p' THEN 'permanent' WHEN 't' THEN 'temporary' WHEN 'u' THEN 'unlogged' END as \"Persistence\""
    if (showAm) sql += ',\n  am.amname as "Access method"'
    sql += ',\n  pg_catalog.pg_size_pretty(pg_catalog.pg_table_size(c.oid)) as "Size"'
    sql += ",\n  pg_catalog.obj_description(c.oid, 'pg_class') as \"Description\""
  }
  sql += '\nFROM pg_catalog.pg_class c\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace'
  if (showAm) sql += '\n     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam'
  if (indexes) sql += '\n     LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid\n     LEFT JOIN pg_catalog.pg_class c2 ON i.indrelid = c2.oid'
  sql += '\nWHERE c.relkind IN ('
  const wide = system || pattern !== null
  if (tables) sql += "'r','p',"
  if (tables && wide) sql += "'t',"
  if (views) sql += "'v',"
  if (matViews) sql += "'m',"
  if (indexes) sql += "'i','I',"
  if (seqs) sql += "'S',"
  if (wide) sql += "'s',"
  if (foreign) sql += "'f',"
  sql += "'')\n"
  if (!wide) sql += "      AND n.nspname <> 'pg_catalog'\n      AND n.nspname !~ '^pg_toast'\n      AND n.nspname <> 'information_schema'\n"
  const cond = patternWhere(ctx, pattern, { schemaVar: 'n.nspname', nameVar: 'c.relname', visibility: 'pg_catalog.pg_table_is_visible(c.oid)', haveWhere: true, maxParts: 3 }, version)
  if (cond === null) return false
  const r = await hiddenQuery(ctx, sql + cond + 'ORDER BY 1,2;')
  if (!r) return false
  if (r.rows.length === 0 && !ctx.settings.quiet) {
    reportError(ctx, pattern !== null ? `Did not find any relation named "${pattern}".` : 'Did not find any relations.')
  } else printCatalog(ctx, r, 'List of relations')
  return true
}

/** listSchemas; with a pattern psql also looks up the publications of that schema for the footer. */
const listSchemas: Lister = async (ctx, { verbose, system, pattern }, version) => {
  let sql = 'SELECT n.nspname AS "Name",\n  pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner"'
  if (verbose) {
    sql += ",\n  pg_catalog.array_to_string(n.nspacl, E'\\n') AS \"Access privileges\""
    sql += ",\n  pg_catalog.obj_description(n.oid, 'pg_namespace') AS \"Description\""
  }
  sql += '\nFROM pg_catalog.pg_namespace n\n'
  const plain = !system && pattern === null
  if (plain) sql += "WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'\n"
  const cond = patternWhere(ctx, pattern, { nameVar: 'n.nspname', haveWhere: plain, maxParts: 2 }, version)
  if (cond === null) return false
  const r = await hiddenQuery(ctx, sql + cond + 'ORDER BY 1;')
  if (!r) return false
  let footers: string[] | null = null
  if (pattern !== null && version >= 150000) {
    const pubs = await hiddenQuery(ctx, 'SELECT pubname \nFROM pg_catalog.pg_publication p\n' +
      '     JOIN pg_catalog.pg_publication_namespace pn ON p.oid = pn.pnpubid\n' +
      '     JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid \n' +
      `WHERE n.nspname = '${pattern}'\nORDER BY 1`)
    if (!pubs) return false
    if (pubs.rows.length > 0) footers = ['Publications:', ...pubs.rows.map(row => `    "${row[0]}"`)]
  }
  if (footers === null) printCatalog(ctx, r, 'List of schemas')
  else printWith(ctx, r, 'List of schemas', footers)
  return true
}

function printWith(ctx: ScriptContext, r: StatementResult, title: string, footers: string[]): void {
  const opt: PrintOptions = { ...effectivePrintOptions(ctx.output), title, null: '' }
  const table: PrintTable = {
    title, headers: r.fields.map(f => f.name), aligns: r.fields.map(() => 'l'),
    rows: r.rows.map(row => row.map(v => v ?? '')), footers,
  }
  ctx.queryOut.write(printTable(table, opt, undefined, { terminalColumns: ctx.terminalColumns }))
}

/** describeRoles: the attributes column is composed here from the role's flags, as psql does. */
const describeRoles: Lister = async (ctx, { verbose, system, pattern }, version) => {
  let sql = 'SELECT r.rolname, r.rolsuper, r.rolinherit,\n  r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,\n' +
    '  r.rolconnlimit, r.rolvaliduntil,\n  ARRAY(SELECT b.rolname\n        FROM pg_catalog.pg_auth_members m\n' +
    '        JOIN pg_catalog.pg_roles b ON (m.roleid = b.oid)\n        WHERE m.member = r.oid) as memberof'
  if (verbose) sql += "\n, pg_catalog.shobj_description(r.oid, 'pg_authid') AS description"
  sql += '\n, r.rolreplication'
  if (version >= 90500) sql += '\n, r.rolbypassrls'
  sql += '\nFROM pg_catalog.pg_roles r\n'
  if (!system && pattern === null) sql += "WHERE r.rolname !~ '^pg_'\n"
  const cond = patternWhere(ctx, pattern, { nameVar: 'r.rolname', haveWhere: false, maxParts: 1 }, version)
  if (cond === null) return false
  const r = await hiddenQuery(ctx, sql + cond + 'ORDER BY 1;')
  if (!r) return false
  const rep = verbose ? 10 : 9
  const rows = r.rows.map(row => {
    const v = (i: number) => row[i] ?? ''
    const attrs: string[] = []
    if (v(1) === 't') attrs.push('Superuser')
    if (v(2) !== 't') attrs.push('No inheritance')
    if (v(3) === 't') attrs.push('Create role')
    if (v(4) === 't') attrs.push('Create DB')
    if (v(5) !== 't') attrs.push('Cannot login')
    if (v(rep) === 't') attrs.push('Replication')
    if (version >= 90500 && v(rep + 1) === 't') attrs.push('Bypass RLS')
    let text = attrs.join(', ')
    const conns = parseInt(v(6), 10) || 0
    if (conns >= 0) {
      if (text.length > 0) text += '\n'
      text += conns === 0 ? 'No connections' : conns === 1 ? '1 connection' : `${conns} connections`
    }
    if (v(7) !== '') text += (text.length > 0 ? '\n' : '') + 'Password valid until ' + v(7)
    return verbose ? [v(0), text, v(8), v(9)] : [v(0), text, v(8)]
  })
  const headers = ['Role name', 'Attributes', 'Member of', ...(verbose ? ['Description'] : [])]
  const title = 'List of roles'
  // psql's printTable here has no footers and no `(N rows)` default
  const table: PrintTable = { title, headers, aligns: headers.map(() => 'l'), rows, footers: null }
  ctx.queryOut.write(printTable(table, { ...effectivePrintOptions(ctx.output), title, footer: false }, undefined, { terminalColumns: ctx.terminalColumns }))
  return true
}

/**
 * listAllDbs. psql 15 reads `daticulocale`, which servers from 17 on call `datlocale`: the same
 * column is read under its new name there (psql 15 itself fails on those servers).
 */
const listDatabases: Lister = async (ctx, { verbose, pattern }, version) => {
  let sql = 'SELECT d.datname as "Name",\n       pg_catalog.pg_get_userbyid(d.datdba) as "Owner",\n' +
    '       pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding",\n       d.datcollate as "Collate",\n' +
    '       d.datctype as "Ctype",\n'
  if (version >= 150000) {
    sql += `       d.${version >= 170000 ? 'datlocale' : 'daticulocale'} as "ICU Locale",\n` +
      "       CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS \"Locale Provider\",\n"
  } else sql += '       NULL as "ICU Locale",\n       \'libc\' AS "Locale Provider",\n'
  sql += "       pg_catalog.array_to_string(d.datacl, E'\\n') AS \"Access privileges\""
  if (verbose) {
    sql += ",\n       CASE WHEN pg_catalog.has_database_privilege(d.datname, 'CONNECT')\n" +
      '            THEN pg_catalog.pg_size_pretty(pg_catalog.pg_database_size(d.datname))\n' +
      "            ELSE 'No Access'\n       END as \"Size\",\n       t.spcname as \"Tablespace\",\n" +
      "       pg_catalog.shobj_description(d.oid, 'pg_database') as \"Description\""
  }
  sql += '\nFROM pg_catalog.pg_database d\n'
  if (verbose) sql += '  JOIN pg_catalog.pg_tablespace t on d.dattablespace = t.oid\n'
  let cond = ''
  if (pattern !== null) {
    const c = patternWhere(ctx, pattern, { nameVar: 'd.datname', haveWhere: false, maxParts: 1 }, version)
    if (c === null) return false
    cond = c
  }
  const r = await hiddenQuery(ctx, sql + cond + 'ORDER BY 1;')
  if (!r) return false
  printCatalog(ctx, r, 'List of databases')
  return true
}

/** psql's `-l`: listAllDbs, as `\l` without a pattern runs it; false when it failed. */
export async function listAllDatabases(ctx: ScriptContext): Promise<boolean> {
  const request = { types: '', verbose: false, system: false, pattern: null }
  return await withServerVersion(ctx, version => listDatabases(ctx, request, version)) === undefined
}

/** The list forms this module runs, by the letters after the backslash (modifiers removed). */
function listerFor(base: string): Lister | undefined {
  if (base === 'l' || base === 'list') return listDatabases
  if (base === 'dn') return listSchemas
  if (base === 'du' || base === 'dg') return describeRoles
  if (/^d[tvmis]*$/.test(base)) return listTables
  return undefined
}

/** Whether `name` (as written after the backslash) is a describe command this module lists. */
export function isDescribe(name: string): boolean {
  const m = /^([a-z]+)([S+]*)$/.exec(name)
  return m !== null && listerFor(m[1]) !== undefined && (m[1] !== 'l' && m[1] !== 'list' || !m[2].includes('S'))
}

/** The command for `name`; `\d` with a name describes the relations it matches one by one. */
export function describe(name: string): MetaCommand {
  const m = /^([a-z]+)([S+]*)$/.exec(name)!
  const lister = listerFor(m[1])!
  const req = { types: m[1].slice(1), verbose: m[2].includes('+'), system: m[2].includes('S') }
  return async (args, ctx): Promise<Outcome> => {
    const pattern = args.next()
    return withServerVersion(ctx, version => m[1] === 'd' && pattern !== null
      ? describeTableDetails(ctx, pattern, req.verbose, version)
      : lister(ctx, { ...req, pattern }, version))
  }
}

/**
 * The footers of `\d NAME` (psql 15's describeOneTableDetails after the columns): an index's
 * summary line; a table's partition facts, indexes, check and foreign-key constraints, references,
 * policies, statistics objects, rules and publications; a view's definition (`+`); triggers; then
 * inheritance, tablespace, access method (`+`) and options (`+`). Each query is psql's, in its order.
 */
import type { StatementResult } from '../../warehouse/index.ts'
import { parseBool } from '../output/index.ts'
import type { ScriptContext } from '../context.ts'
import { hiddenQuery } from './catalog.ts'
import { policyFooters, statisticsFooters, triggerFooters, type Run } from './describe-attached.ts'

/** What psql's first query learns of the relation (its tableinfo). */
export interface TableInfo {
  oid: string
  checks: number
  relkind: string
  hasIndex: boolean
  hasRules: boolean
  hasTriggers: boolean
  rowSecurity: boolean
  forceRowSecurity: boolean
  isPartition: boolean
  reloptions: string
  /** The tablespace's OID, `0` for the database's default. */
  tablespace: string
  /** The type of a typed table, '' for none. */
  ofType: string
  persistence: string
  replIdent: string
  accessMethod: string | null
}

/** Raised inside a footer step when its query failed (psql's `goto error_return`). */
class Failed extends Error {}

/** The footers of a relation other than a sequence, or null when a query failed (already reported). */
export async function relationFooters(ctx: ScriptContext, info: TableInfo, schema: string, verbose: boolean): Promise<string[] | null> {
  const footers: string[] = []
  const run = async (sql: string): Promise<StatementResult> => {
    const r = await hiddenQuery(ctx, sql)
    if (!r) throw new Failed()
    return r
  }
  const text = (r: StatementResult, row: number, col: number) => r.rows[row][col] ?? ''
  const isNull = (r: StatementResult, row: number, col: number) => r.rows[row][col] === null
  /** add_tablespace_footer: a footer of its own, or appended to the last (an index's line). */
  const tablespace = async (kind: string, oid: string, newline: boolean) => {
    if (!'rmiIpt'.includes(kind) || oid === '0' || oid === '') return
    const r = await run(`SELECT spcname FROM pg_catalog.pg_tablespace\nWHERE oid = '${oid}';`)
    if (r.rows.length === 0) return
    if (newline) footers.push(`Tablespace: "${text(r, 0, 0)}"`)
    else footers[footers.length - 1] += `, tablespace "${text(r, 0, 0)}"`
  }
  const oid = info.oid
  const k = info.relkind
  try {
    if (k === 'i' || k === 'I') {
      const r = await run('SELECT i.indisunique, i.indisprimary, i.indisclustered, i.indisvalid,\n' +
        "  (NOT i.indimmediate) AND EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x') AND condeferrable) AS condeferrable,\n" +
        "  (NOT i.indimmediate) AND EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x') AND condeferred) AS condeferred,\n" +
        'i.indisreplident,\ni.indnullsnotdistinct,\n  a.amname, c2.relname, pg_catalog.pg_get_expr(i.indpred, i.indrelid, true)\n' +
        'FROM pg_catalog.pg_index i, pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_am a\n' +
        `WHERE i.indexrelid = c.oid AND c.oid = '${oid}' AND c.relam = a.oid\nAND i.indrelid = c2.oid;`)
      if (r.rows.length !== 1) return null
      const v = (c: number) => text(r, 0, c)
      let line = v(1) === 't' ? 'primary key, ' : v(0) === 't' ? `unique${v(7) === 't' ? ' nulls not distinct' : ''}, ` : ''
      line += `${v(8)}, for table "${schema}.${v(9)}"`
      if (v(10) !== '') line += `, predicate (${v(10)})`
      if (v(2) === 't') line += ', clustered'
      if (v(3) !== 't') line += ', invalid'
      if (v(4) === 't') line += ', deferrable'
      if (v(5) === 't') line += ', initially deferred'
      if (v(6) === 't') line += ', replica identity'
      footers.push(line)
      if (k === 'i') await tablespace(k, info.tablespace, true)
    } else if ('rmfpt'.includes(k)) {
      await tableFooters(info, verbose, footers, run, tablespace)
    }
    if ((k === 'v' || k === 'm') && verbose) {
      const r = await run(`SELECT pg_catalog.pg_get_viewdef('${oid}'::pg_catalog.oid, true);`)
      if (r.rows.length > 0) {
        footers.push('View definition:', text(r, 0, 0))
        if (info.hasRules) {
          const rules = await run("SELECT r.rulename, trim(trailing ';' from pg_catalog.pg_get_ruledef(r.oid, true))\n" +
            `FROM pg_catalog.pg_rewrite r\nWHERE r.ev_class = '${oid}' AND r.rulename != '_RETURN' ORDER BY 1;`)
          if (rules.rows.length > 0) footers.push('Rules:', ...rules.rows.map((_, i) => ' ' + text(rules, i, 1).slice(12)))
        }
      }
    }
    if (info.hasTriggers) triggerFooters(await run('SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true), t.tgenabled, t.tgisinternal,\n' +
      '  CASE WHEN t.tgparentid != 0 THEN\n    (SELECT u.tgrelid::pg_catalog.regclass\n     FROM pg_catalog.pg_trigger AS u,\n' +
      '          pg_catalog.pg_partition_ancestors(t.tgrelid) WITH ORDINALITY AS a(relid, depth)\n' +
      '     WHERE u.tgname = t.tgname AND u.tgrelid = a.relid\n           AND u.tgparentid = 0\n     ORDER BY a.depth LIMIT 1)\n' +
      `  END AS parent\nFROM pg_catalog.pg_trigger t\nWHERE t.tgrelid = '${oid}' AND (NOT t.tgisinternal OR (t.tgisinternal AND t.tgenabled = 'D'))\nORDER BY 1;`), footers)
    if ('rmfpIt'.includes(k)) {
      const hideAm = parseBool(ctx.vars.get('HIDE_TABLEAM') ?? 'off') === true
      await finishFooters(info, schema, verbose, hideAm, footers, run, tablespace)
    }
    if (verbose && info.reloptions !== '') footers.push(`Options: ${info.reloptions}`)
  } catch (e) {
    if (e instanceof Failed) return null
    throw e
  }
  return footers
}

type Tablespace = (kind: string, oid: string, newline: boolean) => Promise<void>
const cell = (r: StatementResult, row: number, col: number) => r.rows[row][col] ?? ''

/** Tables, materialized views, foreign, partitioned and TOAST tables: the footers before the view definition. */
async function tableFooters(info: TableInfo, verbose: boolean, footers: string[], run: Run, tablespace: Tablespace): Promise<void> {
  const oid = info.oid
  if (info.isPartition) {
    const r = await run('SELECT inhparent::pg_catalog.regclass,\n  pg_catalog.pg_get_expr(c.relpartbound, c.oid),\n  inhdetachpending' +
      (verbose ? ',\n  pg_catalog.pg_get_partition_constraintdef(c.oid)' : '') +
      `\nFROM pg_catalog.pg_class c JOIN pg_catalog.pg_inherits i ON c.oid = inhrelid\nWHERE c.oid = '${oid}';`)
    if (r.rows.length > 0) {
      footers.push(`Partition of: ${cell(r, 0, 0)} ${cell(r, 0, 1)}${cell(r, 0, 2) === 't' ? ' DETACH PENDING' : ''}`)
      if (verbose) footers.push(cell(r, 0, 3) === '' ? 'No partition constraint' : `Partition constraint: ${cell(r, 0, 3)}`)
    }
  }
  if (info.relkind === 'p') {
    const r = await run(`SELECT pg_catalog.pg_get_partkeydef('${oid}'::pg_catalog.oid);`)
    if (r.rows.length === 1) footers.push(`Partition key: ${cell(r, 0, 0)}`)
  }
  if (info.relkind === 't') {
    const r = await run(`SELECT n.nspname, c.relname\nFROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\nWHERE reltoastrelid = '${oid}';`)
    if (r.rows.length === 1) footers.push(`Owning table: "${cell(r, 0, 0)}.${cell(r, 0, 1)}"`)
  }
  if (info.hasIndex) {
    const r = await run('SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),\n' +
      '  pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace\n' +
      'FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i\n' +
      "  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))\n" +
      `WHERE c.oid = '${oid}' AND c.oid = i.indrelid AND i.indexrelid = c2.oid\nORDER BY i.indisprimary DESC, c2.relname;`)
    if (r.rows.length > 0) footers.push('Indexes:')
    for (let i = 0; i < r.rows.length; i++) {
      const v = (c: number) => cell(r, i, c)
      let line = `    "${v(0)}"`
      if (v(7) === 'x') line += ` ${v(6)}`
      else {
        if (v(1) === 't') line += ' PRIMARY KEY,'
        else if (v(2) === 't') line += v(7) === 'u' ? ' UNIQUE CONSTRAINT,' : ' UNIQUE,'
        const def = v(5)
        const using = def.indexOf(' USING ')
        line += ' ' + (using >= 0 ? def.slice(using + 7) : def)
        if (v(8) === 't') line += ' DEFERRABLE'
        if (v(9) === 't') line += ' INITIALLY DEFERRED'
      }
      if (v(3) === 't') line += ' CLUSTER'
      if (v(4) !== 't') line += ' INVALID'
      if (v(10) === 't') line += ' REPLICA IDENTITY'
      footers.push(line)
      await tablespace('i', v(11), false)
    }
  }
  if (info.checks > 0) {
    const r = await run(`SELECT r.conname, pg_catalog.pg_get_constraintdef(r.oid, true)\nFROM pg_catalog.pg_constraint r\nWHERE r.conrelid = '${oid}' AND r.contype = 'c'\nORDER BY 1;`)
    if (r.rows.length > 0) footers.push('Check constraints:', ...r.rows.map((_, i) => `    "${cell(r, i, 0)}" ${cell(r, i, 1)}`))
  }
  if (info.hasTriggers || info.relkind === 'p') {
    const r = await run(info.isPartition || info.relkind === 'p'
      ? `SELECT conrelid = '${oid}'::pg_catalog.regclass AS sametable,\n       conname,\n       pg_catalog.pg_get_constraintdef(oid, true) AS condef,\n` +
        `       conrelid::pg_catalog.regclass AS ontable\n  FROM pg_catalog.pg_constraint,\n       pg_catalog.pg_partition_ancestors('${oid}')\n` +
        " WHERE conrelid = relid AND contype = 'f' AND conparentid = 0\nORDER BY sametable DESC, conname;"
      : 'SELECT true as sametable, conname,\n  pg_catalog.pg_get_constraintdef(r.oid, true) as condef,\n  conrelid::pg_catalog.regclass AS ontable\n' +
        `FROM pg_catalog.pg_constraint r\nWHERE r.conrelid = '${oid}' AND r.contype = 'f'\n     AND conparentid = 0\nORDER BY conname`)
    const col = (name: string) => r.fields.findIndex(f => f.name === name)
    const [same, name, def, on] = [col('sametable'), col('conname'), col('condef'), col('ontable')]
    if (r.rows.length > 0) footers.push('Foreign-key constraints:')
    for (let i = 0; i < r.rows.length; i++) {
      footers.push(cell(r, i, same) === 'f'
        ? `    TABLE "${cell(r, i, on)}" CONSTRAINT "${cell(r, i, name)}" ${cell(r, i, def)}`
        : `    "${cell(r, i, name)}" ${cell(r, i, def)}`)
    }
    const refs = await run('SELECT conname, conrelid::pg_catalog.regclass AS ontable,\n       pg_catalog.pg_get_constraintdef(oid, true) AS condef\n' +
      `  FROM pg_catalog.pg_constraint c\n WHERE confrelid IN (SELECT pg_catalog.pg_partition_ancestors('${oid}')\n` +
      `                     UNION ALL VALUES ('${oid}'::pg_catalog.regclass))\n       AND contype = 'f' AND conparentid = 0\nORDER BY conname;`)
    if (refs.rows.length > 0) footers.push('Referenced by:', ...refs.rows.map((_, i) => `    TABLE "${cell(refs, i, 1)}" CONSTRAINT "${cell(refs, i, 0)}" ${cell(refs, i, 2)}`))
  }
  await policyFooters(info, footers, run)
  await statisticsFooters(oid, footers, run)
  if (info.hasRules && info.relkind !== 'm') {
    const r = await run("SELECT r.rulename, trim(trailing ';' from pg_catalog.pg_get_ruledef(r.oid, true)), ev_enabled\n" +
      `FROM pg_catalog.pg_rewrite r\nWHERE r.ev_class = '${oid}' ORDER BY 1;`)
    const headings: [string, string][] = [['O', 'Rules:'], ['D', 'Disabled rules:'], ['A', 'Rules firing always:'], ['R', 'Rules firing on replica only:']]
    for (const [state, heading] of headings) {
      const rows = r.rows.map((_, i) => i).filter(i => cell(r, i, 2).charAt(0) === state)
      if (rows.length > 0) footers.push(heading, ...rows.map(i => '    ' + cell(r, i, 1).slice(12)))
    }
  }
  const pubs = await run('SELECT pubname\n     , NULL\n     , NULL\nFROM pg_catalog.pg_publication p\n' +
    '     JOIN pg_catalog.pg_publication_namespace pn ON p.oid = pn.pnpubid\n     JOIN pg_catalog.pg_class pc ON pc.relnamespace = pn.pnnspid\n' +
    `WHERE pc.oid ='${oid}' and pg_catalog.pg_relation_is_publishable('${oid}')\nUNION\nSELECT pubname\n     , pg_get_expr(pr.prqual, c.oid)\n` +
    '     , (CASE WHEN pr.prattrs IS NOT NULL THEN\n         (SELECT string_agg(attname, \', \')\n' +
    '           FROM pg_catalog.generate_series(0, pg_catalog.array_upper(pr.prattrs::pg_catalog.int2[], 1)) s,\n' +
    '                pg_catalog.pg_attribute\n          WHERE attrelid = pr.prrelid AND attnum = prattrs[s])\n' +
    '        ELSE NULL END) FROM pg_catalog.pg_publication p\n     JOIN pg_catalog.pg_publication_rel pr ON p.oid = pr.prpubid\n' +
    `     JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid\nWHERE pr.prrelid = '${oid}'\nUNION\nSELECT pubname\n     , NULL\n     , NULL\n` +
    `FROM pg_catalog.pg_publication p\nWHERE p.puballtables AND pg_catalog.pg_relation_is_publishable('${oid}')\nORDER BY 1;`)
  if (pubs.rows.length > 0) footers.push('Publications:')
  for (let i = 0; i < pubs.rows.length; i++) {
    let line = `    "${cell(pubs, i, 0)}"`
    if (pubs.rows[i][2] !== null) line += ` (${cell(pubs, i, 2)})`
    if (pubs.rows[i][1] !== null) line += ` WHERE ${cell(pubs, i, 1)}`
    footers.push(line)
  }
}

/** The last footers of tables and partitioned indexes: inheritance, partitions, type, replica identity, tablespace, access method. */
async function finishFooters(info: TableInfo, schema: string, verbose: boolean, hideAm: boolean, footers: string[], run: Run, tablespace: Tablespace): Promise<void> {
  const oid = info.oid
  const partitioned = info.relkind === 'p' || info.relkind === 'I'
  const parents = await run(`SELECT c.oid::pg_catalog.regclass\nFROM pg_catalog.pg_class c, pg_catalog.pg_inherits i\nWHERE c.oid = i.inhparent AND i.inhrelid = '${oid}'\n  AND c.relkind != 'p' AND c.relkind != 'I'\nORDER BY inhseqno;`)
  listFooters(footers, 'Inherits', parents.rows.map(row => row[0] ?? ''))
  const children = await run("SELECT c.oid::pg_catalog.regclass, c.relkind, inhdetachpending, pg_catalog.pg_get_expr(c.relpartbound, c.oid)\n" +
    `FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i\nWHERE c.oid = i.inhrelid AND i.inhparent = '${oid}'\n` +
    "ORDER BY pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT', c.oid::pg_catalog.regclass::pg_catalog.text;")
  const n = children.rows.length
  if (partitioned && n === 0) footers.push('Number of partitions: 0')
  else if (!verbose) {
    if (n > 0) footers.push(partitioned ? `Number of partitions: ${n} (Use \\d+ to list them.)` : `Number of child tables: ${n} (Use \\d+ to list them.)`)
  } else {
    listFooters(footers, partitioned ? 'Partitions' : 'Child tables', children.rows.map(row => {
      let item = row[0] ?? ''
      if (row[3] !== null) item += ` ${row[3]}`
      if (row[1] === 'p' || row[1] === 'I') item += ', PARTITIONED'
      else if (row[1] === 'f') item += ', FOREIGN'
      if (row[2] === 't') item += ' (DETACH PENDING)'
      return item
    }))
  }
  if (info.ofType !== '') footers.push(`Typed table of type: ${info.ofType}`)
  const ident = info.replIdent
  if (verbose && (info.relkind === 'r' || info.relkind === 'm') && ident !== 'i' &&
    ((schema !== 'pg_catalog' && ident !== 'd') || (schema === 'pg_catalog' && ident !== 'n'))) {
    footers.push(`Replica Identity: ${ident === 'f' ? 'FULL' : ident === 'n' ? 'NOTHING' : '???'}`)
  }
  await tablespace(info.relkind, info.tablespace, true)
  if (verbose && info.accessMethod !== null && !hideAm) footers.push(`Access method: ${info.accessMethod}`)
}

/** `Label: first,` then the others aligned under the first (psql's Inherits and Child tables lists). */
function listFooters(footers: string[], label: string, items: string[]): void {
  items.forEach((item, i) => footers.push((i === 0 ? `${label}: ` : ' '.repeat(label.length + 2)) + item + (i < items.length - 1 ? ',' : '')))
}

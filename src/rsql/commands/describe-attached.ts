/**
 * The footers of `\d NAME` for what is attached to a table: row-level policies, extended statistics
 * objects and triggers, as psql 15 words them.
 */
import type { StatementResult } from '../../warehouse/index.ts'
import type { TableInfo } from './describe-footers.ts'

/** Runs a catalog query; a failure has been reported and ends the description. */
export type Run = (sql: string) => Promise<StatementResult>

export async function policyFooters(info: TableInfo, footers: string[], run: Run): Promise<void> {
  const r = await run('SELECT pol.polname, pol.polpermissive,\n' +
    "  CASE WHEN pol.polroles = '{0}' THEN NULL ELSE pg_catalog.array_to_string(array(select rolname from pg_catalog.pg_roles where oid = any (pol.polroles) order by 1),',') END,\n" +
    '  pg_catalog.pg_get_expr(pol.polqual, pol.polrelid),\n  pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid),\n' +
    "  CASE pol.polcmd\n    WHEN 'r' THEN 'SELECT'\n    WHEN 'a' THEN 'INSERT'\n    WHEN 'w' THEN 'UPDATE'\n    WHEN 'd' THEN 'DELETE'\n    END AS cmd\n" +
    `FROM pg_catalog.pg_policy pol\nWHERE pol.polrelid = '${info.oid}' ORDER BY 1;`)
  const n = r.rows.length
  const { rowSecurity: on, forceRowSecurity: forced } = info
  if (on && !forced && n > 0) footers.push('Policies:')
  if (on && forced && n > 0) footers.push('Policies (forced row security enabled):')
  if (on && !forced && n === 0) footers.push('Policies (row security enabled): (none)')
  if (on && forced && n === 0) footers.push('Policies (forced row security enabled): (none)')
  if (!on && n > 0) footers.push('Policies (row security disabled):')
  for (const row of r.rows) {
    let line = `    POLICY "${row[0] ?? ''}"`
    if ((row[1] ?? '').charAt(0) === 'f') line += ' AS RESTRICTIVE'
    if (row[5] !== null) line += ` FOR ${row[5]}`
    if (row[2] !== null) line += `\n      TO ${row[2]}`
    if (row[3] !== null) line += `\n      USING (${row[3]})`
    if (row[4] !== null) line += `\n      WITH CHECK (${row[4]})`
    footers.push(line)
  }
}

export async function statisticsFooters(oid: string, footers: string[], run: Run): Promise<void> {
  const r = await run('SELECT oid, stxrelid::pg_catalog.regclass, stxnamespace::pg_catalog.regnamespace::pg_catalog.text AS nsp, stxname,\n' +
    "pg_catalog.pg_get_statisticsobjdef_columns(oid) AS columns,\n  'd' = any(stxkind) AS ndist_enabled,\n  'f' = any(stxkind) AS deps_enabled,\n" +
    `  'm' = any(stxkind) AS mcv_enabled,\nstxstattarget\nFROM pg_catalog.pg_statistic_ext\nWHERE stxrelid = '${oid}'\nORDER BY nsp, stxname;`)
  if (r.rows.length > 0) footers.push('Statistics objects:')
  for (const row of r.rows) {
    const kinds = [row[5] === 't' && 'ndistinct', row[6] === 't' && 'dependencies', row[7] === 't' && 'mcv'].filter(Boolean)
    let line = `    "${row[2] ?? ''}.${row[3] ?? ''}"`
    if (kinds.length > 0 && kinds.length < 3) line += ` (${kinds.join(', ')})`
    line += ` ON ${row[4] ?? ''} FROM ${row[1] ?? ''}`
    // psql 15 tests only for -1: servers from 17 on say NULL for the default, and it prints `; STATISTICS `
    if ((row[8] ?? '') !== '-1') line += `; STATISTICS ${row[8] ?? ''}`
    footers.push(line)
  }
}

/** Triggers in psql's five groups: enabled, disabled user, disabled internal, always, replica only. */
export function triggerFooters(r: StatementResult, footers: string[]): void {
  const groups: [string, (enabled: string, internal: string) => boolean][] = [
    ['Triggers:', e => e === 'O' || e === 't'],
    ['Disabled user triggers:', (e, i) => (e === 'D' || e === 'f') && i === 'f'],
    ['Disabled internal triggers:', (e, i) => (e === 'D' || e === 'f') && i === 't'],
    ['Triggers firing always:', e => e === 'A'],
    ['Triggers firing on replica only:', e => e === 'R'],
  ]
  for (const [heading, member] of groups) {
    const rows = r.rows.filter(row => member((row[2] ?? '').charAt(0), (row[3] ?? '').charAt(0)))
    if (rows.length > 0) footers.push(heading)
    for (const row of rows) {
      const def = row[1] ?? ''
      const at = def.indexOf(' TRIGGER ')
      footers.push('    ' + (at >= 0 ? def.slice(at + 9) : def) + (row[4] !== null ? `, ON TABLE ${row[4]}` : ''))
    }
  }
}

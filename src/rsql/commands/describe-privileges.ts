/**
 * `\dp` and `\z`: psql 15's permissionsList. Tables, views, materialized views, sequences, foreign
 * and partitioned tables with their access privileges, column privileges and row-level security
 * policies. psql 15 reads no modifiers: every `\dp…` lists the same (`\z` only as written).
 */
import type { ScriptContext } from '../context.ts'
import { hiddenQuery, patternWhere, printCatalog, withServerVersion } from './catalog.ts'
import type { MetaCommand } from './types.ts'

export const isPermissionsList = (name: string): boolean => name === 'z' || name.startsWith('dp')

export const permissionsListCommand: MetaCommand = async (args, ctx) => {
  const pattern = args.next()
  return withServerVersion(ctx, version => permissionsList(ctx, pattern, version))
}

/** The policy text psql composes: name, (RESTRICTIVE), the command, USING (u), WITH CHECK (c), the roles. */
function policiesColumn(version: number): string {
  const restrictive = version >= 100000 ? "\n    || CASE WHEN NOT polpermissive THEN\n       E' (RESTRICTIVE)'\n       ELSE '' END" : ''
  return ',\n  pg_catalog.array_to_string(ARRAY(\n    SELECT polname' + restrictive +
    "\n    || CASE WHEN polcmd != '*' THEN\n           E' (' || polcmd::pg_catalog.text || E'):'\n       ELSE E':'\n       END" +
    "\n    || CASE WHEN polqual IS NOT NULL THEN\n           E'\\n  (u): ' || pg_catalog.pg_get_expr(polqual, polrelid)\n       ELSE E''\n       END" +
    "\n    || CASE WHEN polwithcheck IS NOT NULL THEN\n           E'\\n  (c): ' || pg_catalog.pg_get_expr(polwithcheck, polrelid)\n       ELSE E''\n       END" +
    "    || CASE WHEN polroles <> '{0}' THEN\n           E'\\n  to: ' || pg_catalog.array_to_string(\n               ARRAY(\n" +
    '                   SELECT rolname\n                   FROM pg_catalog.pg_roles\n                   WHERE oid = ANY (polroles)\n' +
    "                   ORDER BY 1\n               ), E', ')\n       ELSE E''\n       END" +
    "\n    FROM pg_catalog.pg_policy pol\n    WHERE polrelid = c.oid), E'\\n')\n    AS \"Policies\""
}

async function permissionsList(ctx: ScriptContext, pattern: string | null, version: number): Promise<boolean> {
  // indexes and TOAST tables are left out: they have no meaningful rights
  let sql = 'SELECT n.nspname as "Schema",\n  c.relname as "Name",\n' +
    "  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'" +
    " WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' END as \"Type\",\n" +
    "  pg_catalog.array_to_string(c.relacl, E'\\n') AS \"Access privileges\"" +
    ",\n  pg_catalog.array_to_string(ARRAY(\n    SELECT attname || E':\\n  ' || pg_catalog.array_to_string(attacl, E'\\n  ')\n" +
    '    FROM pg_catalog.pg_attribute a\n    WHERE attrelid = c.oid AND NOT attisdropped AND attacl IS NOT NULL\n' +
    "  ), E'\\n') AS \"Column privileges\""
  if (version >= 90500) sql += policiesColumn(version)
  sql += "\nFROM pg_catalog.pg_class c\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\nWHERE c.relkind IN ('r','v','m','S','f','p')\n"
  const cond = patternWhere(ctx, pattern, {
    schemaVar: 'n.nspname', nameVar: 'c.relname', visibility: "n.nspname !~ '^pg_' AND pg_catalog.pg_table_is_visible(c.oid)",
    haveWhere: true, maxParts: 3,
  }, version)
  if (cond === null) return false
  const r = await hiddenQuery(ctx, sql + cond + 'ORDER BY 1, 2;')
  if (!r) return false
  printCatalog(ctx, r, 'Access privileges')
  return true
}

/**
 * `\dx`: psql 15's listExtensions; `\dx+`: listExtensionContents, the objects of each matching
 * extension under its own title. psql 15 reads `+` anywhere in the name and ignores other letters.
 */
import type { ScriptContext } from '../context.ts'
import { reportError } from '../messages.ts'
import { hiddenQuery, patternWhere, printCatalog, withServerVersion } from './catalog.ts'
import type { MetaCommand } from './types.ts'

export const isExtensionList = (name: string): boolean => name.startsWith('dx')

export function extensionsCommand(name: string): MetaCommand {
  const verbose = name.includes('+')
  return async (args, ctx) => {
    const pattern = args.next()
    return withServerVersion(ctx, version => verbose ? listExtensionContents(ctx, pattern, version) : listExtensions(ctx, pattern, version))
  }
}

const byName = { nameVar: 'e.extname', haveWhere: false, maxParts: 1 }

async function listExtensions(ctx: ScriptContext, pattern: string | null, version: number): Promise<boolean> {
  const sql = 'SELECT e.extname AS "Name", e.extversion AS "Version", n.nspname AS "Schema", c.description AS "Description"\n' +
    'FROM pg_catalog.pg_extension e LEFT JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace' +
    " LEFT JOIN pg_catalog.pg_description c ON c.objoid = e.oid AND c.classoid = 'pg_catalog.pg_extension'::pg_catalog.regclass\n"
  const cond = patternWhere(ctx, pattern, byName, version)
  if (cond === null) return false
  const r = await hiddenQuery(ctx, sql + cond + 'ORDER BY 1;')
  if (!r) return false
  printCatalog(ctx, r, 'List of installed extensions')
  return true
}

/** No extension matching is the command's failure, as `\d NAME` finding no relation. */
async function listExtensionContents(ctx: ScriptContext, pattern: string | null, version: number): Promise<boolean> {
  const cond = patternWhere(ctx, pattern, byName, version)
  if (cond === null) return false
  const r = await hiddenQuery(ctx, 'SELECT e.extname, e.oid\nFROM pg_catalog.pg_extension e\n' + cond + 'ORDER BY 1;')
  if (!r) return false
  if (r.rows.length === 0) {
    if (!ctx.settings.quiet) reportError(ctx, pattern !== null ? `Did not find any extension named "${pattern}".` : 'Did not find any extensions.')
    return false
  }
  for (const [name, oid] of r.rows) {
    const objects = await hiddenQuery(ctx, 'SELECT pg_catalog.pg_describe_object(classid, objid, 0) AS "Object description"\n' +
      "FROM pg_catalog.pg_depend\nWHERE refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass" +
      ` AND refobjid = '${oid ?? ''}' AND deptype = 'e'\nORDER BY 1;`)
    if (!objects) return false
    printCatalog(ctx, objects, `Objects in extension "${name ?? ''}"`)
  }
  return true
}

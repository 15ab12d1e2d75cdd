/**
 * `\df`: psql 15's describeFunctions. The letters after `\df` choose the kinds (`a` aggregates, `n`
 * normal functions, `p` procedures, `t` trigger functions, `w` window functions; none: all of them),
 * `S` adds system functions, `+` more columns. After the name pattern, each argument is a pattern for
 * that parameter's type (`-`: no such parameter), as psql's exec_command_dfo reads them.
 */
import type { ScriptContext } from '../context.ts'
import { reportError } from '../messages.ts'
import { hiddenQuery, patternWhere, printCatalog, withServerVersion } from './catalog.ts'
import type { MetaCommand } from './types.ts'

/** The names psql 15 runs as `\df` (the third letter one of its options); `\dfx` is an invalid command there. */
export const isDescribeFunctions = (name: string): boolean => /^df(?:$|[anptwS+])/.test(name)

/** psql's FUNC_MAX_ARGS: how many argument-type patterns exec_command_dfo reads at most. */
const FUNC_MAX_ARGS = 100

export function describeFunctionsCommand(name: string): MetaCommand {
  const functypes = name.slice(2)
  return async (args, ctx) => {
    const pattern = args.next()
    const argPatterns: string[] = []
    if (pattern !== null) {
      for (let a = args.next(); a !== null; a = args.next()) {
        argPatterns.push(a)
        if (argPatterns.length >= FUNC_MAX_ARGS) break
      }
    }
    return withServerVersion(ctx, version => describeFunctions(ctx, functypes, pattern, argPatterns, version))
  }
}

/** formatPGVersionNumber without the minor number: `8.0`, `9.6`, `15`. */
function shortVersion(v: number): string {
  return v >= 100000 ? String(Math.floor(v / 10000)) : `${Math.floor(v / 10000)}.${Math.floor(v / 100) % 100}`
}

/**
 * psql's map_typename_pattern: names the grammar accepts that are neither pg_type's name nor
 * format_type's, mapped to the canonical one (case ignored).
 */
const TYPE_NAMES: Record<string, string> = {
  decimal: 'numeric', float: 'double precision', int: 'integer', 'bool[]': 'boolean[]', 'decimal[]': 'numeric[]',
  'float[]': 'double precision[]', 'float4[]': 'real[]', 'float8[]': 'double precision[]', 'int[]': 'integer[]',
  'int2[]': 'smallint[]', 'int4[]': 'integer[]', 'int8[]': 'bigint[]', 'time[]': 'time without time zone[]',
  'timetz[]': 'time with time zone[]', 'timestamp[]': 'timestamp without time zone[]',
  'timestamptz[]': 'timestamp with time zone[]', 'varbit[]': 'bit varying[]', 'varchar[]': 'character varying[]',
}
const mapTypeName = (pattern: string): string => TYPE_NAMES[pattern.toLowerCase()] ?? pattern

const TRIGGER = "'pg_catalog.trigger'::pg_catalog.regtype"

async function describeFunctions(ctx: ScriptContext, functypes: string, pattern: string | null, argPatterns: string[], version: number): Promise<boolean> {
  // psql reports these and counts the command a success
  if (!/^[anptwS+]*$/.test(functypes)) {
    reportError(ctx, '\\df only takes [anptwS+] as options')
    return true
  }
  let showAggregate = functypes.includes('a'), showNormal = functypes.includes('n'), showProcedure = functypes.includes('p')
  let showTrigger = functypes.includes('t'), showWindow = functypes.includes('w')
  const verbose = functypes.includes('+'), showSystem = functypes.includes('S')
  const modern = version >= 110000 // prokind rather than proisagg and proiswindow
  if (showProcedure && !modern) {
    reportError(ctx, `\\df does not take a "p" option with server version ${shortVersion(version)}`)
    return true
  }
  if (!showAggregate && !showNormal && !showProcedure && !showTrigger && !showWindow) {
    showAggregate = showNormal = showTrigger = showWindow = true
    if (modern) showProcedure = true
  }

  let sql = 'SELECT n.nspname as "Schema",\n  p.proname as "Name",\n' +
    '  pg_catalog.pg_get_function_result(p.oid) as "Result data type",\n' +
    '  pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types",\n'
  sql += modern
    ? " CASE p.prokind\n  WHEN 'a' THEN 'agg'\n  WHEN 'w' THEN 'window'\n  WHEN 'p' THEN 'proc'\n  ELSE 'func'\n END as \"Type\""
    : " CASE\n  WHEN p.proisagg THEN 'agg'\n  WHEN p.proiswindow THEN 'window'\n" +
      `  WHEN p.prorettype = ${TRIGGER} THEN 'trigger'\n  ELSE 'func'\n END as "Type"`
  if (verbose) {
    sql += ",\n CASE\n  WHEN p.provolatile = 'i' THEN 'immutable'\n  WHEN p.provolatile = 's' THEN 'stable'\n" +
      "  WHEN p.provolatile = 'v' THEN 'volatile'\n END as \"Volatility\""
    if (version >= 90600) {
      sql += ",\n CASE\n  WHEN p.proparallel = 'r' THEN 'restricted'\n  WHEN p.proparallel = 's' THEN 'safe'\n" +
        "  WHEN p.proparallel = 'u' THEN 'unsafe'\n END as \"Parallel\""
    }
    sql += ',\n pg_catalog.pg_get_userbyid(p.proowner) as "Owner"' +
      ",\n CASE WHEN prosecdef THEN 'definer' ELSE 'invoker' END AS \"Security\"" +
      ",\n pg_catalog.array_to_string(p.proacl, E'\\n') AS \"Access privileges\"" +
      ',\n l.lanname as "Language"'
    sql += version >= 140000
      ? ',\n COALESCE(pg_catalog.pg_get_function_sqlbody(p.oid), p.prosrc) as "Source code"'
      : ',\n p.prosrc as "Source code"'
    sql += ",\n pg_catalog.obj_description(p.oid, 'pg_proc') as \"Description\""
  }
  sql += '\nFROM pg_catalog.pg_proc p\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace\n'
  argPatterns.forEach((_, i) => {
    sql += `     LEFT JOIN pg_catalog.pg_type t${i} ON t${i}.oid = p.proargtypes[${i}]\n` +
      `     LEFT JOIN pg_catalog.pg_namespace nt${i} ON nt${i}.oid = t${i}.typnamespace\n`
  })
  if (verbose) sql += '     LEFT JOIN pg_catalog.pg_language l ON l.oid = p.prolang\n'

  let haveWhere = false
  const and = (cond: string) => {
    sql += (haveWhere ? '      AND ' : 'WHERE ') + cond + '\n'
    haveWhere = true
  }
  if (showNormal && showAggregate && showProcedure && showTrigger && showWindow) {
    // every kind: no filter
  } else if (showNormal) {
    if (!showAggregate) and(modern ? "p.prokind <> 'a'" : 'NOT p.proisagg')
    if (!showProcedure && modern) and("p.prokind <> 'p'")
    if (!showTrigger) and(`p.prorettype <> ${TRIGGER}`)
    if (!showWindow) and(modern ? "p.prokind <> 'w'" : 'NOT p.proiswindow')
  } else {
    const kinds: string[] = []
    if (showAggregate) kinds.push(modern ? "p.prokind = 'a'" : 'p.proisagg')
    if (showTrigger) kinds.push(`p.prorettype = ${TRIGGER}`)
    if (showProcedure) kinds.push("p.prokind = 'p'")
    if (showWindow) kinds.push(modern ? "p.prokind = 'w'" : 'p.proiswindow')
    sql += 'WHERE (\n       ' + kinds.map(k => k + '\n').join('       OR ') + '      )\n'
    haveWhere = true
  }

  const cond = patternWhere(ctx, pattern, {
    schemaVar: 'n.nspname', nameVar: 'p.proname', visibility: 'pg_catalog.pg_function_is_visible(p.oid)', haveWhere, maxParts: 3,
  }, version)
  if (cond === null) return false
  sql += cond
  for (const [i, argPattern] of argPatterns.entries()) {
    if (argPattern === '-') {
      sql += `  AND t${i}.typname IS NULL\n`
      continue
    }
    // a type pattern matches the internal or the external name, as `\dT` (arrays and composites too)
    const typeCond = patternWhere(ctx, mapTypeName(argPattern), {
      schemaVar: `nt${i}.nspname`, nameVar: `t${i}.typname`, altNameVar: `pg_catalog.format_type(t${i}.oid, NULL)`,
      visibility: `pg_catalog.pg_type_is_visible(t${i}.oid)`, haveWhere: true, maxParts: 3,
    }, version)
    if (typeCond === null) return false
    sql += typeCond
  }
  if (!showSystem && pattern === null) sql += "      AND n.nspname <> 'pg_catalog'\n      AND n.nspname <> 'information_schema'\n"

  const r = await hiddenQuery(ctx, sql + 'ORDER BY 1, 2, 4;')
  if (!r) return false
  printCatalog(ctx, r, 'List of functions')
  return true
}

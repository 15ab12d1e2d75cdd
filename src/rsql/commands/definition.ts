/**
 * `\sf[+] FUNCTION` and `\sv[+] VIEW`: a function's or a view's definition as a CREATE OR REPLACE command,
 * as psql 15's exec_command_sf_sv: the name (the rest of the line) is cast to regproc / regprocedure /
 * regclass for its OID, then pg_get_functiondef, or pg_get_viewdef with the view's options; `+` numbers the
 * lines (a function's from the line its body starts on). The queries run as they are (not psql's
 * PSQLexec: no BEGIN under AUTOCOMMIT off), shown under ECHO_HIDDEN; a failure is psql's terse
 * `ERROR:  message`.
 */
import { toWarehouseError, type StatementResult } from '../../warehouse/index.ts'
import type { ScriptContext } from '../context.ts'
import { reportError } from '../messages.ts'
import { echoHidden } from './catalog.ts'
import { fmtId, parseTextArray, plainLiteral, stringLiteral } from './identifiers.ts'
import type { MetaCommand } from './types.ts'

type ObjectKind = 'function' | 'view'

export const showDefinition = (kind: ObjectKind, numbered: boolean): MetaCommand => async (args, ctx) => {
  const desc = args.rest().trimStart()
  if (desc === '') { reportError(ctx, `${kind} name is required`); return 'error' }
  const oid = await lookupOid(ctx, kind, desc)
  if (oid === null) return 'error'
  const definition = await createCommand(ctx, kind, oid)
  if (definition === null) return 'error'
  ctx.queryOut.write(numbered ? withLineNumbers(definition, kind === 'function') : definition)
}

/** psql's lookup_object_oid. */
async function lookupOid(ctx: ScriptContext, kind: ObjectKind, desc: string): Promise<string | null> {
  const cast = kind === 'view' ? 'regclass' : desc.includes('(') ? 'regprocedure' : 'regproc'
  const r = await exec(ctx, `SELECT ${stringLiteral(desc)}::pg_catalog.${cast}::pg_catalog.oid`)
  return r === null ? null : r.rows[0][0] ?? ''
}

/** psql's get_create_object_cmd: the definition, ending with a newline (null: reported). */
async function createCommand(ctx: ScriptContext, kind: ObjectKind, oid: string): Promise<string | null> {
  if (kind === 'function') {
    const r = await exec(ctx, `SELECT pg_catalog.pg_get_functiondef(${oid})`)
    return r === null ? null : endLine(r.rows[0][0] ?? '')
  }
  const r = await exec(ctx, 'SELECT nspname, relname, relkind, pg_catalog.pg_get_viewdef(c.oid, true), ' +
    "pg_catalog.array_remove(pg_catalog.array_remove(c.reloptions,'check_option=local'),'check_option=cascaded') AS reloptions, " +
    "CASE WHEN 'check_option=local' = ANY (c.reloptions) THEN 'LOCAL'::text WHEN 'check_option=cascaded' = ANY (c.reloptions) THEN 'CASCADED'::text ELSE NULL END AS checkoption " +
    `FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid WHERE c.oid = ${oid}`)
  if (r === null) return null
  const [nspname, relname, relkind, viewdef, reloptions, checkoption] = r.rows[0].map(v => v ?? '')
  let ok = true
  if (relkind !== 'v') {
    reportError(ctx, `"${nspname}.${relname}" is not a view`)
    ok = false
  }
  let text = `CREATE OR REPLACE VIEW ${fmtId(nspname)}.${fmtId(relname)}`
  if (reloptions.length > 2) {
    const options = parseTextArray(reloptions)
    if (options === null) {
      reportError(ctx, 'could not parse reloptions array')
      ok = false
    } else text += `\n WITH (${options.map(reloption).join(', ')})`
  }
  text += ` AS\n${viewdef}`
  if (text.endsWith(';')) text = text.slice(0, -1) // pg_get_viewdef ends with one
  if (checkoption !== '') text += `\n WITH ${checkoption} CHECK OPTION`
  return ok ? endLine(text) : null
}

/** psql's appendReloptionsArray: `name=value`, the value quoted unless it reads as an identifier. */
function reloption(option: string): string {
  const eq = option.indexOf('=')
  const name = eq < 0 ? option : option.slice(0, eq)
  const value = eq < 0 ? '' : option.slice(eq + 1)
  return `${fmtId(name)}=${fmtId(value) === value ? value : plainLiteral(value)}`
}

function endLine(text: string): string {
  return text.length > 0 && !text.endsWith('\n') ? text + '\n' : text
}

/**
 * psql's print_with_linenumbers: a function's header lines (up to the one starting `AS `, `BEGIN ` or
 * `RETURN `) unnumbered, indented by 8; the others numbered from 1, the number left-aligned in 7 columns.
 */
export function withLineNumbers(text: string, isFunction: boolean): string {
  let inHeader = isFunction
  let lineNo = 0
  let out = ''
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  for (const line of lines) {
    if (inHeader && (line.startsWith('AS ') || line.startsWith('BEGIN ') || line.startsWith('RETURN '))) inHeader = false
    if (inHeader) out += `        ${line}\n`
    else out += `${String(++lineNo).padEnd(7)} ${line}\n`
  }
  return out
}

/**
 * One catalog query as psql's \sf runs it (PQexec after echo_hidden_command): null when nothing ran (noexec)
 * or it failed, reported as psql's minimal_error_message reports it; a result is one row.
 */
async function exec(ctx: ScriptContext, sql: string): Promise<StatementResult | null> {
  if (!echoHidden(ctx, sql)) return null
  if (!ctx.session) { reportError(ctx, 'ERROR:  (not available)'); return null }
  try {
    const results = await ctx.session.query(sql)
    const r = results[results.length - 1]
    if (r && r.rows.length === 1) return r
    reportError(ctx, 'ERROR:  (not available)')
    return null
  } catch (e) {
    const err = toWarehouseError(e)
    reportError(ctx, `${err.severity || 'ERROR'}:  ${err.message || '(not available)'}`)
    return null
  }
}

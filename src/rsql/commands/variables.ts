/** `\set`, `\unset`, `\setenv`, `\getenv`. */
import type { Session } from '../../warehouse/index.ts'
import { reportError } from '../messages.ts'
import { clientEncoding } from '../status.ts'
import type { MetaCommand } from './types.ts'
import { readStdin } from '../single-step.ts'

export const set: MetaCommand = (args, ctx) => {
  const name = args.next()
  if (name === null) {
    for (const [k, v] of ctx.vars.entries()) ctx.out.write(`${k} = '${v}'\n`)
    return
  }
  const value = args.all().join('')
  const problem = ctx.vars.set(name, value)
  if (problem) { reportError(ctx, problem); return 'error' }
}

export const unset: MetaCommand = (args, ctx) => {
  const name = args.next()
  if (name === null) { reportError(ctx, '\\unset: missing required argument'); return 'error' }
  const problem = ctx.vars.unset(name)
  if (problem) { reportError(ctx, problem); return 'error' }
}

export const setenv: MetaCommand = (args, ctx) => {
  const name = args.next()
  const value = args.next()
  if (name === null) { reportError(ctx, '\\setenv: missing required argument'); return 'error' }
  if (name.includes('=')) { reportError(ctx, '\\setenv: environment variable name must not contain "="'); return 'error' }
  if (value === null) delete ctx.env[name]
  else ctx.env[name] = value
}

/**
 * `\prompt [text] name`: a line of stdin into a variable, the text shown first on stdout, as psql reads it while
 * it runs a script file (`-f`, `\i`; the next line of a script on stdin with `-f -`). Elsewhere psql asks the
 * terminal, which rsql does not.
 */
export const prompt: MetaCommand = async (args, ctx) => {
  const first = args.next()
  const second = args.next()
  if (first === null) { reportError(ctx, '\\prompt: missing required argument'); return 'error' }
  const source = ctx.frame.source
  if (source.command || source.bare || source.more) { reportError(ctx, '\\prompt is not supported by rsql outside a script file'); return 'error' }
  if (second !== null) {
    ctx.out.write(first)
    ctx.out.flush()
  }
  const value = await readStdin(ctx, Infinity)
  if (value === undefined) { reportError(ctx, '\\prompt: could not read value for variable'); return 'error' }
  const problem = ctx.vars.set(second ?? first, value)
  if (problem) { reportError(ctx, problem); return 'error' }
}

export const getenv: MetaCommand = (args, ctx) => {
  const variable = args.next()
  const name = args.next()
  if (variable === null || name === null) { reportError(ctx, '\\getenv: missing required argument'); return 'error' }
  const value = ctx.env[name]
  if (value !== undefined) {
    const problem = ctx.vars.set(variable, value)
    if (problem) { reportError(ctx, problem); return 'error' }
  }
}

/**
 * `\encoding [NAME]`: the client encoding shown, or set as libpq's PQsetClientEncoding sets it: a name the server
 * does not know is not sent (a transaction block stays as it was), a known one is SET as it is written (unquoted,
 * as libpq writes it). A failure is reported, but is no error of the script's (psql 15 goes on under ON_ERROR_STOP).
 * The script's bytes and the server's go through unchanged whatever the encoding (raw-text.ts).
 */
export const encoding: MetaCommand = async (args, ctx) => {
  const name = args.next()
  if (name === null) {
    ctx.out.write((ctx.encoding ?? 'UTF8') + '\n')
    return
  }
  if (!ctx.session || !await setClientEncoding(ctx.session, name)) {
    reportError(ctx, `${name}: invalid encoding name or conversion procedure not found`)
    return
  }
  ctx.encoding = clientEncoding(ctx.session) ?? ctx.encoding
  if (ctx.encoding) ctx.vars.setStatus('ENCODING', ctx.encoding)
}

async function setClientEncoding(session: Session, name: string): Promise<boolean> {
  try {
    const known = await session.query(`select pg_catalog.pg_char_to_encoding('${name.replace(/'/g, "''")}') >= 0`)
    if (known[0]?.rows[0]?.[0] !== 't') return false
    await session.query(`set client_encoding to '${name}'`)
    return true
  } catch {
    return false
  }
}

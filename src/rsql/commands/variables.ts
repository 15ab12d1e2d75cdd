/** `\set`, `\unset`, `\setenv`, `\getenv`. */
import { reportError } from '../messages.ts'
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

/** `\encoding [NAME]`: the client encoding, which is UTF8 (the warehouse sessions read and write nothing else). */
export const encoding: MetaCommand = (args, ctx) => {
  const name = args.next()
  if (name === null) {
    ctx.out.write('UTF8\n')
    return
  }
  if (!/^(utf-?8|unicode)$/i.test(name)) {
    reportError(ctx, `\\encoding: rsql reads and writes UTF8 only, not ${name}`)
    return 'error'
  }
}

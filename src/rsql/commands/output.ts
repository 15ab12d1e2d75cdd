/**
 * Printing and output settings: `\echo`, `\qecho`, `\warn`, `\remark`, `\pset`, `\x`, `\t`, `\a`,
 * `\H`, `\f`, `\C`, `\timing`, `\o`. Print options belong to the output room; these handlers
 * only read arguments and call it.
 */
import { resolve } from 'node:path'
import { effectivePrintOptions, pset, psetNow, type OutputSettings } from '../output/index.ts'
import { closeQueryOutput, openQueryOutput } from '../query-output.ts'
import { describeIoError, expandTilde } from '../paths.ts'
import { parseBoolean } from '../expression.ts'
import { reportError, writeErr } from '../messages.ts'
import type { ScriptContext } from '../context.ts'
import type { MetaCommand, Outcome } from './types.ts'
import type { Arg } from '../args.ts'

/** The text of `\echo`, `\qecho` and `\warn`: a first argument -n, written without quotes or variables, drops the newline. */
function echoText(args: Arg[]): string {
  const words = args.map(a => a.value)
  if (args[0]?.value === '-n' && !args[0].quoting) return words.slice(1).join(' ')
  return words.join(' ') + '\n'
}

export const echo: MetaCommand = (args, ctx) => { ctx.out.write(echoText(args.allArgs())) }
export const qecho: MetaCommand = (args, ctx) => { ctx.queryOut.write(echoText(args.allArgs())) }
export const warn: MetaCommand = (args, ctx) => { writeErr(ctx, echoText(args.allArgs())) }

/** `\remark text…`: like `\echo`, and `//` breaks the line. */
export const remark: MetaCommand = (args, ctx) => {
  ctx.out.write(args.all().join(' ').split('//').join('\n') + '\n')
}

function show(ctx: ScriptContext, r: { message?: string; error?: string }, always = false): Outcome {
  if (r.error) { reportError(ctx, r.error); return 'error' }
  if (r.message !== undefined && (always || !ctx.settings.quiet)) ctx.out.write(r.message + '\n')
}

export const pset_: MetaCommand = (args, ctx) => {
  const name = args.next()
  const value = name === null ? null : args.next()
  if (name === null) return show(ctx, pset(ctx.output), true)
  return show(ctx, pset(ctx.output, name, value ?? undefined))
}

const now = (name: string, value?: string) => (args: Parameters<MetaCommand>[0], ctx: ScriptContext): Outcome => {
  const arg = args.next()
  return show(ctx, psetNow(ctx.output, name, arg ?? value))
}

export const expanded = now('expanded')
export const tuplesOnly = now('tuples_only')
export const fieldsep = now('fieldsep')
export const title = now('title')
/** `\T [attributes]`: the HTML table's attributes (psql's \pset tableattr), at once as \H. */
export const tableAttr = now('tableattr')

export const aligned: MetaCommand = (_args, ctx) => {
  const format = currentFormat(ctx.output)
  return show(ctx, psetNow(ctx.output, 'format', format !== 'aligned' ? 'aligned' : 'unaligned'))
}

export const html: MetaCommand = (_args, ctx) => {
  const format = currentFormat(ctx.output)
  return show(ctx, psetNow(ctx.output, 'format', format !== 'html' ? 'html' : 'aligned'))
}

function currentFormat(s: OutputSettings): string {
  return effectivePrintOptions(s).format
}

export const timing: MetaCommand = (args, ctx) => {
  const arg = args.next()
  const b = arg === null ? !ctx.settings.timing : parseBoolean(arg)
  if (b === undefined) reportError(ctx, `unrecognized value "${arg}" for "\\timing": Boolean expected`)
  else ctx.settings.timing = b
  // as psql's: the setting is shown after a value it could not read too
  if (!ctx.settings.quiet) ctx.out.write(`Timing is ${ctx.settings.timing ? 'on' : 'off'}.\n`)
  return b === undefined ? 'error' : undefined
}

/** `\o [file|\|command]`: query results go to the file (or the command's stdin) until `\o` alone. */
export const out: MetaCommand = async (args, ctx) => {
  const target = args.next('filepipe')
  if (ctx.queryOut !== ctx.out) {
    const previous = ctx.queryOut
    ctx.queryOut = ctx.out
    ctx.queryOutPath = undefined
    await closeQueryOutput(previous)
  }
  if (target === null || target === '') return // psql's setQFout: an empty name is stdout
  const name = expandTilde(target, ctx.env.HOME)
  try {
    ctx.queryOut = openQueryOutput(ctx, name)
    if (!name.startsWith('|')) ctx.queryOutPath = resolve(ctx.cwd, name)
  } catch (e) {
    reportError(ctx, `${name}: ${describeIoError(e)}`)
    return 'error'
  }
}

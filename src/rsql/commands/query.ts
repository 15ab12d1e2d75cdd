/** The query buffer: `\g`, `\gx`, `\gset [prefix]`, `\gexec` send it; `\r` clears it; `\p` prints it. */
import type { Frame, ScriptContext } from '../context.ts'
import type { SendOptions } from '../execute.ts'
import { reportError, reportVerboseError } from '../messages.ts'
import { activePrintOptions, applyPset, clonePrintOptions } from '../output/index.ts'
import type { MetaCommand, Outcome } from './types.ts'

/** The frames of a `-c` string's one meta-command: psql runs it with no query buffer (`\w` says so). */
const noQueryBuffer = new WeakSet<Frame>()

export function withoutQueryBuffer(frame: Frame): void {
  noQueryBuffer.add(frame)
}

export function hasQueryBuffer(frame: Frame): boolean {
  return !noQueryBuffer.has(frame)
}

/** `\g [FILE|\|command]`, `\gx …`: the buffer sent, its rows to the file or command when one is named. */
export const g: MetaCommand = (args, ctx) => sendWith(args, ctx, 'g', {})

export const gx: MetaCommand = (args, ctx) => sendWith(args, ctx, 'gx', { expanded: true })

/**
 * psql's exec_command_g: `(name=value …)` first gives `\pset` options for this statement only (checked at
 * once: one refused, or no `)`, and nothing is sent), then a file or `|command` may follow.
 */
function sendWith(args: Parameters<MetaCommand>[0], ctx: ScriptContext, name: string, send: SendOptions): Outcome {
  let target = args.next('filepipe')
  if (target !== null && target.startsWith('(')) {
    const pset: [string, string | undefined][] = []
    const check = clonePrintOptions(activePrintOptions(ctx.output))
    let option: string | null = target.slice(1)
    for (;;) {
      if (option === null) {
        if (!args.active) return
        reportError(ctx, `\\${name}: missing right parenthesis`)
        return 'error'
      }
      const closed = option.endsWith(')')
      if (closed) option = option.slice(0, -1)
      if (option.length > 0) {
        const eq = option.indexOf('=')
        const entry: [string, string | undefined] = eq < 0 ? [option, undefined] : [option.slice(0, eq), option.slice(eq + 1)]
        if (args.active) {
          const outcome = applyPset(check, entry[0], entry[1])
          if (outcome.error) { reportError(ctx, outcome.error); return 'error' }
        }
        pset.push(entry)
      }
      if (closed) break
      option = args.next()
    }
    send = { ...send, pset }
    target = args.next('filepipe')
  }
  if (!args.active) return
  return { send: target === null || target === '' ? send : { ...send, output: target } } // an empty name: stdout, as psql's
}

export const gset: MetaCommand = args => ({ send: { gset: { prefix: args.next() ?? '' } } })

export const gexec: MetaCommand = () => ({ send: { gexec: true } })

/** `\gdesc`: send the buffer to be described, not run. */
export const gdesc: MetaCommand = () => ({ send: { describe: true } })

export const reset: MetaCommand = (_args, ctx) => {
  ctx.frame.buf.text = ''
  if (!ctx.settings.quiet) ctx.out.write('Query buffer reset (cleared).\n')
}

export const print: MetaCommand = (_args, ctx) => {
  // as psql: an empty buffer shows the query sent last
  const text = ctx.frame.buf.text || ctx.lastQuery || ''
  if (text.length > 0) ctx.out.write(text + '\n')
  else if (!ctx.settings.quiet) ctx.out.write('Query buffer is empty.\n')
}

/** `\errverbose`: the last server error again, at full verbosity. */
export const errverbose: MetaCommand = (_args, ctx) => {
  const last = ctx.lastServerError
  if (!last) ctx.out.write('There is no previous error.\n')
  else reportVerboseError(ctx, last.err, last.query)
}

/** `\crosstabview [colV [colH [colD [sortcolH]]]]`: send the buffer, its last result printed pivoted. */
export const crosstabview: MetaCommand = args => {
  const columns: (string | null)[] = []
  for (let i = 0; i < 4; i++) columns.push(args.next())
  return { send: { crosstab: columns } }
}

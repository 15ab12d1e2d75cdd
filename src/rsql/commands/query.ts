/** The query buffer: `\g`, `\gx`, `\gset [prefix]`, `\gexec` send it; `\r` clears it; `\p` prints it. */
import type { Frame } from '../context.ts'
import { reportVerboseError } from '../messages.ts'
import type { MetaCommand } from './types.ts'

/** The frames of a `-c` string's one meta-command: psql runs it with no query buffer (`\w` says so). */
const noQueryBuffer = new WeakSet<Frame>()

export function withoutQueryBuffer(frame: Frame): void {
  noQueryBuffer.add(frame)
}

export function hasQueryBuffer(frame: Frame): boolean {
  return !noQueryBuffer.has(frame)
}

/** `\g [FILE|\|command]`, `\gx …`: the buffer sent, its rows to the file or command when one is named. */
export const g: MetaCommand = args => {
  const target = args.next('filepipe')
  if (!args.active) return
  return { send: target === null ? {} : { output: target } }
}

export const gx: MetaCommand = args => {
  const target = args.next('filepipe')
  return { send: target === null ? { expanded: true } : { expanded: true, output: target } }
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

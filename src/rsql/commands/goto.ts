/**
 * `\goto LABEL` and `\label LABEL`. A jump goes forward only: lines up to the label are read but
 * not run; each other `\label` passed prints `\label X ignored`, the target `\label X processed`.
 * Labels match without regard to case, within the current file.
 */
import { reportError } from '../messages.ts'
import type { MetaCommand } from './types.ts'

export const goto: MetaCommand = (args, ctx) => {
  const label = args.next()
  if (!args.active) return
  if (label === null) {
    reportError(ctx, '\\goto: missing required argument')
    return 'error'
  }
  const key = label.toUpperCase()
  if (ctx.frame.labels.has(key)) {
    reportError(ctx, `\\goto: label "${label}" is before the \\goto; a \\goto jumps forward only`)
    return 'error'
  }
  ctx.frame.goto = { label: key, line: ctx.frame.lineNo }
}

export const label: MetaCommand = (args, ctx) => {
  const name = args.next()
  const frame = ctx.frame
  if (name === null) {
    if (frame.cond.active() && !frame.goto) { reportError(ctx, '\\label: missing required argument'); return 'error' }
    return
  }
  const key = name.toUpperCase()
  frame.labels.add(key)
  if (!frame.goto) return
  if (frame.goto.label === key) {
    frame.goto = undefined
    frame.cond.enterFrom(0)
    ctx.out.write(`\\label ${name} processed\n`)
  } else {
    ctx.out.write(`\\label ${name} ignored\n`)
  }
}

/** `\if`, `\elseif` (`\elif`), `\else`, `\endif`, and the ways out: `\q`, `\quit`, `\exit [n]`. */
import { evaluateCondition, type Evaluation } from '../expression.ts'
import type { ScriptContext } from '../context.ts'
import { reportError } from '../messages.ts'
import type { MetaCommand, Outcome } from './types.ts'

export const if_: MetaCommand = (args, ctx) => {
  const list = args.allArgs()
  const active = args.active
  return enterIf(ctx, active, active ? evaluateCondition(list, '\\if') : undefined)
}

/** Opens an `\if` block: ignored inside an inactive branch, else taken by the expression's value. */
export function enterIf(ctx: ScriptContext, active: boolean, r: Evaluation | undefined): Outcome {
  const { cond } = ctx.frame
  if (!active || !r) { cond.push('ignored'); return }
  if (r.error) reportError(ctx, r.error)
  cond.push(r.value ? 'true' : 'false')
  return r.error ? 'error' : undefined
}

export const elseif: MetaCommand = (args, ctx) => {
  const { cond, goto } = ctx.frame
  const state = cond.peek()
  // as psql: a branch not yet taken becomes active before its expression is read, so it interpolates
  if (state === 'false' && !goto) cond.poke('true')
  const list = args.allArgs()
  switch (state) {
    case 'true': cond.poke('ignored'); return
    case 'false': {
      if (goto) return // a \goto is skipping: nothing is evaluated
      const r = evaluateCondition(list, '\\elseif')
      if (r.error) reportError(ctx, r.error)
      cond.poke(r.value ? 'true' : 'false')
      return r.error ? 'error' : undefined
    }
    case 'ignored': return
    case 'elseTrue': case 'elseFalse':
      reportError(ctx, '\\elseif: cannot occur after \\else')
      return 'error'
    case 'none':
      reportError(ctx, '\\elseif: no matching \\if')
      return 'error'
  }
}

export const else_: MetaCommand = (_args, ctx) => {
  const { cond } = ctx.frame
  switch (cond.peek()) {
    case 'true': case 'ignored': cond.poke('elseFalse'); return
    case 'false': cond.poke('elseTrue'); return
    case 'elseTrue': case 'elseFalse':
      reportError(ctx, '\\else: cannot occur after \\else')
      return 'error'
    case 'none':
      reportError(ctx, '\\else: no matching \\if')
      return 'error'
  }
}

export const endif: MetaCommand = (_args, ctx) => {
  if (!ctx.frame.cond.pop()) {
    reportError(ctx, '\\endif: no matching \\if')
    return 'error'
  }
}

export const quit: MetaCommand = () => ({ exit: 0 })

export const exit: MetaCommand = (args, ctx) => {
  const code = args.next()
  if (code === null) return { exit: 0 }
  if (!/^\s*\d+\s*$/.test(code)) {
    reportError(ctx, `\\exit: invalid exit code "${code}"`)
    return 'error'
  }
  return { exit: parseInt(code, 10) }
}

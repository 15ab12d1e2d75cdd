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
  if (!active || !r) { cond.push('ignored'); saveQuery(ctx); return }
  if (r.error) reportError(ctx, r.error)
  cond.push(r.value ? 'true' : 'false')
  saveQuery(ctx)
  return r.error && !r.psqlBoolean ? 'error' : undefined
}

/**
 * psql's save_query_text_state: the query buffer as it is at `\if`, or as a taken branch leaves it. Text an
 * untaken branch adds (`select 1 \g` skipped) is dropped at its end (discard_query_text).
 */
function saveQuery(ctx: ScriptContext): void {
  ctx.frame.cond.save(ctx.frame.buf.text.length, ctx.frame.scan.parenDepth)
}

function discardQuery(ctx: ScriptContext): void {
  const { cond, buf, scan } = ctx.frame
  const length = cond.savedLength()
  if (length < 0) return
  if (buf.text.length !== length) buf.text = buf.text.slice(0, length)
  scan.parenDepth = cond.savedParenDepth()
}

/** `\elseif`, or psql's `\elif` (its messages name the command as written). */
const branch = (name: string): MetaCommand => (args, ctx) => {
  const { cond, goto } = ctx.frame
  const state = cond.peek()
  if (state === 'true') saveQuery(ctx)
  else if (state === 'false' || state === 'ignored') discardQuery(ctx)
  // as psql: a branch not yet taken becomes active before its expression is read, so it interpolates
  if (state === 'false' && !goto) cond.poke('true')
  const list = args.allArgs()
  switch (state) {
    case 'true': cond.poke('ignored'); return
    case 'false': {
      if (goto) return // a \goto is skipping: nothing is evaluated
      const r = evaluateCondition(list, `\\${name}`)
      if (r.error) reportError(ctx, r.error)
      cond.poke(r.value ? 'true' : 'false')
      return r.error && !r.psqlBoolean ? 'error' : undefined
    }
    case 'ignored': return
    case 'elseTrue': case 'elseFalse':
      reportError(ctx, `\\${name}: cannot occur after \\else`)
      return 'error'
    case 'none':
      reportError(ctx, `\\${name}: no matching \\if`)
      return 'error'
  }
}

export const elseif = branch('elseif')
export const elif = branch('elif')

export const else_: MetaCommand = (_args, ctx) => {
  const { cond } = ctx.frame
  switch (cond.peek()) {
    case 'true': saveQuery(ctx); cond.poke('elseFalse'); return
    case 'ignored': discardQuery(ctx); cond.poke('elseFalse'); return
    case 'false': discardQuery(ctx); cond.poke('elseTrue'); return
    case 'elseTrue': case 'elseFalse':
      reportError(ctx, '\\else: cannot occur after \\else')
      return 'error'
    case 'none':
      reportError(ctx, '\\else: no matching \\if')
      return 'error'
  }
}

export const endif: MetaCommand = (_args, ctx) => {
  const state = ctx.frame.cond.peek()
  if (state === 'false' || state === 'ignored' || state === 'elseFalse') discardQuery(ctx)
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

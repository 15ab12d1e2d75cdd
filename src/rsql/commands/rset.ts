/**
 * `\rset`: RSQL's report and error settings. ERRORLEVEL and MAXERROR are the interpreter's;
 * RFORMAT, WIDTH, HEADING, RTITLE and TITLEDASHES belong to the output room. Keywords ignore case.
 */
import { rset as reportSetting } from '../output/index.ts'
import { reportError } from '../messages.ts'
import type { ScriptContext } from '../context.ts'
import type { MetaCommand, Outcome } from './types.ts'

export const rset: MetaCommand = (args, ctx) => {
  const keyword = args.next()
  const rest = args.all()
  if (keyword === null) { reportError(ctx, '\\rset: missing required argument'); return 'error' }
  const k = keyword.toLowerCase()
  if (k === 'maxerror') return maxerror(ctx, rest)
  if (k === 'errorlevel') return errorlevel(ctx, rest)
  const r = reportSetting(ctx.output, k, rest)
  if (r.error) { reportError(ctx, r.error); return 'error' }
  if (r.message !== undefined && !ctx.settings.quiet) ctx.out.write(r.message + '\n')
}

function maxerror(ctx: ScriptContext, rest: string[]): Outcome {
  if (rest.length === 0) {
    ctx.out.write(ctx.settings.maxError === 0 ? 'Maxerror is default.\n' : `Maxerror is ${ctx.settings.maxError}.\n`)
    return
  }
  const problem = ctx.vars.set('MAXERROR', rest[0])
  if (problem) { reportError(ctx, `\\rset: ${problem}`); return 'error' }
  if (!ctx.settings.quiet) ctx.out.write(ctx.settings.maxError === 0 ? 'Maxerror is default.\n' : `Maxerror is ${ctx.settings.maxError}.\n`)
}

/**
 * `\rset errorlevel on|off`, `\rset errorlevel <sqlstate> severity <n>`,
 * `\rset errorlevel (42P01, 23505) severity <n>`, `\rset errorlevel unknown severity <n>`.
 */
function errorlevel(ctx: ScriptContext, rest: string[]): Outcome {
  const s = ctx.settings
  const say = () => { if (!ctx.settings.quiet) ctx.out.write(`Errorlevel is ${s.errorLevelOn ? 'on' : 'off'}.\n`) }
  if (rest.length === 0) { say(); return }
  if (rest.length === 1 && /^(on|off)$/i.test(rest[0])) {
    s.errorLevelOn = rest[0].toLowerCase() === 'on'
    say()
    return
  }
  const at = rest.findIndex(a => a.toLowerCase() === 'severity')
  if (at < 1 || at !== rest.length - 2) {
    reportError(ctx, '\\rset: errorlevel expects <sqlstate> severity <n>')
    return 'error'
  }
  const level = rest[at + 1]
  // a severity above MAXERROR is the exit code: past 255 the shell would see it modulo 256 (256 as a success)
  if (!/^\d+$/.test(level) || parseInt(level, 10) > 255) {
    reportError(ctx, `\\rset: invalid value "${level}" for "severity": integer from 0 to 255 expected`)
    return 'error'
  }
  const codes = rest.slice(0, at).join(' ').replace(/[()]/g, ' ').split(/[\s,]+/).filter(Boolean)
  for (const c of codes) {
    const code = c.toUpperCase()
    if (code !== 'UNKNOWN' && !/^[0-9A-Z]{2}([0-9A-Z]{3})?$/.test(code)) {
      reportError(ctx, `\\rset: invalid SQLSTATE "${c}"`)
      return 'error'
    }
    s.severities.set(code, parseInt(level, 10))
  }
  s.errorLevelOn = true
  say()
}

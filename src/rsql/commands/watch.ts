/**
 * `\watch [SEC]`, as psql 15's do_watch: the query buffer (empty: the statement sent last) runs again
 * every SEC seconds (default 2; a value that is not a positive number counts as 1) until an interrupt
 * (SIGINT, through the context's onInterrupt) or a run that fails ends the loop; the script then goes on.
 * Each result is titled `<date> (every SECs)` (after a `\pset title` and a tab), the pager is never used,
 * and a newline follows the loop. As psql's PSQLexecWatch: the query is not echoed (`-e`, `-b`), goes
 * through no cursor (FETCH_COUNT), sets no status variables, and does not become the statement `\g`
 * sends again. The buffer is reset afterwards, as for `\r`. An interrupt while the query runs ends the
 * loop when it returns (psql would cancel it on the server).
 */
import { resetScan } from '../lexer.ts'
import { sendStatement } from '../execute.ts'
import { reportError } from '../messages.ts'
import { hasQueryBuffer } from './query.ts'
import type { MetaCommand, Outcome } from './types.ts'

/** The status variables a statement sets: psql's watch leaves them as they were. */
const STATUS = ['ERROR', 'SQLSTATE', 'ROW_COUNT', 'LAST_ERROR_MESSAGE', 'LAST_ERROR_SQLSTATE', 'ERRORCODE', 'ACTIVITYCOUNT']

export const watch: MetaCommand = async (args, ctx) => {
  const arg = args.next()
  if (!args.active) return
  const seconds = parseFloat(arg ?? '2')
  const sleep = Number.isNaN(seconds) || seconds <= 0 ? 1 : seconds // psql 15: strtod, then at least 1 when not positive
  const frame = ctx.frame
  let query = ''
  if (hasQueryBuffer(frame)) {
    query = frame.buf.text.trim().length > 0 ? frame.buf.text : ctx.lastQuery ?? ''
    frame.buf.text = ''
    resetScan(frame.scan)
  }
  if (query.trim().length === 0) {
    reportError(ctx, '\\watch cannot be used with an empty query')
    return 'error'
  }

  const print = ctx.output.report.rformat ? ctx.output.formatted : ctx.output.base
  const userTitle = print.title
  const { echo, fetchCount, singleStep } = ctx.settings
  const status = STATUS.map(name => ctx.vars.get(name))
  let interrupted = false
  let wake: (() => void) | undefined
  const stopListening = ctx.onInterrupt?.(() => { interrupted = true; wake?.() })
  ctx.watching = true
  let outcome: Outcome = undefined
  try {
    if (echo !== 'all') ctx.settings.echo = 'none'
    ctx.settings.fetchCount = 0
    ctx.settings.singleStep = false // psql's \watch runs its query without SendQuery's single step
    for (;;) {
      const stamp = `${cDate(new Date())} (every ${formatG(sleep)}s)\n`
      print.title = userTitle === null ? stamp : `${userTitle}\t${stamp}`
      const o = await sendStatement(ctx, query)
      print.title = userTitle
      if (o !== 'ok') { outcome = typeof o === 'object' ? o : 'error'; break }
      if (interrupted) break
      // what a run printed shows before the wait (psql flushes its output too)
      ctx.queryOut.flush()
      ctx.out.flush()
      let timer: NodeJS.Timeout | undefined
      await new Promise<void>(resolve => { wake = resolve; timer = setTimeout(resolve, Math.trunc(sleep * 1000)) })
      clearTimeout(timer)
      wake = undefined
      if (interrupted) break
    }
  } finally {
    print.title = userTitle
    ctx.settings.echo = echo
    ctx.settings.fetchCount = fetchCount
    ctx.settings.singleStep = singleStep
    STATUS.forEach((name, i) => {
      const value = status[i]
      if (value === undefined) ctx.vars.unset(name)
      else ctx.vars.setStatus(name, value)
    })
    stopListening?.()
    ctx.watching = false
  }
  // psql: a newline after the loop, for the terminal's sake (where ^C was echoed)
  ctx.out.write('\n')
  return outcome
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const two = (n: number) => String(n).padStart(2, '0')

/** strftime's `%c` in the C locale (`%a %b %e %H:%M:%S %Y`), local time: `Thu Nov 26 12:39:06 2026`. */
export function cDate(d: Date): string {
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ` +
    `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getFullYear()}`
}

/** printf's `%g` (six significant digits, no trailing zeros): 2, 0.5, 1e+06. */
export function formatG(x: number): string {
  const [mantissa, e] = x.toExponential(5).split('e')
  const exp = Number(e)
  if (exp < -4 || exp >= 6) {
    const m = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  }
  return String(Number(x.toPrecision(6)))
}

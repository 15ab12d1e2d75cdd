/** EventBridge Scheduler expressions: `rate(5 minutes)`, `cron(0 2 * * ? *)`, `at(2025-01-01T02:00:00)`, in a time zone. */

export class InvalidScheduleExpression extends Error {
  readonly code = 'ValidationException'
  constructor(expression: string, why: string) { super(`invalid schedule expression ${JSON.stringify(expression)}: ${why}`) }
}

export interface Schedule {
  /** The first firing strictly after `after` (epoch ms), or undefined when there is none. */
  next(after: number): number | undefined
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

interface Parts { year: number; month: number; day: number; hour: number; minute: number; weekday: number }

const formatters = new Map<string, Intl.DateTimeFormat>()
function partsIn(tz: string, t: number): Parts {
  let f = formatters.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' })
    formatters.set(tz, f)
  }
  const p: Record<string, string> = {}
  for (const x of f.formatToParts(t)) p[x.type] = x.value
  return { year: +p.year, month: +p.month, day: +p.day, hour: +p.hour, minute: +p.minute, weekday: DAYS.indexOf(p.weekday.toUpperCase()) + 1 }
}

type FieldTest = (value: number, p: Parts) => boolean

function range(expr: string, text: string, min: number, max: number, names?: string[]): number[] {
  const num = (s: string) => {
    const i = names ? names.indexOf(s.toUpperCase()) : -1
    const n = i >= 0 ? i + (names === MONTHS ? 1 : 1) : Number(s)
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidScheduleExpression(expr, `${s} is outside ${min}-${max}`)
    return n
  }
  const out: number[] = []
  for (const part of text.split(',')) {
    const [span, stepText] = part.split('/')
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) throw new InvalidScheduleExpression(expr, `bad step in ${part}`)
    let lo: number, hi: number
    if (span === '*') { lo = min; hi = max } else if (span.includes('-')) { const [a, b] = span.split('-'); lo = num(a); hi = num(b) } else { lo = num(span); hi = stepText === undefined ? lo : max }
    for (let v = lo; v <= hi; v += step) out.push(v)
  }
  return out
}

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()

function dayOfMonthTest(expr: string, text: string): FieldTest {
  if (text === '?' || text === '*') return () => true
  if (text === 'L') return (d, p) => d === daysInMonth(p.year, p.month)
  const w = /^(\d+)W$/.exec(text)
  if (w) {
    const target = Number(w[1])
    return (d, p) => {
      const last = daysInMonth(p.year, p.month)
      let t = Math.min(target, last)
      const wd = new Date(Date.UTC(p.year, p.month - 1, t)).getUTCDay()
      if (wd === 6) t = t === 1 ? 3 : t - 1
      else if (wd === 0) t = t === last ? t - 2 : t + 1
      return d === t
    }
  }
  const set = new Set(range(expr, text, 1, 31))
  return d => set.has(d)
}

function dayOfWeekTest(expr: string, text: string): FieldTest {
  if (text === '?' || text === '*') return () => true
  const last = /^(\w+)L$/.exec(text)
  if (last) { const wd = range(expr, last[1], 1, 7, DAYS)[0]; return (_d, p) => p.weekday === wd && p.day + 7 > daysInMonth(p.year, p.month) }
  const nth = /^(\w+)#([1-5])$/.exec(text)
  if (nth) { const wd = range(expr, nth[1], 1, 7, DAYS)[0]; const n = Number(nth[2]); return (_d, p) => p.weekday === wd && Math.ceil(p.day / 7) === n }
  const set = new Set(range(expr, text, 1, 7, DAYS))
  return (_d, p) => set.has(p.weekday)
}

function cron(expr: string, body: string, tz: string): Schedule {
  const f = body.trim().split(/\s+/)
  if (f.length !== 6) throw new InvalidScheduleExpression(expr, 'cron needs six fields: minutes hours day-of-month month day-of-week year')
  const [mi, ho, dom, mo, dow, yr] = f
  if ((dom === '?') === (dow === '?')) throw new InvalidScheduleExpression(expr, 'exactly one of day-of-month and day-of-week must be ?')
  const minutes = new Set(range(expr, mi, 0, 59)), hours = new Set(range(expr, ho, 0, 23)), months = new Set(range(expr, mo, 1, 12, MONTHS))
  const years = new Set(range(expr, yr, 1970, 2199))
  const domTest = dayOfMonthTest(expr, dom), dowTest = dayOfWeekTest(expr, dow)
  return {
    next(after) {
      let t = Math.floor(after / 60_000) * 60_000 + 60_000
      for (let i = 0; i < 600_000; i++) {
        const p = partsIn(tz, t)
        if (p.year > 2199) return undefined
        if (!years.has(p.year) || !months.has(p.month) || !domTest(p.day, p) || !dowTest(p.day, p)) { t += ((23 - p.hour) * 60 + (60 - p.minute)) * 60_000; continue }
        if (!hours.has(p.hour)) { t += (60 - p.minute) * 60_000; continue }
        if (!minutes.has(p.minute)) { t += 60_000; continue }
        return t
      }
      return undefined
    },
  }
}

/** Wall-clock time in a zone → epoch ms (two passes absorb the zone's offset, DST included). */
function zonedToEpoch(tz: string, y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const want = Date.UTC(y, mo - 1, d, h, mi, s)
  let t = want
  for (let i = 0; i < 2; i++) {
    const p = partsIn(tz, t)
    const got = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, new Date(t).getUTCSeconds())
    t += want - got
  }
  return t
}

export function parseScheduleExpression(expression: string, timezone = 'UTC'): Schedule {
  try { new Intl.DateTimeFormat('en-US', { timeZone: timezone }) } catch { throw new InvalidScheduleExpression(expression, `unknown time zone ${timezone}`) }
  const m = /^(rate|cron|at)\((.*)\)$/.exec(expression.trim())
  if (!m) throw new InvalidScheduleExpression(expression, 'expected rate(…), cron(…) or at(…)')
  const [, kind, body] = m
  if (kind === 'rate') {
    const r = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body.trim())
    if (!r) throw new InvalidScheduleExpression(expression, 'expected rate(<value> minute(s)|hour(s)|day(s))')
    const n = Number(r[1])
    if (n < 1) throw new InvalidScheduleExpression(expression, 'the rate must be positive')
    if ((n === 1) !== !r[2].endsWith('s')) throw new InvalidScheduleExpression(expression, n === 1 ? `use the singular unit for 1 (${r[2].slice(0, -1)})` : `use the plural unit for ${n} (${r[2]}s)`)
    const ms = n * { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[r[2].replace(/s$/, '') as 'minute' | 'hour' | 'day']
    // rates count from when the schedule starts; `next` is relative to the caller's last firing
    return { next: after => after + ms }
  }
  if (kind === 'at') {
    const a = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body.trim())
    if (!a) throw new InvalidScheduleExpression(expression, 'expected at(yyyy-mm-ddThh:mm:ss)')
    const [, y, mo, d, h, mi, s] = a.map(Number)
    const at = zonedToEpoch(timezone, y, mo, d, h, mi, s)
    return { next: after => (at > after ? at : undefined) }
  }
  return cron(expression, body, timezone)
}

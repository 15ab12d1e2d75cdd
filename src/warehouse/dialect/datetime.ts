/**
 * Redshift DATEFORMAT/TIMEFORMAT: a format string (`YYYY-MM-DD`, `MM/DD/YYYY HH12:MI:SS AM`…), `auto`,
 * `epochsecs` or `epochmillisecs`, compiled to a function from the field's text to PostgreSQL's ISO text
 * (`2024-01-31`, `2024-01-31 13:05:00.25`), or undefined when the value does not match.
 */
export type DateParser = (text: string) => string | undefined

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const FULL_MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER']

interface Parts { y?: number; m?: number; d?: number; h?: number; mi?: number; s?: number; frac?: string; pm?: boolean; h12?: boolean; tz?: string }

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

function daysIn(y: number, m: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
}

function render(p: Parts, withTime: boolean): string | undefined {
  const y = p.y, m = p.m ?? 1, d = p.d ?? 1
  if (y === undefined || y < 1 || y > 294276 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return undefined
  let h = p.h ?? 0
  if (p.h12) {
    if (h < 1 || h > 12) return undefined
    if (p.pm && h < 12) h += 12
    if (p.pm === false && h === 12) h = 0
  }
  const mi = p.mi ?? 0, s = p.s ?? 0
  if (h > 23 || mi > 59 || s > 59) return undefined
  const date = `${pad(y, 4)}-${pad(m)}-${pad(d)}`
  if (!withTime) return date
  return `${date} ${pad(h)}:${pad(mi)}:${pad(s)}${p.frac ? '.' + p.frac : ''}${p.tz ?? ''}`
}

type Step = (s: string, i: number, p: Parts) => number // returns the new index, or -1

const digits = (min: number, max: number, set: (p: Parts, v: number) => void): Step => (s, i, p) => {
  let j = i
  while (j < s.length && j - i < max && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++
  if (j - i < min) return -1
  set(p, Number(s.slice(i, j)))
  return j
}

const monthName = (names: string[]): Step => (s, i, p) => {
  const rest = s.slice(i).toUpperCase()
  for (let k = 0; k < 12; k++) if (rest.startsWith(names[k])) { p.m = k + 1; return i + names[k].length }
  return -1
}

const seconds: Step = (s, i, p) => {
  const j = digits(1, 2, (q, v) => { q.s = v })(s, i, p)
  if (j < 0) return -1
  if (s[j] === '.' && /[0-9]/.test(s[j + 1] ?? '')) {
    let k = j + 1
    while (k < s.length && /[0-9]/.test(s[k])) k++
    p.frac = s.slice(j + 1, Math.min(k, j + 7))
    return k
  }
  return j
}

const meridiem: Step = (s, i, p) => {
  const m = /^([AP])\.?M\.?/i.exec(s.slice(i))
  if (!m) return -1
  p.pm = m[1].toUpperCase() === 'P'
  return i + m[0].length
}

/** Compiles a Redshift datetime format string. */
export function compileFormat(format: string, withTime: boolean): DateParser {
  const steps: Step[] = []
  let i = 0
  const f = format.toUpperCase()
  while (i < f.length) {
    const rest = f.slice(i)
    const take = (tok: string, step: Step) => { if (rest.startsWith(tok)) { steps.push(step); i += tok.length; return true } return false }
    if (take('YYYY', digits(4, 4, (p, v) => { p.y = v }))) continue
    if (take('YY', digits(2, 2, (p, v) => { p.y = v < 70 ? 2000 + v : 1900 + v }))) continue
    if (take('MONTH', monthName(FULL_MONTHS))) continue
    if (take('MON', monthName(MONTHS))) continue
    if (take('MM', digits(1, 2, (p, v) => { p.m = v }))) continue
    if (take('DD', digits(1, 2, (p, v) => { p.d = v }))) continue
    if (take('HH24', digits(1, 2, (p, v) => { p.h = v }))) continue
    if (take('HH12', digits(1, 2, (p, v) => { p.h = v; p.h12 = true }))) continue
    if (take('HH', digits(1, 2, (p, v) => { p.h = v }))) continue
    if (take('MI', digits(1, 2, (p, v) => { p.mi = v }))) continue
    if (take('SS', seconds)) continue
    if (take('AM', meridiem) || take('PM', meridiem)) continue
    const ch = format[i++]
    steps.push((s, j) => (s[j] === ch ? j + 1 : -1))
  }
  return text => {
    const s = text.trim()
    const p: Parts = {}
    let j = 0
    for (const step of steps) { j = step(s, j, p); if (j < 0) return undefined }
    if (j !== s.length) return undefined
    if (p.pm !== undefined && p.h !== undefined) p.h12 = true
    return render(p, withTime)
  }
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i

function iso(withTime: boolean, allowTz: boolean): DateParser {
  return text => {
    const m = ISO.exec(text.trim())
    if (!m || (m[8] && !allowTz) || (!withTime && m[4] !== undefined)) return undefined
    const p: Parts = { y: +m[1], m: +m[2], d: +m[3], h: m[4] ? +m[4] : 0, mi: m[5] ? +m[5] : 0, s: m[6] ? +m[6] : 0, frac: m[7]?.slice(0, 6) }
    if (m[8]) p.tz = m[8].toUpperCase() === 'Z' ? '+00' : m[8]
    return render(p, withTime)
  }
}

// What `auto` recognises, after Redshift's list of formats for automatic recognition.
const AUTO_DATES = ['YYYYMMDD', 'YYYY/MM/DD', 'YYYY.MM.DD', 'MM/DD/YYYY', 'MM-DD-YYYY', 'MM.DD.YYYY', 'MM/DD/YY', 'DD-MON-YYYY',
  'DD MON YYYY', 'DD-MON-YY', 'MON DD, YYYY', 'MON DD YYYY', 'MONTH DD, YYYY', 'MONTH DD YYYY', 'DD MONTH YYYY', 'YYYY-MON-DD']
const AUTO_TIMES = ['HH24:MI:SS', 'HH24:MI', 'HH12:MI:SS AM', 'HH12:MI AM', 'HH12:MI:SSAM', 'HH12:MIAM']

function auto(withTime: boolean, allowTz: boolean): DateParser {
  const parsers: DateParser[] = [iso(withTime, allowTz)]
  for (const d of AUTO_DATES) {
    parsers.push(compileFormat(d, withTime))
    if (withTime) for (const t of AUTO_TIMES) { parsers.push(compileFormat(`${d} ${t}`, true)); parsers.push(compileFormat(`${d}T${t}`, true)) }
  }
  if (withTime) parsers.push(compileFormat('YYYYMMDD HH24MISS', true), compileFormat('YYYYMMDDHH24MISS', true))
  return text => {
    for (const p of parsers) { const v = p(text); if (v !== undefined) return v }
    return undefined
  }
}

function epoch(unitMs: number): DateParser {
  return text => {
    const s = text.trim()
    if (!/^-?\d+(\.\d+)?$/.test(s)) return undefined
    const ms = Number(s) * unitMs
    const d = new Date(ms)
    if (Number.isNaN(d.getTime())) return undefined
    const frac = d.getUTCMilliseconds()
    return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${frac ? '.' + pad(frac, 3) : ''}`
  }
}

/** The parser for a DATE column under `DATEFORMAT` (default `YYYY-MM-DD`). */
export function dateParser(format: string | undefined): DateParser {
  if (format === undefined) return iso(false, false)
  if (format.toLowerCase() === 'auto') return auto(false, false)
  return compileFormat(format, false)
}

/** The parser for a TIMESTAMP[TZ] column under `TIMEFORMAT` (default `YYYY-MM-DD HH:MI:SS`). */
export function timestampParser(format: string | undefined, withTz: boolean): DateParser {
  if (format === undefined) return iso(true, withTz)
  const f = format.toLowerCase()
  if (f === 'auto') return auto(true, withTz)
  if (f === 'epochsecs') return epoch(1000)
  if (f === 'epochmillisecs') return epoch(1)
  return compileFormat(format, true)
}

import { clonePrintOptions, defaultPrintOptions, type PrintOptions } from './options.ts'
import { applyPset, parseBool, type PsetOutcome } from './pset.ts'

/** RSQL's report settings (`\rset`): spec §5.3, §6.4–6.5. */
export interface ReportSettings {
  /** RFORMAT: whether `\pset` settings and RTITLE apply; off by default, so `\pset` is deferred. */
  rformat: boolean
  /** WIDTH: target width of wrapped output while RFORMAT is on. */
  width: number
  heading: string | null
  rtitle: string | null
  titleDashes: boolean
}

/**
 * The output state of one RSQL session: `base` prints while RFORMAT is off; `formatted` accumulates
 * `\pset` changes and prints while it is on.
 */
export interface OutputSettings {
  base: PrintOptions
  formatted: PrintOptions
  report: ReportSettings
}

export const DEFERRED = ' (Changes will take effect after RFORMAT is switched ON)'
const DEFAULT_WIDTH = 75

export function newOutputSettings(base: PrintOptions = defaultPrintOptions()): OutputSettings {
  return {
    base: clonePrintOptions(base),
    formatted: clonePrintOptions(base),
    report: { rformat: false, width: DEFAULT_WIDTH, heading: null, rtitle: null, titleDashes: true },
  }
}

/** The \pset options in force (RFORMAT on: the report's, else the plain ones), not copied: read them only. */
export function activePrintOptions(s: OutputSettings): Readonly<PrintOptions> {
  return s.report.rformat ? s.formatted : s.base
}

/** The options results print with now. */
export function effectivePrintOptions(s: OutputSettings): PrintOptions {
  const o = clonePrintOptions(activePrintOptions(s))
  if (s.report.rformat && o.columns === 0) o.columns = s.report.width
  o.titleDashes = s.report.titleDashes
  return o
}

/** `\pset` as RSQL does it: while RFORMAT is off the change is kept for later and the message says so. */
export function pset(s: OutputSettings, name?: string, value?: string): PsetOutcome {
  const outcome = applyPset(s.formatted, name, value)
  if (name !== undefined && outcome.message !== undefined && !s.report.rformat) outcome.message += DEFERRED
  return outcome
}

/** A setting that acts at once, RFORMAT or not: `\x`, `\t`, `\a`, `\H` and the command-line options. */
export function psetNow(s: OutputSettings, name: string, value?: string): PsetOutcome {
  const current = s.report.rformat ? s.formatted : s.base
  const other = s.report.rformat ? s.base : s.formatted
  const before = clonePrintOptions(current)
  const outcome = applyPset(current, name, value)
  for (const key of Object.keys(current) as (keyof PrintOptions)[]) {
    if (JSON.stringify(current[key]) !== JSON.stringify(before[key])) {
      (other as unknown as Record<string, unknown>)[key] = structuredClone(current[key])
    }
  }
  return outcome
}

function text(args: string[]): string {
  const joined = args.join(' ')
  const m = /^"(.*)"$/s.exec(joined) ?? /^'(.*)'$/s.exec(joined)
  return m ? m[1] : joined
}

/** `\rset rformat|width|heading|rtitle|titledashes …` with RSQL's confirmations (keyword lower-cased). */
export function rset(s: OutputSettings, keyword: string, args: string[]): PsetOutcome {
  const r = s.report
  switch (keyword) {
    case 'rformat': {
      const on = args.length === 0 ? true : parseBool(args[0])
      if (on === undefined) return { error: `\\rset: unrecognized value "${args[0]}" for "rformat": Boolean expected` }
      r.rformat = on
      return { message: `Rformat is ${on ? 'on' : 'off'}.` }
    }
    case 'width': {
      if (args.length > 0) {
        // psql's columns is a C int
        if (!/^\d+$/.test(args[0]) || Number(args[0]) < 1 || Number(args[0]) > 2147483647) return { error: `\\rset: invalid width "${args[0]}": positive integer expected` }
        r.width = Number(args[0])
        s.formatted.format = 'wrapped'
        s.formatted.columns = r.width
      }
      return { message: `Target width is ${r.width}.` }
    }
    case 'heading':
      r.heading = text(args)
      return { message: `Heading is set to: ${r.heading}` }
    case 'rtitle':
      r.rtitle = text(args)
      return { message: `Rtitle is set to: &DATE||${r.rtitle}` + (r.rformat ? '' : DEFERRED) }
    case 'titledashes': {
      const on = args.length === 0 ? !r.titleDashes : parseBool(args[0])
      if (on === undefined) return { error: `\\rset: unrecognized value "${args[0]}" for "titledashes": Boolean expected` }
      r.titleDashes = on
      return { message: `Titledashes is ${on ? 'on' : 'off'}.` }
    }
    default:
      return { error: `\\rset: unknown setting: ${keyword}` }
  }
}

function substitute(line: string, now: Date): string {
  const date = [now.getMonth() + 1, now.getDate(), now.getFullYear() % 100].map(n => String(n).padStart(2, '0')).join('/')
  return line.replaceAll('&DATE', date).replaceAll('&PAGE', '1')
}

/**
 * The report heading printed above a result (BTEQ markup): `||` separates left, centre and right
 * sections, `//` breaks a section's line, `&DATE` is MM/DD/YY. RTITLE shows only while RFORMAT is on.
 */
export function reportHeading(s: OutputSettings, now: Date): string {
  const r = s.report
  const titles: string[] = []
  if (r.heading !== null) titles.push(r.heading)
  if (r.rtitle !== null && r.rformat) titles.push('&DATE||' + r.rtitle)
  let out = ''
  for (const title of titles) {
    const sections = title.split('||').slice(0, 3).map(sec => sec.split('//').map(l => substitute(l, now)))
    const [left, centre, right] = sections.length === 1 ? [[], sections[0], []] : [sections[0], sections[1] ?? [], sections[2] ?? []]
    const height = Math.max(left.length, centre.length, right.length)
    for (let i = 0; i < height; i++) {
      const line = new Array<string>(r.width).fill(' ')
      const put = (textAt: string, at: number) => { [...textAt].forEach((ch, k) => { if (at + k >= 0) line[at + k] = ch }) }
      const c = centre[i] ?? ''
      put(c, Math.floor((r.width - c.length) / 2))
      const rt = right[i] ?? ''
      put(rt, r.width - rt.length)
      put(left[i] ?? '', 0)
      out += line.join('').trimEnd() + '\n'
    }
  }
  return out
}

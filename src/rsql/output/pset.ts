import { PRINT_FORMATS, type PrintOptions, type UnicodeLineStyle } from './options.ts'

/** A `\pset` outcome: psql's confirmation (stdout) or error (stderr, without the `psql:file:line: error: ` prefix). */
export interface PsetOutcome {
  message?: string
  error?: string
}

/** psql's ParseVariableBool: prefixes of true/false/yes/no, on/off (two letters at least), 1/0. */
export function parseBool(value: string): boolean | undefined {
  const v = value.toLowerCase()
  const n = v.length
  const prefixOf = (word: string, min = 1) => n >= min && word.startsWith(v)
  if (prefixOf('true')) return true
  if (prefixOf('false')) return false
  if (prefixOf('yes')) return true
  if (prefixOf('no')) return false
  if (prefixOf('on', 2)) return true
  if (prefixOf('off', 2)) return false
  if (v === '1') return true
  if (v === '0') return false
  return undefined
}

/**
 * C's atoi as glibc has it: leading whitespace, optional sign, digits (anything else ends the number), read by
 * strtol (clamped to 64 bits) and cut to an int.
 */
export function atoi(value: string): number {
  const m = /^[ \t\n\r\f\v]*([+-]?\d+)/.exec(value)
  if (!m) return 0
  const max = (1n << 63n) - 1n
  let v = BigInt(m[1])
  if (v > max) v = max
  if (v < -max - 1n) v = -max - 1n
  return Number(BigInt.asIntN(32, v))
}

const boolError = (value: string, name: string) => ({ error: `unrecognized value "${value}" for "${name}": Boolean expected` })
const enumError = (value: string, name: string, allowed: string) => ({ error: `unrecognized value "${value}" for "${name}"\nAvailable values are: ${allowed}.` })

function setFormat(o: PrintOptions, value: string): PsetOutcome | undefined {
  const v = value.toLowerCase()
  const choices = PRINT_FORMATS.filter(f => f !== 'latex-longtable')
  let match: typeof PRINT_FORMATS[number] | undefined
  for (const f of choices) {
    if (!f.startsWith(v)) continue
    if (match) return { error: `\\pset: ambiguous abbreviation "${value}" matches both "${match}" and "${f}"` }
    match = f
  }
  // latex-longtable is matched last: "latex" is a prefix of it.
  if (!match && 'latex-longtable'.startsWith(v)) match = 'latex-longtable'
  if (!match) return { error: '\\pset: allowed formats are aligned, asciidoc, csv, html, latex, latex-longtable, troff-ms, unaligned, wrapped' }
  o.format = match
  return undefined
}

function unicodeStyle(value: string): UnicodeLineStyle | undefined {
  const v = value.toLowerCase()
  if ('single'.startsWith(v)) return 'single'
  if ('double'.startsWith(v)) return 'double'
  return undefined
}

type Setter = (o: PrintOptions, value: string | undefined, name: string) => PsetOutcome | 'silent' | undefined

/** Sets a boolean: toggles without a value; with one, psql 15 prints no confirmation. */
function boolSetter(key: 'tuplesOnly' | 'footer' | 'numericLocale'): Setter {
  return (o, value, name) => {
    if (value === undefined) { o[key] = !o[key]; return undefined }
    const b = parseBool(value)
    if (b === undefined) return boolError(value, name)
    o[key] = b
    return 'silent'
  }
}

function unicodeSetter(key: 'unicodeBorderLinestyle' | 'unicodeColumnLinestyle' | 'unicodeHeaderLinestyle', what: string): Setter {
  return (o, value) => {
    if (value === undefined) return undefined
    const s = unicodeStyle(value)
    if (!s) return { error: `\\pset: allowed Unicode ${what} line styles are single, double` }
    o[key] = s
    return undefined
  }
}

const setters: Record<string, Setter> = {
  format: (o, v) => (v === undefined ? undefined : setFormat(o, v)),
  linestyle: (o, v) => {
    if (v === undefined) return undefined
    const l = v.toLowerCase()
    if ('ascii'.startsWith(l)) o.linestyle = 'ascii'
    else if ('old-ascii'.startsWith(l)) o.linestyle = 'old-ascii'
    else if ('unicode'.startsWith(l)) o.linestyle = 'unicode'
    else return { error: '\\pset: allowed line styles are ascii, old-ascii, unicode' }
    return undefined
  },
  unicode_border_linestyle: unicodeSetter('unicodeBorderLinestyle', 'border'),
  unicode_column_linestyle: unicodeSetter('unicodeColumnLinestyle', 'column'),
  unicode_header_linestyle: unicodeSetter('unicodeHeaderLinestyle', 'header'),
  // psql keeps the border in an unsigned short: -1 is 65535
  border: (o, v) => { if (v !== undefined) o.border = atoi(v) & 0xffff; return undefined },
  expanded: (o, v, name) => {
    if (v === undefined) o.expanded = o.expanded === 'off' ? 'on' : 'off'
    else if (v.toLowerCase() === 'auto') o.expanded = 'auto'
    else {
      const b = parseBool(v)
      if (b === undefined) return enumError(v, name, 'on, off, auto')
      o.expanded = b ? 'on' : 'off'
    }
    return undefined
  },
  csv_fieldsep: (o, v) => {
    if (v === undefined) return undefined
    if (Buffer.byteLength(v) !== 1) return { error: '\\pset: csv_fieldsep must be a single one-byte character' }
    if (v === '"' || v === '\n' || v === '\r') return { error: '\\pset: csv_fieldsep cannot be a double quote, a newline, or a carriage return' }
    o.csvFieldsep = v
    return undefined
  },
  numericlocale: boolSetter('numericLocale'),
  null: (o, v) => { if (v !== undefined) o.null = v; return undefined },
  fieldsep: (o, v) => { if (v !== undefined) o.fieldsep = { separator: v, zero: false }; return undefined },
  fieldsep_zero: o => { o.fieldsep = { separator: '', zero: true }; return undefined },
  recordsep: (o, v) => { if (v !== undefined) o.recordsep = { separator: v, zero: false }; return undefined },
  recordsep_zero: o => { o.recordsep = { separator: '', zero: true }; return undefined },
  tuples_only: boolSetter('tuplesOnly'),
  title: (o, v) => { o.title = v ?? null; return undefined },
  tableattr: (o, v) => { o.tableAttr = v ?? null; return undefined },
  pager: (o, v, name) => {
    if (v === undefined) o.pager = o.pager === 1 ? 0 : 1
    else if (v.toLowerCase() === 'always') o.pager = 2
    else {
      const b = parseBool(v)
      if (b === undefined) return enumError(v, name, 'on, off, always')
      o.pager = b ? 1 : 0
    }
    return undefined
  },
  pager_min_lines: (o, v) => { if (v !== undefined) o.pagerMinLines = atoi(v); return undefined },
  footer: boolSetter('footer'),
  columns: (o, v) => { if (v !== undefined) o.columns = atoi(v); return undefined },
}

// psql's one-letter and alternative names.
const aliases: Record<string, string> = { x: 'expanded', vertical: 'expanded', t: 'tuples_only', C: 'title', T: 'tableattr' }

const onOff = (b: boolean) => (b ? 'on' : 'off')

/** The confirmation psql prints after `\pset name` (printPsetInfo). */
export function psetInfo(o: PrintOptions, name: string): string {
  switch (aliases[name] ?? name) {
    case 'border': return `Border style is ${o.border}.`
    case 'columns': return o.columns ? `Target width is ${o.columns}.` : 'Target width is unset.'
    case 'expanded': return o.expanded === 'on' ? 'Expanded display is on.' : o.expanded === 'auto' ? 'Expanded display is used automatically.' : 'Expanded display is off.'
    case 'csv_fieldsep': return `Field separator for CSV is "${o.csvFieldsep}".`
    case 'fieldsep': return o.fieldsep.zero ? 'Field separator is zero byte.' : `Field separator is "${o.fieldsep.separator}".`
    case 'fieldsep_zero': return 'Field separator is zero byte.'
    case 'footer': return `Default footer is ${onOff(o.footer)}.`
    case 'format': return `Output format is ${o.format}.`
    case 'linestyle': return `Line style is ${o.linestyle}.`
    case 'null': return `Null display is "${o.null}".`
    case 'numericlocale': return `Locale-adjusted numeric output is ${onOff(o.numericLocale)}.`
    case 'pager': return o.pager === 1 ? 'Pager is used for long output.' : o.pager === 2 ? 'Pager is always used.' : 'Pager usage is off.'
    case 'pager_min_lines': return `Pager won't be used for less than ${o.pagerMinLines} line${o.pagerMinLines === 1 ? '' : 's'}.`
    case 'recordsep':
      if (o.recordsep.zero) return 'Record separator is zero byte.'
      return o.recordsep.separator === '\n' ? 'Record separator is <newline>.' : `Record separator is "${o.recordsep.separator}".`
    case 'recordsep_zero': return 'Record separator is zero byte.'
    case 'tableattr': return o.tableAttr !== null ? `Table attributes are "${o.tableAttr}".` : 'Table attributes unset.'
    case 'title': return o.title !== null ? `Title is "${o.title}".` : 'Title is unset.'
    case 'tuples_only': return `Tuples only is ${onOff(o.tuplesOnly)}.`
    case 'unicode_border_linestyle': return `Unicode border line style is "${o.unicodeBorderLinestyle}".`
    case 'unicode_column_linestyle': return `Unicode column line style is "${o.unicodeColumnLinestyle}".`
    case 'unicode_header_linestyle': return `Unicode header line style is "${o.unicodeHeaderLinestyle}".`
    default: return ''
  }
}

/** psql's pset_quoted_string: single quotes, `\n` and `\'` escaped. */
function quoted(s: string): string {
  return "'" + s.replaceAll('\n', '\\n').replaceAll("'", "\\'") + "'"
}

const LISTED = ['border', 'columns', 'csv_fieldsep', 'expanded', 'fieldsep', 'fieldsep_zero', 'footer', 'format', 'linestyle', 'null',
  'numericlocale', 'pager', 'pager_min_lines', 'recordsep', 'recordsep_zero', 'tableattr', 'title', 'tuples_only',
  'unicode_border_linestyle', 'unicode_column_linestyle', 'unicode_header_linestyle'] as const

function psetValue(o: PrintOptions, name: typeof LISTED[number]): string {
  switch (name) {
    case 'border': return String(o.border)
    case 'columns': return String(o.columns)
    case 'csv_fieldsep': return quoted(o.csvFieldsep)
    case 'expanded': return o.expanded
    case 'fieldsep': return quoted(o.fieldsep.zero ? '' : o.fieldsep.separator)
    case 'fieldsep_zero': return onOff(o.fieldsep.zero)
    case 'footer': return onOff(o.footer)
    case 'format': return o.format
    case 'linestyle': return o.linestyle
    case 'null': return quoted(o.null)
    case 'numericlocale': return onOff(o.numericLocale)
    case 'pager': return String(o.pager)
    case 'pager_min_lines': return String(o.pagerMinLines)
    case 'recordsep': return quoted(o.recordsep.zero ? '' : o.recordsep.separator)
    case 'recordsep_zero': return onOff(o.recordsep.zero)
    case 'tableattr': return o.tableAttr !== null ? quoted(o.tableAttr) : ''
    case 'title': return o.title !== null ? quoted(o.title) : ''
    case 'tuples_only': return onOff(o.tuplesOnly)
    case 'unicode_border_linestyle': return o.unicodeBorderLinestyle
    case 'unicode_column_linestyle': return o.unicodeColumnLinestyle
    case 'unicode_header_linestyle': return o.unicodeHeaderLinestyle
  }
}

/** `\pset` without arguments: every setting, one per line, as psql lists them. */
export function psetListing(o: PrintOptions): string {
  return LISTED.map(name => `${name.padEnd(24)} ${psetValue(o, name)}`).join('\n')
}

/**
 * `\pset [name [value]]` on `o` (changed in place), with psql's confirmation or error. Without a name,
 * the message is the full listing.
 */
export function applyPset(o: PrintOptions, name?: string, value?: string): PsetOutcome {
  if (name === undefined) return { message: psetListing(o) }
  const key = aliases[name] ?? name
  const setter = setters[key]
  if (!setter) return { error: `\\pset: unknown option: ${name}` }
  const outcome = setter(o, value, name)
  if (outcome === 'silent') return {}
  if (outcome) return outcome
  return { message: psetInfo(o, name) }
}

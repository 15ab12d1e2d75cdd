/** psql's output formats (`\pset format`), in the order psql lists them. */
export const PRINT_FORMATS = ['aligned', 'asciidoc', 'csv', 'html', 'latex', 'latex-longtable', 'troff-ms', 'unaligned', 'wrapped'] as const
export type PrintFormat = typeof PRINT_FORMATS[number]

export type LineStyleName = 'ascii' | 'old-ascii' | 'unicode'
export type UnicodeLineStyle = 'single' | 'double'
export type Expanded = 'off' | 'on' | 'auto'

/** A field or record separator for unaligned output; `zero` prints a zero byte instead. */
export interface Separator {
  separator: string
  zero: boolean
}

/** psql's printQueryOpt and printTableOpt: everything `\pset` sets. */
export interface PrintOptions {
  format: PrintFormat
  border: number
  expanded: Expanded
  tuplesOnly: boolean
  /** `\pset title`; null when unset. */
  title: string | null
  /** `\pset footer`: print the default `(N rows)` footer. */
  footer: boolean
  /** `\pset null`: how NULL is shown. */
  null: string
  fieldsep: Separator
  recordsep: Separator
  csvFieldsep: string
  linestyle: LineStyleName
  unicodeBorderLinestyle: UnicodeLineStyle
  unicodeColumnLinestyle: UnicodeLineStyle
  unicodeHeaderLinestyle: UnicodeLineStyle
  /** `\pset numericlocale`: digit grouping in numeric columns. */
  numericLocale: boolean
  /** `\pset tableattr` for html (and latex-longtable column widths); null when unset. */
  tableAttr: string | null
  /** `\pset columns`: target width for wrapped and expanded auto; 0 = unset. */
  columns: number
  /** `\pset pager`: 0 off, 1 on, 2 always. Kept for `\pset`; output here never pages. */
  pager: 0 | 1 | 2
  pagerMinLines: number
  /** RSQL's TITLEDASHES: the dash rule under the column headers in aligned output (not a psql setting). */
  titleDashes: boolean
}

export function defaultPrintOptions(): PrintOptions {
  return {
    format: 'aligned',
    border: 1,
    expanded: 'off',
    tuplesOnly: false,
    title: null,
    footer: true,
    null: '',
    fieldsep: { separator: '|', zero: false },
    recordsep: { separator: '\n', zero: false },
    csvFieldsep: ',',
    linestyle: 'ascii',
    unicodeBorderLinestyle: 'single',
    unicodeColumnLinestyle: 'single',
    unicodeHeaderLinestyle: 'single',
    numericLocale: false,
    tableAttr: null,
    columns: 0,
    pager: 1,
    pagerMinLines: 0,
    titleDashes: true,
  }
}

/** A copy that shares nothing mutable with the original. */
export function clonePrintOptions(o: PrintOptions): PrintOptions {
  return { ...o, fieldsep: { ...o.fieldsep }, recordsep: { ...o.recordsep } }
}

/**
 * `\crosstabview [colV [colH [colD [sortcolH]]]]`: a result pivoted as psql 15's crosstabview.c pivots it.
 * The distinct values of colV become the rows and those of colH the columns, each in the order it first
 * appears (colH's ordered by sortcolH's integer instead, when given); colD's values fill the cells. The
 * table prints as any other (title, format, `(N rows)`), without numericlocale (psql's printTable).
 */
import type { StatementResult } from '../../warehouse/index.ts'
import { columnAlignment } from './numeric.ts'
import type { PrintOptions } from './options.ts'
import { atoi } from './pset.ts'
import type { PrintTable, RowList } from './table.ts'
import { validated } from './width.ts'

/** psql's CROSSTABVIEW_MAX_COLUMNS. */
const MAX_COLUMNS = 1600

/** A distinct header value: its first appearance's rank and (for colH) that row's sortcolH value. */
interface PivotField {
  name: string | null
  sortValue: string | null
  rank: number
}

/** The pivoted table, or psql's message (after `\crosstabview: `) saying why there is none. */
export function crosstabTable(result: StatementResult, rows: RowList<string | null>, args: (string | null)[], opt: PrintOptions): PrintTable | { error: string } {
  const n = result.fields.length
  if (n < 3) return { error: 'query must return at least three columns' }
  const column = (arg: string | null | undefined, fallback: number): number | { error: string } =>
    arg === null || arg === undefined ? fallback : indexOfColumn(arg, result)
  const rowField = column(args[0], 0)
  if (typeof rowField !== 'number') return rowField
  const colField = column(args[1], 1)
  if (typeof colField !== 'number') return colField
  if (colField === rowField) return { error: 'vertical and horizontal headers must be different columns' }
  let dataField: number
  if (args[2] === null || args[2] === undefined) {
    if (n !== 3) return { error: 'data column must be specified when query returns more than three columns' }
    dataField = [0, 1, 2].find(i => i !== rowField && i !== colField)!
  } else {
    const d = indexOfColumn(args[2], result)
    if (typeof d !== 'number') return d
    dataField = d
  }
  const sortField = column(args[3], -1)
  if (typeof sortField !== 'number') return sortField

  const columns = new Map<string | null, PivotField>()
  const rowHeads = new Map<string | null, PivotField>()
  for (const row of rows) {
    const h = row[colField]
    if (!columns.has(h)) columns.set(h, { name: h, sortValue: sortField >= 0 ? row[sortField] : null, rank: columns.size })
    if (columns.size > MAX_COLUMNS) return { error: `maximum number of columns (${MAX_COLUMNS}) exceeded` }
    const v = row[rowField]
    if (!rowHeads.has(v)) rowHeads.set(v, { name: v, sortValue: null, rank: rowHeads.size })
  }
  if (sortField >= 0) rankSort([...columns.values()].sort(pivotFieldCompare))

  // psql's nullPrint: `\pset null`'s text (its default, unset, shows "" in cells and "(null)" in messages)
  const nullText = opt.null
  const shown = (v: string | null) => (v === null ? nullText : validated(v))
  const width = columns.size + 1
  const cells: (string | undefined)[][] = Array.from({ length: rowHeads.size }, () => new Array<string | undefined>(width))
  for (const f of rowHeads.values()) cells[f.rank][0] = shown(f.name)
  for (const row of rows) {
    const rp = rowHeads.get(row[rowField])!
    const cp = columns.get(row[colField])!
    const line = cells[rp.rank]
    if (line[1 + cp.rank] !== undefined) {
      const named = (v: string | null) => v ?? (nullText === '' ? '(null)' : nullText)
      return { error: `query result contains multiple data values for row "${named(rp.name)}", column "${named(cp.name)}"` }
    }
    line[1 + cp.rank] = shown(row[dataField])
  }
  const headers = [validated(result.fields[rowField].name)]
  for (const f of [...columns.values()].sort((a, b) => a.rank - b.rank)) headers.push(shown(f.name))
  const dataAlign = columnAlignment(result.fields[dataField].dataTypeID)
  return {
    title: opt.title,
    headers,
    aligns: headers.map((_, i) => (i === 0 ? columnAlignment(result.fields[rowField].dataTypeID) : dataAlign)),
    rows: cells.map(line => Array.from(line, c => c ?? '')),
    footers: null,
  }
}

/**
 * psql's indexOfColumn: a column number from 1, or a name (dequoted, and lower-cased outside double
 * quotes) that must match exactly one column.
 */
function indexOfColumn(arg: string, result: StatementResult): number | { error: string } {
  const n = result.fields.length
  if (/^[0-9]+$/.test(arg)) {
    const idx = atoi(arg) - 1
    if (idx < 0 || idx >= n) return { error: `column number ${idx + 1} is out of range 1..${n}` }
    return idx
  }
  const name = dequoteDowncase(arg)
  let idx = -1
  for (let i = 0; i < n; i++) {
    if (result.fields[i].name !== name) continue
    if (idx >= 0) return { error: `ambiguous column name: "${name}"` }
    idx = i
  }
  return idx < 0 ? { error: `column name not found: "${name}"` } : idx
}

/** psql's dequote_downcase_identifier: `""` inside quotes is one quote; outside them ASCII letters lower-case. */
function dequoteDowncase(s: string): string {
  let out = ''
  let inQuotes = false
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (c === '"') {
      if (inQuotes && s[i + 1] === '"') { out += '"'; i++ } else inQuotes = !inQuotes
    } else out += inQuotes ? c : c.replace(/[A-Z]/, x => x.toLowerCase())
  }
  return out
}

/** psql's pivotFieldCompare: byte order of the values, NULL last. */
function pivotFieldCompare(a: PivotField, b: PivotField): number {
  if (b.name === null) return a.name === null ? 0 : -1
  if (a.name === null) return 1
  return Buffer.compare(Buffer.from(a.name), Buffer.from(b.name))
}

/**
 * psql's rankSort: the columns (in value order) re-ranked by their sortcolH value, an integer (`-?[0-9]*`,
 * anything else counting 0), compared as psql's rankCompare subtracts ints; ties keep value order (glibc's
 * merge sort is stable).
 */
function rankSort(sorted: PivotField[]): void {
  const keyed = sorted.map(f => {
    const v = f.sortValue
    return { f, key: v !== null && /^-?[0-9]*$/.test(v) ? atoi(v) : 0 }
  })
  keyed.sort((a, b) => (a.key - b.key) | 0)
  keyed.forEach((k, i) => { k.f.rank = i })
}

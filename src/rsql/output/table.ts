import type { PrintOptions } from './options.ts'

export type Align = 'l' | 'r'

/** The neutral table every format prints (psql's printTableContent), cells already as text. */
export interface PrintTable {
  title: string | null
  headers: string[]
  aligns: Align[]
  /** Rows of display text: NULL is already replaced by `\pset null`. */
  rows: RowList<string>
  /** Footers a command supplies (describe commands); null = the default `(N rows)` footer. */
  footers: string[] | null
}

/** Rows as printers read them: in order, any number of times, and counted (an array, or a compact store). */
export interface RowList<T> extends Iterable<T[]> {
  readonly length: number
  /** false when the holder knows no value has a noncharacter psql drops (see validated); unknown when absent */
  readonly noncharacters?: boolean
}

/** Which slice of a result is printed: psql's start_table, stop_table and prior_records (FETCH_COUNT batches). */
export interface TablePart {
  startTable: boolean
  stopTable: boolean
  priorRows: number
}

export const WHOLE_TABLE: TablePart = { startTable: true, stopTable: true, priorRows: 0 }

/** What a format function gets: the table, the options, the part, and the terminal width (0 if not a terminal). */
export interface PrintJob {
  table: PrintTable
  opt: PrintOptions
  part: TablePart
  terminalColumns: number
  out: Sink
}

/** Where printers put their text, piece by piece. */
export interface Sink {
  push(text: string): void
}

/** Gathers pieces into chunks of about 64 KB before handing them on, so a big result is not a million strings. */
export class ChunkedSink implements Sink {
  private buffer = ''
  constructor(private readonly write: (chunk: string) => void, private readonly size = 1 << 16) {}
  push(text: string): void {
    this.buffer += text
    if (this.buffer.length >= this.size) this.flush()
  }
  flush(): void {
    if (this.buffer) this.write(this.buffer)
    this.buffer = ''
  }
}

/** The footers to print: explicit ones, else `(N rows)` unless `\pset footer off` (psql's footers_with_default). */
export function footersWithDefault(job: PrintJob): string[] | null {
  if (job.table.footers === null && job.opt.footer) {
    const total = job.part.priorRows + job.table.rows.length
    return [total === 1 ? '(1 row)' : `(${total} rows)`]
  }
  return job.table.footers
}

/** Target width: `\pset columns`, else the terminal's (psql uses $COLUMNS or the tty size only when printing to a terminal). */
export function outputColumns(job: PrintJob): number {
  return job.opt.columns > 0 ? job.opt.columns : job.terminalColumns
}

const SPACES = Array.from({ length: 81 }, (_, n) => ' '.repeat(n))

export function spaces(n: number): string {
  return n <= 0 ? '' : n < SPACES.length ? SPACES[n] : ' '.repeat(n)
}

/** Whitespace-only values print as `&nbsp; ` in html and a blank in asciidoc. */
export function isBlank(value: string): boolean {
  return /^[ \t]*$/.test(value)
}

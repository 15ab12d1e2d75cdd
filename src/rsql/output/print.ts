import type { StatementResult } from '../../warehouse/index.ts'
import { printAligned } from './aligned.ts'
import { printAsciidoc, printAsciidocExpanded } from './asciidoc.ts'
import { printCsv, printCsvExpanded } from './csv.ts'
import { printExpanded } from './expanded.ts'
import { htmlEscape, printHtml, printHtmlExpanded } from './html.ts'
import { printLatex, printLatexExpanded, printLatexLongtable } from './latex.ts'
import { columnAlignment, formatNumericLocale } from './numeric.ts'
import { mayHoldNoncharacter, validated } from './width.ts'
import type { PrintFormat, PrintOptions } from './options.ts'
import { ChunkedSink, WHOLE_TABLE, type PrintJob, type PrintTable, type RowList, type Sink, type TablePart } from './table.ts'
import { printTroff, printTroffExpanded } from './troff.ts'
import { printUnaligned, printUnalignedExpanded } from './unaligned.ts'

type Printer = (job: PrintJob) => void

// One entry per format, for the normal and the expanded display (psql's printTable switch).
const printers: { [F in PrintFormat]: { normal: Printer; expanded: Printer } } = {
  aligned: { normal: printAligned, expanded: printExpanded },
  wrapped: { normal: printAligned, expanded: printExpanded },
  unaligned: { normal: printUnaligned, expanded: printUnalignedExpanded },
  csv: { normal: printCsv, expanded: printCsvExpanded },
  html: { normal: printHtml, expanded: printHtmlExpanded },
  asciidoc: { normal: printAsciidoc, expanded: printAsciidocExpanded },
  latex: { normal: printLatex, expanded: printLatexExpanded },
  'latex-longtable': { normal: printLatexLongtable, expanded: printLatexExpanded },
  'troff-ms': { normal: printTroff, expanded: printTroffExpanded },
}

export interface PrintEnvironment {
  /** Width of the terminal when stdout is one (psql reads $COLUMNS or the tty); 0 when writing to a file or pipe. */
  terminalColumns?: number
  /** `-q` / QUIET: command tags are not printed. */
  quiet?: boolean
  /**
   * psql's is_pager: the output is what psql pages (a FETCH_COUNT result of several batches on stdout), where
   * expanded=auto is always expanded, so that the batches agree; terminalColumns is then the pager's width.
   */
  pager?: boolean
}

/** Prints a table in the chosen format; `out` receives the pieces in order. */
export function printTableTo(out: Sink, table: PrintTable, opt: PrintOptions, part: TablePart = WHOLE_TABLE, env: PrintEnvironment = {}): void {
  const job: PrintJob = { table, opt, part, terminalColumns: env.terminalColumns ?? 0, out }
  // expanded=auto switches inside the aligned printer, where the width is known; other formats print normally.
  const p = printers[opt.format]
  const aligned = opt.format === 'aligned' || opt.format === 'wrapped'
  if (opt.expanded === 'on' || (opt.expanded === 'auto' && aligned && env.pager)) p.expanded(job)
  else p.normal(job)
}

export function printTable(table: PrintTable, opt: PrintOptions, part: TablePart = WHOLE_TABLE, env: PrintEnvironment = {}): string {
  const out: string[] = []
  printTableTo(out, table, opt, part, env)
  return out.join('')
}

/**
 * The neutral table for a query result: headers, alignment by type OID, NULL display, numeric locale.
 * `rows` are the result's unless the caller kept them elsewhere (a compact store).
 */
export function tableFromResult(result: StatementResult, opt: PrintOptions, rows: RowList<string | null> = result.rows): PrintTable {
  const aligns = result.fields.map(f => columnAlignment(f.dataTypeID))
  const nullText = opt.null
  const locale = opt.numericLocale
  // Rows are read as they are printed, not copied: rows without NULLs pass as they are unless numeric locale rewrites
  // them, or a value holds a noncharacter psql drops.
  const check = rows.noncharacters !== false
  const display = (row: (string | null)[]): string[] => (!locale && !row.includes(null) && !(check && row.some(holdsNoncharacter))
    ? row as string[]
    : row.map((v, c) => (v === null ? nullText : validated(locale && aligns[c] === 'r' ? formatNumericLocale(v) : v))))
  const shown: RowList<string> = {
    get length() { return rows.length },
    * [Symbol.iterator]() { for (const row of rows) yield display(row) },
  }
  return { title: opt.title, headers: result.fields.map(f => validated(f.name)), aligns, rows: shown, footers: null }
}

function holdsNoncharacter(v: string | null): boolean {
  return v !== null && mayHoldNoncharacter(v)
}

const TUPLE_COMMANDS = new Set(['SELECT', 'FETCH', 'SHOW', 'EXPLAIN', 'VALUES', 'TABLE'])

/** Whether a result carries rows (psql's PGRES_TUPLES_OK) rather than just a command tag. */
export function returnsTuples(result: StatementResult): boolean {
  return result.tuples ?? (result.fields.length > 0 || TUPLE_COMMANDS.has(result.command))
}

/** The command tag line psql prints for a statement without rows (PrintQueryStatus); '' when quiet. */
export function printCommandStatus(result: StatementResult, opt: PrintOptions, env: PrintEnvironment = {}): string {
  if (env.quiet) return ''
  return opt.format === 'html' ? '<p>' + htmlEscape(result.commandTag) + '</p>\n' : result.commandTag + '\n'
}

/**
 * Exactly what psql writes to stdout for one statement's result: the table for a query (the tag too for
 * INSERT/UPDATE/DELETE … RETURNING), or the command tag. `part` prints one FETCH_COUNT batch.
 */
export function printQueryResult(result: StatementResult, opt: PrintOptions, part: TablePart = WHOLE_TABLE, env: PrintEnvironment = {}): string {
  const pieces: string[] = []
  printQueryResultTo(chunk => pieces.push(chunk), result, opt, part, env)
  return pieces.join('')
}

/** printQueryResult handing the text to `write` in chunks of about 64 KB, for results too big for one string. */
export function printQueryResultTo(
  write: (chunk: string) => void, result: StatementResult, opt: PrintOptions, part: TablePart = WHOLE_TABLE, env: PrintEnvironment = {},
  rows: RowList<string | null> = result.rows,
): void {
  const sink = new ChunkedSink(write)
  if (!returnsTuples(result)) {
    sink.push(printCommandStatus(result, opt, env))
  } else {
    printTableTo(sink, tableFromResult(result, opt, rows), opt, part, env)
    if (/^(INSERT|UPDATE|DELETE)/.test(result.commandTag)) sink.push(printCommandStatus(result, opt, env))
  }
  sink.flush()
}

import type { PrintJob } from './table.ts'

/** Quotes a field when psql would (csv_print_field). */
export function csvField(value: string, sep: string): string {
  if (value.includes(sep) || /[\r\n"]/.test(value) || value === '\\.' || sep === '\\' || sep === '.') {
    return '"' + value.replaceAll('"', '""') + '"'
  }
  return value
}

/** psql's csv format: header unless tuples only, never a title or footer (print_csv_text). */
export function printCsv(job: PrintJob): void {
  const { table, opt, part, out } = job
  const sep = opt.csvFieldsep[0]
  if (part.startTable && !opt.tuplesOnly) out.push(table.headers.map(h => csvField(h, sep)).join(sep) + '\n')
  for (const row of table.rows) {
    if (row.length > 0) out.push(row.map(v => csvField(v, sep)).join(sep) + '\n')
  }
}

/** psql's csv expanded format: one `column,value` line per field (print_csv_vertical). */
export function printCsvExpanded(job: PrintJob): void {
  const { table, opt, out } = job
  const sep = opt.csvFieldsep[0]
  for (const row of table.rows) {
    row.forEach((v, c) => out.push(csvField(table.headers[c], sep) + sep + csvField(v, sep) + '\n'))
  }
}

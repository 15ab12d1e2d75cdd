import { footersWithDefault, type PrintJob } from './table.ts'

const escape = (s: string) => s.replaceAll('\\', '\\(rs')

function opening(job: PrintJob): string {
  const border = Math.min(job.opt.border, 2)
  let s = ''
  if (!job.opt.tuplesOnly && job.table.title !== null) s += '.LP\n.DS C\n' + escape(job.table.title) + '\n.DE\n'
  return s + '.LP\n.TS\n' + (border === 2 ? 'center box;\n' : 'center;\n')
}

function closing(footers: string[] | null, job: PrintJob): string {
  let s = '.TE\n.DS L\n'
  if (footers && !job.opt.tuplesOnly) for (const f of footers) s += escape(f) + '\n'
  return s + '.DE\n'
}

/** psql's troff-ms format (print_troff_ms_text). */
export function printTroff(job: PrintJob): void {
  const { table, opt, part, out } = job
  const border = Math.min(opt.border, 2)
  if (part.startTable) {
    let s = opening(job) + table.aligns.join(border > 0 ? ' | ' : '') + '.\n'
    if (!opt.tuplesOnly) s += table.headers.map(h => '\\fI' + escape(h) + '\\fP').join('\t') + '\n_\n'
    out.push(s)
  }
  for (const row of table.rows) if (row.length > 0) out.push(row.map(escape).join('\t') + '\n')
  if (part.stopTable) out.push(closing(footersWithDefault(job), job))
}

/** psql's troff-ms expanded format (print_troff_ms_vertical). */
export function printTroffExpanded(job: PrintJob): void {
  const { table, opt, part, out } = job
  const border = Math.min(opt.border, 2)
  let current = 0 // 0 none, 1 record header, 2 body
  if (part.startTable) out.push(opening(job) + (opt.tuplesOnly ? 'c l;\n' : ''))
  else current = 2
  let record = part.priorRows + 1
  for (const row of table.rows) {
    let s = ''
    row.forEach((v, c) => {
      if (c === 0) {
        if (!opt.tuplesOnly) {
          if (current !== 1) {
            if (border === 2 && record > 1) s += '_\n'
            if (current !== 0) s += '.T&\n'
            s += 'c s.\n'
            current = 1
          }
          s += `\\fIRecord ${record++}\\fP\n`
        }
        if (border >= 1) s += '_\n'
      }
      if (!opt.tuplesOnly && current !== 2) {
        if (current !== 0) s += '.T&\n'
        s += border !== 1 ? 'c l.\n' : 'c | l.\n'
        current = 2
      }
      s += escape(table.headers[c]) + '\t' + escape(v) + '\n'
    })
    out.push(s)
  }
  if (part.stopTable) out.push(closing(table.footers, job))
}

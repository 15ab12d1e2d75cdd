import { footersWithDefault, isBlank, type PrintJob } from './table.ts'

const escape = (s: string) => s.replaceAll('|', '\\|')
const frame = ['frame="none",grid="none"', 'frame="none"', 'frame="all",grid="all"']

function frameAttr(border: number): string {
  return border >= 0 && border <= 2 ? ',' + frame[border] : ''
}

function footerBlock(footers: string[] | null, job: PrintJob): string {
  if (job.opt.tuplesOnly || !footers) return ''
  return '\n....\n' + footers.map(f => f + '\n').join('') + '....\n'
}

/** psql's asciidoc format (print_asciidoc_text). */
export function printAsciidoc(job: PrintJob): void {
  const { table, opt, part, out } = job
  const n = table.headers.length
  if (part.startTable) {
    let s = '\n'
    if (!opt.tuplesOnly && table.title !== null) s += '.' + table.title + '\n'
    s += `[${!opt.tuplesOnly ? 'options="header",' : ''}cols="` + table.aligns.map(a => (a === 'r' ? '>l' : '<l')).join(',') + '"'
    s += frameAttr(opt.border) + ']\n|====\n'
    if (!opt.tuplesOnly) s += table.headers.map(h => '^l|' + escape(h)).join(' ') + '\n'
    out.push(s)
  }
  for (const row of table.rows) {
    let s = ''
    row.forEach((v, c) => {
      if (c !== 0) s += ' '
      s += '|'
      if (isBlank(v)) { if (c + 1 !== n) s += ' ' } else s += escape(v)
    })
    if (row.length > 0) out.push(s + '\n')
  }
  out.push('|====\n')
  if (part.stopTable) out.push(footerBlock(footersWithDefault(job), job))
}

/** psql's asciidoc expanded format (print_asciidoc_vertical). */
export function printAsciidocExpanded(job: PrintJob): void {
  const { table, opt, part, out } = job
  if (part.startTable) {
    let s = '\n'
    if (!opt.tuplesOnly && table.title !== null) s += '.' + table.title + '\n'
    out.push(s + '[cols="h,l"' + frameAttr(opt.border) + ']\n|====\n')
  }
  let record = part.priorRows + 1
  for (const row of table.rows) {
    if (row.length === 0) continue
    let s = opt.tuplesOnly ? '2+|\n' : `2+^|Record ${record++}\n`
    row.forEach((v, c) => {
      s += '<l|' + escape(table.headers[c]) + ` ${table.aligns[c] === 'r' ? '>l' : '<l'}|` + (isBlank(v) ? ' ' : escape(v)) + '\n'
    })
    out.push(s)
  }
  out.push('|====\n')
  if (part.stopTable) out.push(footerBlock(table.footers, job))
}

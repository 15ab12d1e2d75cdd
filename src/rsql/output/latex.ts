import { footersWithDefault, type PrintJob } from './table.ts'

const latexEscapes: Record<string, string> = {
  '#': '\\#', '$': '\\$', '%': '\\%', '&': '\\&', '<': '\\textless{}', '>': '\\textgreater{}', '\\': '\\textbackslash{}',
  '^': '\\^{}', '_': '\\_', '{': '\\{', '|': '\\textbar{}', '}': '\\}', '~': '\\~{}', '\n': '\\\\',
}

export function latexEscape(s: string): string {
  return s.replace(/[#$%&<>\\^_{|}~\n]/g, ch => latexEscapes[ch])
}

function titleBlock(job: PrintJob): string {
  return !job.opt.tuplesOnly && job.table.title !== null ? '\\begin{center}\n' + latexEscape(job.table.title) + '\n\\end{center}\n\n' : ''
}

/** psql's latex format (print_latex_text). */
export function printLatex(job: PrintJob): void {
  const { table, opt, part, out } = job
  const border = Math.min(opt.border, 3)
  const n = table.headers.length
  if (part.startTable) {
    let s = titleBlock(job) + '\\begin{tabular}{'
    if (border >= 2) s += '| '
    s += table.aligns.join(border !== 0 ? ' | ' : '')
    if (border >= 2) s += ' |'
    s += '}\n'
    if (!opt.tuplesOnly && border >= 2) s += '\\hline\n'
    if (!opt.tuplesOnly) s += table.headers.map(h => '\\textit{' + latexEscape(h) + '}').join(' & ') + ' \\\\\n\\hline\n'
    out.push(s)
  }
  for (const row of table.rows) {
    if (n === 0) continue
    out.push(row.map(latexEscape).join(' & ') + ' \\\\\n' + (border === 3 ? '\\hline\n' : ''))
  }
  if (part.stopTable) {
    const footers = footersWithDefault(job)
    let s = (border === 2 ? '\\hline\n' : '') + '\\end{tabular}\n\n\\noindent '
    if (footers && !opt.tuplesOnly) for (const f of footers) s += latexEscape(f) + ' \\\\\n'
    out.push(s + '\n')
  }
}

/** psql's latex-longtable format (print_latex_longtable_text). */
export function printLatexLongtable(job: PrintJob): void {
  const { table, opt, part, out } = job
  const border = Math.min(opt.border, 3)
  const n = table.headers.length
  if (part.startTable) {
    let s = '\\begin{longtable}{'
    if (border >= 2) s += '| '
    // Left-aligned columns take their widths from tableattr (proportions of \textwidth), reusing the last one.
    const widths = opt.tableAttr !== null ? opt.tableAttr.split(/[ \t\n]+/).filter(Boolean) : null
    let next = 0
    let last: string | null = null
    table.aligns.forEach((a, i) => {
      if (a === 'l' && widths) {
        if (next < widths.length) { last = widths[next++]; s += 'p{' + last + '\\textwidth}' }
        else if (last !== null) s += 'p{' + last + '\\textwidth}'
        else s += 'l'
      } else s += a
      if (border !== 0 && i < n - 1) s += ' | '
    })
    if (border >= 2) s += ' |'
    s += '}\n'
    if (!opt.tuplesOnly) {
      const head = table.headers.map(h => '\\small\\textbf{\\textit{' + latexEscape(h) + '}}').join(' & ') + ' \\\\\n'
      s += (border >= 2 ? '\\toprule\n' : '') + head + '\\midrule\n\\endfirsthead\n'
      s += (border >= 2 ? '\\toprule\n' : '') + head + (border !== 3 ? '\\midrule\n' : '') + '\\endhead\n'
      if (table.title !== null) {
        const t = latexEscape(table.title)
        s += (border === 2 ? '\\bottomrule\n' : '') + '\\caption[' + t + ' (Continued)]{' + t + '}\n\\endfoot\n'
        s += (border === 2 ? '\\bottomrule\n' : '') + '\\caption[' + t + ']{' + t + '}\n\\endlastfoot\n'
      } else if (border >= 2) {
        s += '\\bottomrule\n\\endfoot\n\\bottomrule\n\\endlastfoot\n'
      }
    }
    out.push(s)
  }
  for (const row of table.rows) {
    if (n === 0) continue
    out.push(row.map(v => '\\raggedright{' + latexEscape(v) + '}').join('\n&\n') + ' \\tabularnewline\n' + (border === 3 ? ' \\hline\n' : ''))
  }
  if (part.stopTable) out.push('\\end{longtable}\n')
}

/** psql's latex expanded format (print_latex_vertical). */
export function printLatexExpanded(job: PrintJob): void {
  const { table, opt, part, out } = job
  const border = Math.min(opt.border, 2)
  if (part.startTable) out.push(titleBlock(job) + '\\begin{tabular}{' + ['cl', 'c|l', '|c|l|'][border] + '}\n')
  let record = part.priorRows + 1
  for (const row of table.rows) {
    if (row.length === 0) continue
    let s = ''
    if (!opt.tuplesOnly) {
      s += border === 2
        ? `\\hline\n\\multicolumn{2}{|c|}{\\textit{Record ${record++}}} \\\\\n`
        : `\\multicolumn{2}{c}{\\textit{Record ${record++}}} \\\\\n`
    }
    if (border >= 1) s += '\\hline\n'
    row.forEach((v, c) => { s += latexEscape(table.headers[c]) + ' & ' + latexEscape(v) + ' \\\\\n' })
    out.push(s)
  }
  if (part.stopTable) {
    let s = (border === 2 ? '\\hline\n' : '') + '\\end{tabular}\n\n\\noindent '
    if (table.footers && !opt.tuplesOnly) for (const f of table.footers) s += latexEscape(f) + ' \\\\\n'
    out.push(s + '\n')
  }
}

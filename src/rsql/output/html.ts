import { footersWithDefault, isBlank, type PrintJob } from './table.ts'

/** psql's html_escaped_print: entities, `<br />` for newlines, leading spaces as `&nbsp;`. */
export function htmlEscape(value: string): string {
  let out = ''
  let leading = true
  for (const ch of value) {
    switch (ch) {
      case '&': out += '&amp;'; break
      case '<': out += '&lt;'; break
      case '>': out += '&gt;'; break
      case '\n': out += '<br />\n'; break
      case '"': out += '&quot;'; break
      case ' ': out += leading ? '&nbsp;' : ' '; break
      default: out += ch
    }
    if (ch !== ' ') leading = false
  }
  return out
}

function tableOpen(job: PrintJob): string {
  const attr = job.opt.tableAttr !== null ? ' ' + job.opt.tableAttr : ''
  let s = `<table border="${job.opt.border}"${attr}>\n`
  if (!job.opt.tuplesOnly && job.table.title !== null) s += '  <caption>' + htmlEscape(job.table.title) + '</caption>\n'
  return s
}

function cellHtml(value: string, align: string): string {
  return `    <td align="${align === 'r' ? 'right' : 'left'}">` + (isBlank(value) ? '&nbsp; ' : htmlEscape(value)) + '</td>\n'
}

function footerHtml(footers: string[] | null, job: PrintJob): string {
  if (job.opt.tuplesOnly || !footers) return '\n'
  return '<p>' + footers.map(f => htmlEscape(f) + '<br />\n').join('') + '</p>\n'
}

/** psql's html format (print_html_text). */
export function printHtml(job: PrintJob): void {
  const { table, opt, part, out } = job
  if (part.startTable) {
    let s = tableOpen(job)
    if (!opt.tuplesOnly) {
      s += '  <tr>\n'
      for (const h of table.headers) s += '    <th align="center">' + htmlEscape(h) + '</th>\n'
      s += '  </tr>\n'
    }
    out.push(s)
  }
  for (const row of table.rows) {
    if (row.length === 0) continue
    out.push('  <tr valign="top">\n' + row.map((v, c) => cellHtml(v, table.aligns[c])).join('') + '  </tr>\n')
  }
  if (part.stopTable) out.push('</table>\n' + footerHtml(footersWithDefault(job), job))
}

/** psql's html expanded format (print_html_vertical). */
export function printHtmlExpanded(job: PrintJob): void {
  const { table, opt, part, out } = job
  if (part.startTable) out.push(tableOpen(job))
  let record = part.priorRows + 1
  for (const row of table.rows) {
    if (row.length === 0) continue
    let s = opt.tuplesOnly
      ? '\n  <tr><td colspan="2">&nbsp;</td></tr>\n'
      : `\n  <tr><td colspan="2" align="center">Record ${record++}</td></tr>\n`
    row.forEach((v, c) => {
      s += '  <tr valign="top">\n    <th>' + htmlEscape(table.headers[c]) + '</th>\n' + cellHtml(v, table.aligns[c]) + '  </tr>\n'
    })
    out.push(s)
  }
  if (part.stopTable) out.push('</table>\n' + footerHtml(table.footers, job))
}

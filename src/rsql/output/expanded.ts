import { lineStyle, type LineStyle } from './line-styles.ts'
import { footersWithDefault, outputColumns, spaces, type PrintJob, type Sink } from './table.ts'
import { cellWidth, fitWidth, formatCell, formatLines, type FormattedLine } from './width.ts'

type Rule = 'top' | 'middle' | 'bottom'

/** The `-[ RECORD n ]-----` line (psql's print_aligned_vertical_line). */
function recordLine(style: LineStyle, border: number, record: number, hwidth: number, dwidth: number, pos: Rule, out: Sink): void {
  const rule = style[pos]
  let s = border === 2 ? rule.leftvrule + rule.hrule : border === 1 ? rule.hrule : ''
  let reclen = 0
  if (record) {
    const label = border === 0 ? `* Record ${record}` : `[ RECORD ${record} ]`
    s += label
    reclen = label.length
  }
  if (border !== 2) reclen++
  const fill = border > 0 ? rule.hrule : ' '
  for (let i = reclen; i < hwidth; i++) s += fill
  reclen -= hwidth
  if (border > 0) {
    if (reclen-- <= 0) s += rule.hrule
    if (reclen-- <= 0) s += rule.midvrule
    if (reclen-- <= 0) s += rule.hrule
  } else if (reclen-- <= 0) {
    s += ' '
  }
  if (reclen < 0) reclen = 0
  for (let i = reclen; i < dwidth; i++) s += fill
  if (border === 2) s += rule.hrule + rule.rightvrule
  out.push(s + '\n')
}

function measure(lines: FormattedLine[]): number {
  let w = 0
  for (const l of lines) if (l.width > w) w = l.width
  return w
}

/** psql's expanded display for aligned and wrapped (print_aligned_vertical). */
export function printExpanded(job: PrintJob): void {
  const { table, opt, part, out } = job
  const border = Math.min(opt.border, 2)
  const style = lineStyle(opt)
  const oldAscii = style.name === 'old-ascii'
  const data = style.data
  const ncols = table.headers.length
  const nrows = table.rows.length

  if ((ncols === 0 || nrows === 0) && part.startTable && part.stopTable) {
    const footers = footersWithDefault(job)
    if (!opt.tuplesOnly && footers) for (const f of footers) out.push(f + '\n')
    out.push('\n')
    return
  }

  const headerLines = table.headers.map(formatLines)
  let hwidth = 0
  let dwidth = 0
  let hmultiline = false
  let dmultiline = false
  for (const h of headerLines) {
    hwidth = Math.max(hwidth, measure(h))
    if (h.length > 1) hmultiline = true
  }
  for (const row of table.rows) {
    for (const cell of row) {
      const w = cellWidth(cell)
      if (w > dwidth) dwidth = w
      if (!dmultiline && cell.includes('\n')) dmultiline = true
    }
  }

  if (part.startTable && !opt.tuplesOnly && table.title !== null) out.push(table.title + '\n')

  // psql 15 fits the data column to the width and the record header lines only in wrapped format.
  if (opt.format === 'wrapped') {
    const columns = outputColumns(job)
    let swidth = border === 0 ? (hmultiline ? 2 : 1) : border === 1 ? (hmultiline && oldAscii ? 4 : 3) : 7
    if (dmultiline && border < 2 && !oldAscii) swidth++
    let rwidth = 0
    if (!opt.tuplesOnly) {
      if (nrows > 0) rwidth = 1 + Math.floor(Math.log10(nrows))
      rwidth += border === 0 ? 9 : border === 1 ? 12 : 15
    }
    let newdwidth: number
    for (;;) {
      const width = Math.max(hwidth + swidth + dwidth, rwidth)
      if (opt.format === 'wrapped' && columns > 0) {
        const minWidth = Math.max(hwidth + swidth + 3, rwidth)
        if (columns >= width) newdwidth = width - hwidth - swidth
        else if (columns < minWidth) newdwidth = minWidth - hwidth - swidth
        else newdwidth = columns - hwidth - swidth
      } else {
        newdwidth = width - hwidth - swidth
      }
      if (newdwidth < dwidth && !dmultiline && border < 2 && !oldAscii) {
        dmultiline = true
        swidth++
      } else break
    }
    dwidth = newdwidth
  }

  let record = part.priorRows + 1
  let r = 0
  for (const row of table.rows) {
    for (let c = 0; c < ncols; c++) {
      const first = r === 0 && c === 0
      if (c === 0) {
        const lhwidth = border < 2 && hmultiline && oldAscii ? hwidth + 1 : hwidth
        const pos: Rule = first ? 'top' : 'middle'
        if (!opt.tuplesOnly) recordLine(style, border, record++, lhwidth, dwidth, pos, out)
        else if (!first || !part.startTable || border === 2) recordLine(style, border, 0, lhwidth, dwidth, pos, out)
      }
      printField(headerLines[c], formatCell(row[c]))
    }
    r++
  }

  function printField(hlines: FormattedLine[], dlines: FormattedLine[]): void {
    let dline = 0
    let hline = 0
    let dcomplete = false
    let hcomplete = false
    let offset = 0
    let chars = dlines[0].width
    while (!dcomplete || !hcomplete) {
      let s = border === 2 ? data.leftvrule : ''
      if (!hcomplete) {
        if (border === 2 || (hmultiline && oldAscii)) s += hline ? style.headerNlLeft : ' '
        const fit = fitWidth(hlines[hline].text, 0, hwidth)
        s += hlines[hline].text + spaces(hwidth - fit.width)
        const mark = border > 0 || (hmultiline && !oldAscii)
        if (hlines[hline + 1] !== undefined) {
          if (mark) s += style.headerNlRight
          hline++
        } else {
          if (mark) s += ' '
          hcomplete = true
        }
      } else {
        let sw = hwidth + border
        if (border < 2 && hmultiline && oldAscii) sw++
        if (border === 0 && !oldAscii && hmultiline) sw++
        s += ' '.repeat(Math.max(1, sw))
      }
      if (border > 0) s += offset ? style.midvruleWrap : dline === 0 ? data.midvrule : style.midvruleNl
      if (!dcomplete) {
        s += offset === 0 ? ' ' : style.wrapLeft
        const text = dlines[dline].text
        const fit = fitWidth(text, offset, dwidth)
        s += text.slice(offset, fit.end)
        chars -= fit.width
        offset = fit.end
        const pad = spaces(dwidth - fit.width)
        const marks = border > 1 || (dmultiline && !oldAscii)
        if (chars) {
          if (marks) s += pad + style.wrapRight
        } else if (dlines[dline + 1] !== undefined) {
          if (marks) s += pad + style.nlRight
          dline++
          offset = 0
          chars = dlines[dline].width
        } else {
          if (border > 1) s += pad + ' '
          dcomplete = true
        }
        if (border === 2) s += data.rightvrule
        out.push(s + '\n')
      } else {
        out.push(border < 2 ? s + '\n' : s + spaces(dwidth) + '  ' + data.rightvrule + '\n')
      }
    }
  }

  if (part.stopTable) {
    if (border === 2) recordLine(style, border, 0, hwidth, dwidth, 'bottom', out)
    if (!opt.tuplesOnly && table.footers !== null) {
      if (border < 2) out.push('\n')
      for (const f of table.footers) out.push(f + '\n')
    }
    out.push('\n')
  }
}

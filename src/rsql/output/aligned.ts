import { printExpanded } from './expanded.ts'
import { lineStyle, type LineRule, type LineStyle } from './line-styles.ts'
import { footersWithDefault, outputColumns, spaces, type PrintJob, type Sink } from './table.ts'
import { cellWidth, fitWidth, formatCell, formatLines, type FormattedLine } from './width.ts'

type Wrap = 'none' | 'wrap' | 'newline'

/** A rule across the table (psql's _print_horizontal_line). */
export function horizontalLine(widths: number[], border: number, rule: LineRule, out: Sink): void {
  let s = border === 1 ? rule.hrule : border === 2 ? rule.leftvrule + rule.hrule : ''
  widths.forEach((w, i) => {
    s += rule.hrule.repeat(w)
    if (i < widths.length - 1) s += border === 0 ? ' ' : rule.hrule + rule.midvrule + rule.hrule
  })
  if (border === 2) s += rule.hrule + rule.rightvrule
  else if (border === 1) s += rule.hrule
  out.push(s + '\n')
}

/** psql's aligned and wrapped formats (print_aligned_text). */
export function printAligned(job: PrintJob): void {
  const { table, opt, part, out } = job
  const border = Math.min(opt.border, 2)
  const style = lineStyle(opt)
  const ncols = table.headers.length
  const headerLines = table.headers.map(formatLines)

  const widthHeader = headerLines.map(lines => maxWidth(lines))
  const maxW = [...widthHeader]
  const widthAverage = new Array<number>(ncols).fill(0)
  for (const row of table.rows) {
    for (let c = 0; c < ncols; c++) {
      const w = cellWidth(row[c])
      if (w > maxW[c]) maxW[c] = w
      widthAverage[c] += w
    }
  }
  if (ncols > 0 && table.rows.length > 0) {
    for (let c = 0; c < ncols; c++) widthAverage[c] = Math.floor(widthAverage[c] / table.rows.length)
  }

  let widthTotal = border === 0 ? ncols : border === 1 ? ncols * 3 - (ncols > 0 ? 1 : 0) : ncols * 3 + 1
  let totalHeaderWidth = widthTotal
  for (let c = 0; c < ncols; c++) {
    widthTotal += maxW[c]
    totalHeaderWidth += widthHeader[c]
  }
  const widthWrap = [...maxW]
  const columns = outputColumns(job)

  if (opt.format === 'wrapped' && columns > 0 && columns >= totalHeaderWidth) {
    // Shrink the column with the highest max/average width ratio, slightly penalising wide columns.
    while (widthTotal > columns) {
      let maxRatio = 0
      let worst = -1
      for (let c = 0; c < ncols; c++) {
        if (widthAverage[c] && widthWrap[c] > widthHeader[c]) {
          const ratio = widthWrap[c] / widthAverage[c] + maxW[c] * 0.01
          if (ratio > maxRatio) { maxRatio = ratio; worst = c }
        }
      }
      if (worst === -1) break
      widthWrap[worst]--
      widthTotal--
    }
  }

  if (opt.expanded === 'auto' && columns > 0 && ncols > 1 && (columns < totalHeaderWidth || columns < widthTotal)) {
    printExpanded(job)
    return
  }

  if (part.startTable) {
    if (table.title !== null && !opt.tuplesOnly) {
      const width = maxWidth(formatLines(table.title))
      out.push(width >= widthTotal ? table.title + '\n' : spaces(Math.floor((widthTotal - width) / 2)) + table.title + '\n')
    }
    if (!opt.tuplesOnly) printHeader(headerLines, widthWrap, border, style, opt.titleDashes, out)
  }

  const wrap = new Array<Wrap>(ncols).fill('none')
  if (ncols > 0) {
    for (const row of table.rows) {
      if (!printPlainRow(row, widthWrap, table.aligns, border, style, out)) printRow(row.map(formatCell), widthWrap, table.aligns, wrap, border, style, out)
    }
  }

  if (part.stopTable) {
    const footers = footersWithDefault(job)
    if (border === 2) horizontalLine(widthWrap, border, style.bottom, out)
    if (footers && !opt.tuplesOnly) for (const f of footers) out.push(f + '\n')
    out.push('\n')
  }
}

function maxWidth(lines: FormattedLine[]): number {
  let w = 0
  for (const l of lines) if (l.width > w) w = l.width
  return w
}

function printHeader(headerLines: FormattedLine[][], widthWrap: number[], border: number, style: LineStyle, rule: boolean, out: Sink): void {
  const ncols = headerLines.length
  const data = style.data
  if (border === 2) horizontalLine(widthWrap, border, style.top, out)
  const done = new Array<boolean>(ncols).fill(false)
  let remaining = ncols
  for (let line = 0; remaining > 0; line++) {
    let s = border === 2 ? data.leftvrule : ''
    for (let c = 0; c < ncols; c++) {
      const thisLine = headerLines[c][line]
      if (border !== 0 || (!style.wrapRightBorder && c > 0)) s += line ? style.headerNlLeft : ' '
      if (!done[c]) {
        const nbspace = widthWrap[c] - thisLine.width
        s += spaces(Math.floor(nbspace / 2)) + thisLine.text + spaces(Math.floor((nbspace + 1) / 2))
        if (headerLines[c][line + 1] === undefined) { remaining--; done[c] = true }
      } else {
        s += spaces(widthWrap[c])
      }
      if (border !== 0 || style.wrapRightBorder) s += !done[c] ? style.headerNlRight : ' '
      if (border !== 0 && c < ncols - 1) s += data.midvrule
    }
    if (border === 2) s += data.rightvrule
    out.push(s + '\n')
  }
  if (rule) horizontalLine(widthWrap, border, style.middle, out)
}

const plainAscii = /^[\x20-\x7e]*$/

/**
 * printRow for the common row: every cell one line of printable ASCII that fits its column, so no
 * cell wraps and widths are lengths. Returns false (printing nothing) for any other row.
 */
function printPlainRow(row: string[], widthWrap: number[], aligns: string[], border: number, style: LineStyle, out: Sink): boolean {
  const ncols = row.length
  for (let c = 0; c < ncols; c++) {
    const v = row[c]
    if (v.length > widthWrap[c] || !plainAscii.test(v)) return false
  }
  const data = style.data
  let s = border === 2 ? data.leftvrule : ''
  for (let c = 0; c < ncols; c++) {
    const v = row[c]
    const pad = spaces(widthWrap[c] - v.length)
    const last = c === ncols - 1
    if (border !== 0) s += ' '
    if (aligns[c] === 'r') s += pad + v
    else s += border === 2 || !last ? v + pad : v
    if (border === 2 || !last) s += ' '
    if (border !== 0 && !last) s += data.midvrule
  }
  if (border === 2) s += data.rightvrule
  out.push(s + '\n')
  return true
}

function printRow(
  lines: FormattedLine[][], widthWrap: number[], aligns: string[], wrap: Wrap[], border: number, style: LineStyle, out: Sink,
): void {
  const ncols = lines.length
  const data = style.data
  const currLine = new Array<number>(ncols).fill(0)
  const offset = new Array<number>(ncols).fill(0)
  let moreLines: boolean
  do {
    moreLines = false
    let s = border === 2 ? data.leftvrule : ''
    for (let c = 0; c < ncols; c++) {
      const thisLine = lines[c][currLine[c]]
      let chars = widthWrap[c]
      const finalSpaces = border === 2 || c < ncols - 1
      if (border !== 0) s += wrap[c] === 'wrap' ? style.wrapLeft : wrap[c] === 'newline' ? style.nlLeft : ' '
      if (thisLine === undefined) {
        if (finalSpaces) s += spaces(chars)
      } else {
        const fit = fitWidth(thisLine.text, offset[c], widthWrap[c])
        chars = Math.min(fit.width, widthWrap[c])
        const piece = thisLine.text.slice(offset[c], fit.end)
        s += aligns[c] === 'r' ? spaces(widthWrap[c] - chars) + piece : piece
        offset[c] = fit.end
        if (fit.end < thisLine.text.length) {
          moreLines = true
        } else {
          currLine[c]++
          if (lines[c][currLine[c]] !== undefined) moreLines = true
          offset[c] = 0
        }
      }
      wrap[c] = 'none'
      if (lines[c][currLine[c]] !== undefined) {
        if (offset[c] !== 0) wrap[c] = 'wrap'
        else if (currLine[c] !== 0) wrap[c] = 'newline'
      }
      if (aligns[c] !== 'r' && (finalSpaces || wrap[c] !== 'none')) s += spaces(widthWrap[c] - chars)
      if (wrap[c] === 'wrap') s += style.wrapRight
      else if (wrap[c] === 'newline') s += style.nlRight
      else if (border === 2 || c < ncols - 1) s += ' '
      if (border !== 0 && c < ncols - 1) {
        if (wrap[c + 1] === 'wrap') s += style.midvruleWrap
        else if (wrap[c + 1] === 'newline') s += style.midvruleNl
        else if (lines[c + 1][currLine[c + 1]] === undefined) s += style.midvruleBlank
        else s += data.midvrule
      }
    }
    if (border === 2) s += data.rightvrule
    out.push(s + '\n')
  } while (moreLines)
}

import type { LineStyleName, PrintOptions } from './options.ts'

/** One horizontal rule (or the data row's verticals): psql's printTextLineFormat. */
export interface LineRule {
  hrule: string
  leftvrule: string
  midvrule: string
  rightvrule: string
}

/** psql's printTextFormat: the characters a line style draws with. */
export interface LineStyle {
  name: LineStyleName
  top: LineRule
  middle: LineRule
  bottom: LineRule
  data: LineRule
  midvruleNl: string
  midvruleWrap: string
  midvruleBlank: string
  headerNlLeft: string
  headerNlRight: string
  nlLeft: string
  nlRight: string
  wrapLeft: string
  wrapRight: string
  wrapRightBorder: boolean
}

const asciiRule: LineRule = { hrule: '-', leftvrule: '+', midvrule: '+', rightvrule: '+' }
const asciiData: LineRule = { hrule: '', leftvrule: '|', midvrule: '|', rightvrule: '|' }

export const ASCII: LineStyle = {
  name: 'ascii', top: asciiRule, middle: asciiRule, bottom: asciiRule, data: asciiData,
  midvruleNl: '|', midvruleWrap: '|', midvruleBlank: '|',
  headerNlLeft: ' ', headerNlRight: '+', nlLeft: ' ', nlRight: '+', wrapLeft: '.', wrapRight: '.',
  wrapRightBorder: true,
}

export const OLD_ASCII: LineStyle = {
  name: 'old-ascii', top: asciiRule, middle: asciiRule, bottom: asciiRule, data: asciiData,
  midvruleNl: ':', midvruleWrap: ';', midvruleBlank: ' ',
  headerNlLeft: '+', headerNlRight: ' ', nlLeft: ' ', nlRight: ' ', wrapLeft: ' ', wrapRight: ' ',
  wrapRightBorder: false,
}

// Box drawing characters, index 0 = single, 1 = double (psql's unicode_style).
const row = [
  { horizontal: '─', verticalAndRight: ['├', '╟'], verticalAndLeft: ['┤', '╢'] },
  { horizontal: '═', verticalAndRight: ['╞', '╠'], verticalAndLeft: ['╡', '╣'] },
]
const column = [
  { vertical: '│', verticalAndHorizontal: ['┼', '╪'], upAndHorizontal: ['┴', '╧'], downAndHorizontal: ['┬', '╤'] },
  { vertical: '║', verticalAndHorizontal: ['╫', '╬'], upAndHorizontal: ['╨', '╩'], downAndHorizontal: ['╥', '╦'] },
]
const border = [
  { upAndRight: '└', vertical: '│', downAndRight: '┌', horizontal: '─', downAndLeft: '┐', leftAndRight: '┘' },
  { upAndRight: '╚', vertical: '║', downAndRight: '╔', horizontal: '═', downAndLeft: '╗', leftAndRight: '╝' },
]

/** The unicode style for the chosen border, column and header line styles (psql's refresh_utf8format). */
export function unicodeStyle(o: Pick<PrintOptions, 'unicodeBorderLinestyle' | 'unicodeColumnLinestyle' | 'unicodeHeaderLinestyle'>): LineStyle {
  const b = o.unicodeBorderLinestyle === 'double' ? 1 : 0
  const c = o.unicodeColumnLinestyle === 'double' ? 1 : 0
  const h = o.unicodeHeaderLinestyle === 'double' ? 1 : 0
  const bs = border[b]
  const cs = column[c]
  const hs = row[h]
  return {
    name: 'unicode',
    top: { hrule: bs.horizontal, leftvrule: bs.downAndRight, midvrule: cs.downAndHorizontal[b], rightvrule: bs.downAndLeft },
    middle: { hrule: hs.horizontal, leftvrule: hs.verticalAndRight[b], midvrule: cs.verticalAndHorizontal[h], rightvrule: hs.verticalAndLeft[b] },
    bottom: { hrule: bs.horizontal, leftvrule: bs.upAndRight, midvrule: cs.upAndHorizontal[b], rightvrule: bs.leftAndRight },
    data: { hrule: '', leftvrule: bs.vertical, midvrule: cs.vertical, rightvrule: bs.vertical },
    midvruleNl: cs.vertical, midvruleWrap: cs.vertical, midvruleBlank: cs.vertical,
    headerNlLeft: ' ', headerNlRight: '↵', nlLeft: ' ', nlRight: '↵', wrapLeft: '…', wrapRight: '…',
    wrapRightBorder: true,
  }
}

export function lineStyle(o: PrintOptions): LineStyle {
  switch (o.linestyle) {
    case 'ascii': return ASCII
    case 'old-ascii': return OLD_ASCII
    case 'unicode': return unicodeStyle(o)
  }
}

import { EAST_ASIAN_WIDE, NONSPACING } from './width-tables.ts'

function inTable(table: readonly number[], cp: number): boolean {
  if (cp < table[0] || cp > table[table.length - 1]) return false
  let lo = 0
  let hi = table.length / 2 - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (cp > table[mid * 2 + 1]) lo = mid + 1
    else if (cp < table[mid * 2]) hi = mid - 1
    else return true
  }
  return false
}

/** Display width of one code point as psql measures it (ucs_wcwidth): -1 control, 0 non-spacing, 2 wide. */
export function charWidth(cp: number): number {
  if (cp === 0) return 0
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return -1
  if (cp < 0x300) return 1
  if (inTable(NONSPACING, cp)) return 0
  if (inTable(EAST_ASIAN_WIDE, cp)) return 2
  return 1
}

/** One display line of a cell after psql's escaping (pg_wcsformat), with its display width. */
export interface FormattedLine {
  text: string
  width: number
}

const plainAscii = /^[\x20-\x7e]*$/

/**
 * Splits a value into display lines as psql does: newlines split, `\r` shows as `\r`, tabs expand to
 * the next multiple of 8, other control characters show as `\xNN` (or `\uNNNN` beyond ASCII).
 */
export function formatLines(value: string): FormattedLine[] {
  if (plainAscii.test(value)) return [{ text: value, width: value.length }]
  const lines: FormattedLine[] = []
  let text = ''
  let width = 0
  for (const ch of value) {
    const cp = ch.codePointAt(0)!
    if (ch === '\n') {
      lines.push({ text, width })
      text = ''
      width = 0
    } else if (ch === '\r') {
      text += '\\r'
      width += 2
    } else if (ch === '\t') {
      do { text += ' '; width++ } while (width % 8 !== 0)
    } else {
      const w = charWidth(cp)
      if (w >= 0) {
        text += ch
        width += w
      } else if (cp < 0x80) {
        text += '\\x' + cp.toString(16).toUpperCase().padStart(2, '0')
        width += 4
      } else {
        text += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0')
        width += 6
      }
    }
  }
  lines.push({ text, width })
  return lines
}

/** Display width of text already formatted (no control characters). */
export function displayWidth(text: string): number {
  if (plainAscii.test(text)) return text.length
  let w = 0
  for (const ch of text) w += Math.max(0, charWidth(ch.codePointAt(0)!))
  return w
}

/**
 * psql's strlen_max_width: how much of `text` (from `start`) fits in `target` display columns; at least
 * one character is always taken. Returns the end index and the width actually filled.
 */
export function fitWidth(text: string, start: number, target: number): { end: number; width: number } {
  let i = start
  let width = 0
  while (i < text.length) {
    const cp = text.codePointAt(i)!
    const w = Math.max(0, charWidth(cp))
    if (target < width + w && width !== 0) break
    width += w
    i += cp > 0xffff ? 2 : 1
  }
  return { end: i, width }
}

/** Display width of a value's widest line, without building its lines when it is plain ASCII. */
export function cellWidth(value: string): number {
  if (plainAscii.test(value)) return value.length
  let w = 0
  for (const l of formatLines(value)) if (l.width > w) w = l.width
  return w
}

// psql checks each cell and header it prints as UTF-8 (mbvalidate) and its check refuses the noncharacters
// U+nFFFE and U+nFFFF beyond the BMP (U+FFFE and U+FFFF pass): they are dropped. Their low surrogate is
// \uDFFE or \uDFFF, after a high surrogate ending in 0x3F.
const MAYBE_NONCHARACTER = /[\uDFFE\uDFFF]/
const NONCHARACTER = /[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/g

/** Whether a value may hold a noncharacter psql drops (a quick test: false means it holds none). */
export function mayHoldNoncharacter(value: string): boolean {
  return MAYBE_NONCHARACTER.test(value)
}

/** A value as psql prints it in a table: without the noncharacters its UTF-8 check drops. */
export function validated(value: string): string {
  return MAYBE_NONCHARACTER.test(value) ? value.replace(NONCHARACTER, '') : value
}

/** formatLines with the common case (one plain ASCII line) kept cheap. */
export function formatCell(value: string): FormattedLine[] {
  return plainAscii.test(value) ? [{ text: value, width: value.length }] : formatLines(value)
}

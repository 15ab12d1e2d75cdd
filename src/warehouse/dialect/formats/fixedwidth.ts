import { FieldSlots, MAX_ROW_BYTES, RowTooLongError, type RowHandler, type RowParser } from './row.ts'

export interface FixedWidthOptions {
  widths: number[]
  ignoreHeader: number
  ignoreBlankLines: boolean
}

const LF = 10, CR = 13, TAB = 9, BACKSLASH = 92

/** FIXEDWIDTH 'label:width,…': each line is cut into columns of so many characters. */
export class FixedWidthParser implements RowParser {
  private leftover: Buffer | undefined
  private line = 1
  private toSkip: number
  private readonly slots = new FieldSlots()

  constructor(private readonly o: FixedWidthOptions) {
    this.toSkip = o.ignoreHeader
  }

  push(chunk: Buffer, onRow: RowHandler): void {
    const buf = this.leftover ? Buffer.concat([this.leftover, chunk]) : chunk
    let lineStart = 0
    for (;;) {
      const lf = buf.indexOf(LF, lineStart)
      if (lf < 0) break
      this.emit(buf, lineStart, lf, onRow)
      lineStart = lf + 1
    }
    this.leftover = lineStart < buf.length ? buf.subarray(lineStart) : undefined
    if (this.leftover && this.leftover.length > MAX_ROW_BYTES) throw new RowTooLongError(this.line)
  }

  end(onRow: RowHandler): void {
    if (this.leftover) this.emit(this.leftover, 0, this.leftover.length, onRow)
    this.leftover = undefined
  }

  private emit(buf: Buffer, start: number, end: number, onRow: RowHandler): void {
    const line = this.line++
    if (this.toSkip > 0) { this.toSkip--; return }
    if (start === end && this.o.ignoreBlankLines) return
    const slots = this.slots
    while (slots.starts.length <= this.o.widths.length) slots.grow()
    let p = start, special = false
    let count = 0
    for (const width of this.o.widths) {
      if (p >= end) break
      const s = p
      // Widths count characters: step over UTF-8 continuation bytes.
      for (let c = 0; c < width && p < end; c++) {
        p++
        while (p < end && (buf[p] & 0xc0) === 0x80) p++
      }
      slots.starts[count] = s; slots.ends[count] = p; count++
    }
    if (p < end) { slots.starts[count] = p; slots.ends[count] = end; count++ }
    for (let i = start; i < end; i++) { const b = buf[i]; if (b === BACKSLASH || b === TAB || b === CR) { special = true; break } }
    onRow({ buf, starts: slots.starts, ends: slots.ends, count, line, raw: buf, rawStart: start, rawEnd: end, special })
  }
}

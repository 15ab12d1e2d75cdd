import { FieldSlots, MAX_ROW_BYTES, RowTooLongError, type RowHandler, type RowParser } from './row.ts'

export interface CsvOptions {
  delimiter: number
  quote: number
  ignoreHeader: number
  ignoreBlankLines: boolean
}

const LF = 10, CR = 13, TAB = 9, BACKSLASH = 92

/** CSV as Redshift reads it: quoted fields may hold delimiters, doubled quotes and newlines. */
export class CsvParser implements RowParser {
  private leftover: Buffer | undefined
  private line = 1
  private toSkip: number
  private readonly slots = new FieldSlots()
  private scratch = Buffer.allocUnsafe(64 * 1024)

  constructor(private readonly o: CsvOptions) {
    this.toSkip = o.ignoreHeader
  }

  push(chunk: Buffer, onRow: RowHandler): void {
    const buf = this.leftover ? Buffer.concat([this.leftover, chunk]) : chunk
    const consumed = this.scan(buf, false, onRow)
    this.leftover = consumed < buf.length ? buf.subarray(consumed) : undefined
    if (this.leftover && this.leftover.length > MAX_ROW_BYTES) throw new RowTooLongError(this.line)
  }

  end(onRow: RowHandler): void {
    if (!this.leftover) return
    const buf = Buffer.concat([this.leftover, Buffer.from([LF])])
    this.leftover = undefined
    this.scan(buf, true, onRow)
  }

  private scan(buf: Buffer, atEnd: boolean, onRow: RowHandler): number {
    const { delimiter: delim, quote } = this.o
    const n = buf.length
    let recordStart = 0
    for (;;) {
      if (recordStart >= n) return recordStart
      if (this.scratch.length < n - recordStart + 16) this.scratch = Buffer.allocUnsafe((n - recordStart) * 2 + 16)
      const out = this.scratch
      const slots = this.slots
      let o = 0, count = 0, i = recordStart, fieldStart = 0, special = false, lines = 0
      let inQuotes = false, fieldBegins = true, quoted = false, complete = false
      while (i < n) {
        const b = buf[i]
        if (inQuotes) {
          if (b === quote) {
            if (i + 1 >= n && !atEnd) break
            if (buf[i + 1] === quote) { out[o++] = quote; i += 2; continue }
            inQuotes = false
            i++
            continue
          }
          if (b === LF) lines++
          if (b === BACKSLASH || b === TAB || b === CR || b === LF) special = true
          out[o++] = b
          i++
          continue
        }
        if (b === quote && fieldBegins) { inQuotes = true; quoted = true; fieldBegins = false; i++; continue }
        fieldBegins = false
        if (b === delim) {
          if (count + 1 >= slots.starts.length) slots.grow()
          slots.starts[count] = fieldStart; slots.ends[count] = o; slots.quoted[count] = quoted ? 1 : 0; count++
          fieldStart = o; fieldBegins = true; quoted = false
          i++
          continue
        }
        if (b === LF) { complete = true; break }
        if (b === BACKSLASH || b === TAB || b === CR) special = true
        out[o++] = b
        i++
      }
      if (!complete) {
        if (!atEnd) return recordStart
        i = n - 1
      }
      // A CR before the LF ends a CRLF line; it is not data in CSV.
      let end = o
      if (!inQuotes && end > fieldStart && out[end - 1] === CR && !quoted) end--
      slots.starts[count] = fieldStart; slots.ends[count] = end; slots.quoted[count] = quoted ? 1 : 0; count++
      const line = this.line
      this.line += lines + 1
      const blank = i === recordStart
      if (this.toSkip > 0) this.toSkip--
      else if (!(blank && this.o.ignoreBlankLines)) {
        onRow({ buf: out, starts: slots.starts, ends: slots.ends, quoted: slots.quoted, count, line, raw: buf, rawStart: recordStart, rawEnd: i, special })
      }
      recordStart = i + 1
    }
  }
}

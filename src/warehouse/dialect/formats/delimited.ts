import { FieldSlots, MAX_ROW_BYTES, RowTooLongError, type RawRow, type RowHandler, type RowParser } from './row.ts'

export interface DelimitedOptions {
  delimiter: number
  /** ESCAPE: a backslash makes the next byte literal. */
  escape: boolean
  /** REMOVEQUOTES: a field's surrounding double quotes go; delimiters and newlines inside stay. */
  removeQuotes: boolean
  ignoreHeader: number
  ignoreBlankLines: boolean
}

const LF = 10, CR = 13, TAB = 9, BACKSLASH = 92, QUOTE = 34

/** Character-delimited text (Redshift's default format): one record per line. */
export class DelimitedParser implements RowParser {
  private leftover: Buffer | undefined
  private line = 1
  private toSkip: number
  private readonly slots = new FieldSlots()
  private scratch = Buffer.allocUnsafe(64 * 1024)

  constructor(private readonly o: DelimitedOptions) {
    this.toSkip = o.ignoreHeader
  }

  push(chunk: Buffer, onRow: RowHandler): void {
    let buf = chunk
    if (this.leftover && !this.o.escape && !this.o.removeQuotes) {
      // Every line ends at a newline here: only the line cut by the chunk boundary is put together.
      const lf = chunk.indexOf(LF)
      if (lf < 0) {
        buf = Buffer.concat([this.leftover, chunk])
      } else {
        this.scanPlain(Buffer.concat([this.leftover, chunk.subarray(0, lf + 1)]), onRow)
        buf = chunk.subarray(lf + 1)
      }
    } else if (this.leftover) {
      buf = Buffer.concat([this.leftover, chunk])
    }
    const consumed = this.o.escape || this.o.removeQuotes ? this.scanEscaped(buf, false, onRow) : this.scanPlain(buf, onRow)
    this.leftover = consumed < buf.length ? buf.subarray(consumed) : undefined
    if (this.leftover && this.leftover.length > MAX_ROW_BYTES) throw new RowTooLongError(this.line)
  }

  end(onRow: RowHandler): void {
    if (!this.leftover) return
    const buf = Buffer.concat([this.leftover, Buffer.from([LF])])
    this.leftover = undefined
    if (this.o.escape || this.o.removeQuotes) this.scanEscaped(buf, true, onRow)
    else this.scanPlain(buf, onRow)
  }

  private skipLine(len: number): boolean {
    if (this.toSkip > 0) { this.toSkip--; return true }
    return len === 0 && this.o.ignoreBlankLines
  }

  /** The fast path: fields are byte ranges of the input itself. Returns the bytes consumed. */
  private scanPlain(buf: Buffer, onRow: RowHandler): number {
    // Most chunks hold no byte PostgreSQL's text format must escape (three native searches tell): then lines
    // and fields are found with native searches too.
    if (buf.indexOf(BACKSLASH) < 0 && buf.indexOf(TAB) < 0 && buf.indexOf(CR) < 0) return this.scanClean(buf, onRow)
    const delim = this.o.delimiter
    const slots = this.slots
    let starts = slots.starts, ends = slots.ends
    let lineStart = 0, fieldStart = 0, count = 0, special = false
    const n = buf.length
    const row: RawRow = { buf, starts, ends, count: 0, line: 0, raw: buf, rawStart: 0, rawEnd: 0, special: false }
    for (let i = 0; i < n; i++) {
      const b = buf[i]
      if (b === delim) {
        if (count + 1 >= starts.length) { slots.grow(); starts = slots.starts; ends = slots.ends }
        starts[count] = fieldStart; ends[count] = i; count++
        fieldStart = i + 1
      } else if (b === LF) {
        if (!this.skipLine(i - lineStart)) {
          starts[count] = fieldStart; ends[count] = i; count++
          row.starts = starts; row.ends = ends; row.count = count; row.line = this.line
          row.rawStart = lineStart; row.rawEnd = i; row.special = special
          onRow(row)
        }
        this.line++
        lineStart = fieldStart = i + 1
        count = 0
        special = false
      } else if (b === BACKSLASH || b === TAB || b === CR) {
        special = true
      }
    }
    return lineStart
  }

  /** `scanPlain` for a chunk without backslash, tab or CR. */
  private scanClean(buf: Buffer, onRow: RowHandler): number {
    const delim = this.o.delimiter
    const slots = this.slots
    const row: RawRow = { buf, starts: slots.starts, ends: slots.ends, count: 0, line: 0, raw: buf, rawStart: 0, rawEnd: 0, special: false }
    let lineStart = 0
    for (;;) {
      const lf = buf.indexOf(LF, lineStart)
      if (lf < 0) return lineStart
      if (!this.skipLine(lf - lineStart)) {
        let starts = slots.starts, ends = slots.ends
        let count = 0, fieldStart = lineStart
        for (;;) {
          const d = buf.indexOf(delim, fieldStart)
          if (d < 0 || d > lf) break
          if (count + 1 >= starts.length) { slots.grow(); starts = slots.starts; ends = slots.ends }
          starts[count] = fieldStart; ends[count] = d; count++
          fieldStart = d + 1
        }
        starts[count] = fieldStart; ends[count] = lf; count++
        row.starts = starts; row.ends = ends; row.count = count; row.line = this.line
        row.rawStart = lineStart; row.rawEnd = lf
        onRow(row)
      }
      this.line++
      lineStart = lf + 1
    }
  }

  /** ESCAPE and REMOVEQUOTES: field bytes are rewritten into a scratch buffer. */
  private scanEscaped(buf: Buffer, atEnd: boolean, onRow: RowHandler): number {
    const { delimiter: delim, escape, removeQuotes } = this.o
    const n = buf.length
    let recordStart = 0
    for (;;) {
      if (recordStart >= n) return recordStart
      if (this.scratch.length < n - recordStart + 16) this.scratch = Buffer.allocUnsafe((n - recordStart) * 2 + 16)
      const out = this.scratch
      const slots = this.slots
      let o = 0, count = 0, i = recordStart, fieldStart = 0, special = false, lines = 0
      let inQuotes = false, fieldBegins = true, quoted = false
      let complete = false
      while (i < n) {
        const b = buf[i]
        if (escape && b === BACKSLASH) {
          if (i + 1 >= n) break
          const c = buf[i + 1]
          if (c === LF) lines++
          if (c === BACKSLASH || c === TAB || c === LF || c === CR) special = true
          out[o++] = c
          i += 2
          fieldBegins = false
          continue
        }
        if (removeQuotes && b === QUOTE && (fieldBegins || inQuotes)) {
          if (fieldBegins) { inQuotes = true; quoted = true; fieldBegins = false; i++; continue }
          inQuotes = false
          i++
          continue
        }
        fieldBegins = false
        if (!inQuotes && b === delim) {
          if (count + 1 >= slots.starts.length) slots.grow()
          slots.starts[count] = fieldStart; slots.ends[count] = o; slots.quoted[count] = quoted ? 1 : 0; count++
          fieldStart = o; fieldBegins = true; quoted = false
          i++
          continue
        }
        if (!inQuotes && b === LF) { complete = true; break }
        if (b === LF) lines++
        if (b === BACKSLASH || b === TAB || b === CR || b === LF) special = true
        out[o++] = b
        i++
      }
      if (!complete) {
        if (atEnd && i >= n - 1 && recordStart < n) {
          // An unterminated quote at the end of the file: the record is what there is.
          complete = true
          i = n - 1
        } else {
          return recordStart
        }
      }
      slots.starts[count] = fieldStart; slots.ends[count] = o; slots.quoted[count] = quoted ? 1 : 0; count++
      const line = this.line
      this.line += lines + 1
      if (!this.skipLine(i - recordStart)) {
        onRow({ buf: out, starts: slots.starts, ends: slots.ends, quoted: slots.quoted, count, line, raw: buf, rawStart: recordStart, rawEnd: i, special })
      }
      recordStart = i + 1
    }
  }
}

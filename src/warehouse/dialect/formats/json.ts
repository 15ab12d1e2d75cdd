import { FieldSlots, MAX_ROW_BYTES, RowTooLongError, type RowHandler, type RowParser } from './row.ts'

/** How a JSON object's values map to the columns: by name (`auto`, `auto ignorecase`) or by JSONPaths. */
export type JsonMapping = { kind: 'auto'; ignoreCase: boolean; columns: string[] } | { kind: 'paths'; paths: PathStep[][] }

export type PathStep = string | number

/** Parses a JSONPaths expression of Redshift's subset: `$.a.b`, `$['a']["b"]`, `$.a[0]`. */
export function parseJsonPath(path: string): PathStep[] {
  const steps: PathStep[] = []
  let i = 0
  if (path[i++] !== '$') throw new Error(`invalid JSONPath expression "${path}": it must start with $`)
  while (i < path.length) {
    if (path[i] === '.') {
      const m = /^\.([^.[]+)/.exec(path.slice(i))
      if (!m) throw new Error(`invalid JSONPath expression "${path}"`)
      steps.push(m[1]); i += m[0].length
    } else if (path[i] === '[') {
      const m = /^\[\s*(?:(\d+)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\]/.exec(path.slice(i))
      if (!m) throw new Error(`invalid JSONPath expression "${path}"`)
      steps.push(m[1] !== undefined ? Number(m[1]) : (m[2] ?? m[3]))
      i += m[0].length
    } else {
      throw new Error(`invalid JSONPath expression "${path}"`)
    }
  }
  return steps
}

const LF = 10, QUOTE = 34, BACKSLASH = 92, OPEN = 123, CLOSE = 125, OPEN_SQ = 91, CLOSE_SQ = 93

/** JSON records: objects one after another (whitespace or newlines between), each one row. */
export class JsonParser implements RowParser {
  private leftover: Buffer | undefined
  private line = 1
  private readonly slots = new FieldSlots()
  private nulls = new Uint8Array(64)
  private scratch = Buffer.allocUnsafe(64 * 1024)
  private readonly width: number

  constructor(private readonly mapping: JsonMapping, private readonly onBadRecord: (line: number, raw: Buffer, reason: string) => void) {
    this.width = mapping.kind === 'auto' ? mapping.columns.length : mapping.paths.length
    while (this.slots.starts.length <= this.width) this.slots.grow()
    if (this.nulls.length <= this.width) this.nulls = new Uint8Array(this.width + 1)
  }

  push(chunk: Buffer, onRow: RowHandler): void {
    const buf = this.leftover ? Buffer.concat([this.leftover, chunk]) : chunk
    const consumed = this.scan(buf, onRow)
    this.leftover = consumed < buf.length ? buf.subarray(consumed) : undefined
    if (this.leftover && this.leftover.length > MAX_ROW_BYTES) throw new RowTooLongError(this.line)
  }

  end(_onRow: RowHandler): void {
    if (this.leftover && this.leftover.toString().trim() !== '') this.onBadRecord(this.line, this.leftover, 'Invalid JSON: the file ends inside an object')
    this.leftover = undefined
  }

  private scan(buf: Buffer, onRow: RowHandler): number {
    let i = 0
    const n = buf.length
    for (;;) {
      // Whitespace between records; count the lines it spans.
      while (i < n && (buf[i] === 32 || buf[i] === LF || buf[i] === 9 || buf[i] === 13 || buf[i] === 44)) { if (buf[i] === LF) this.line++; i++ }
      if (i >= n) return i
      if (buf[i] !== OPEN) {
        const lf = buf.indexOf(LF, i)
        if (lf < 0) return i
        this.onBadRecord(this.line, buf.subarray(i, lf), 'Invalid JSONPath format: the record is not a JSON object')
        i = lf
        continue
      }
      const start = i
      let depth = 0, inString = false, lines = 0, end = -1
      for (; i < n; i++) {
        const b = buf[i]
        if (inString) {
          if (b === BACKSLASH) i++
          else if (b === QUOTE) inString = false
          continue
        }
        if (b === QUOTE) inString = true
        else if (b === OPEN || b === OPEN_SQ) depth++
        else if (b === CLOSE || b === CLOSE_SQ) { depth--; if (depth === 0) { end = i + 1; break } }
        else if (b === LF) lines++
      }
      if (end < 0) return start
      const line = this.line
      this.line += lines
      this.emit(buf, start, end, line, onRow)
      i = end
    }
  }

  private emit(buf: Buffer, start: number, end: number, line: number, onRow: RowHandler): void {
    let value: unknown
    try {
      value = JSON.parse(buf.toString('utf8', start, end))
    } catch (err) {
      this.onBadRecord(line, buf.subarray(start, end), `Invalid JSON: ${(err as Error).message}`)
      return
    }
    const values = this.extract(value as Record<string, unknown>)
    let need = 16
    for (const v of values) if (typeof v === 'string') need += v.length * 3
    if (this.scratch.length < need) this.scratch = Buffer.allocUnsafe(need * 2)
    const out = this.scratch
    const slots = this.slots
    let o = 0, special = false
    for (let c = 0; c < values.length; c++) {
      const v = values[c]
      slots.starts[c] = o
      if (v === undefined || v === null) { this.nulls[c] = 1; slots.ends[c] = o; continue }
      this.nulls[c] = 0
      const text = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)
      if (/[\\\t\n\r]/.test(text)) special = true
      o += out.write(text, o, 'utf8')
      slots.ends[c] = o
    }
    onRow({ buf: out, starts: slots.starts, ends: slots.ends, nulls: this.nulls, count: values.length, line, raw: buf, rawStart: start, rawEnd: end, special })
  }

  private extract(obj: Record<string, unknown>): unknown[] {
    const m = this.mapping
    if (m.kind === 'auto') {
      if (!m.ignoreCase) return m.columns.map(c => obj[c])
      const lower = new Map(Object.keys(obj).map(k => [k.toLowerCase(), k]))
      return m.columns.map(c => { const k = lower.get(c.toLowerCase()); return k === undefined ? undefined : obj[k] })
    }
    return m.paths.map(steps => {
      let v: unknown = obj
      for (const s of steps) {
        if (v === null || typeof v !== 'object') return undefined
        v = (v as Record<string | number, unknown>)[s]
      }
      return v
    })
  }
}

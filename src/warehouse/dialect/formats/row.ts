/**
 * One record as a format parser hands it over: field byte ranges in `buf`, the raw text in `raw`
 * (for stl_load_errors), and hints that let the encoder skip work on plain rows.
 */
export interface RawRow {
  buf: Buffer
  starts: Int32Array
  ends: Int32Array
  count: number
  /** 1 where the source said NULL itself (a JSON null, a missing JSON key). */
  nulls?: Uint8Array
  /** 1 where the field was quoted (CSV): a quoted empty string is not empty-as-NULL. */
  quoted?: Uint8Array
  /** 1-based line of the file where the record starts. */
  line: number
  raw: Buffer
  rawStart: number
  rawEnd: number
  /** False when no field holds a byte PostgreSQL's text format must escape (\, tab, LF, CR). */
  special: boolean
}

export type RowHandler = (row: RawRow) => void

/** A streaming parser of one file: push chunks, then end. Rows are handed over synchronously. */
export interface RowParser {
  push(chunk: Buffer, onRow: RowHandler): void
  end(onRow: RowHandler): void
}

/** Field ranges that grow as rows get wider. */
export class FieldSlots {
  starts = new Int32Array(64)
  ends = new Int32Array(64)
  quoted = new Uint8Array(64)
  grow(): void {
    const n = this.starts.length * 2
    const s = new Int32Array(n); s.set(this.starts); this.starts = s
    const e = new Int32Array(n); e.set(this.ends); this.ends = e
    const q = new Uint8Array(n); q.set(this.quoted); this.quoted = q
  }
}

/** Redshift's limit on one input row; a longer one is an error, never a reason to buffer a whole file. */
export const MAX_ROW_BYTES = 4 * 1024 * 1024

export class RowTooLongError extends Error {
  constructor(readonly line: number) { super(`input row at line ${line} is longer than 4 MB`) }
}

import { mayHoldNoncharacter } from './output/index.ts'

/**
 * A query result held compactly until it is printed (psql holds it as libpq's text too): rows are
 * their values' UTF-8 bytes in slabs (growing to 1 MB), a field ended by 0x00, a row by 0xFE, NULL
 * the single byte 0xFF. None of these bytes occurs in a value's text (Postgres text has no NUL;
 * 0xFE and 0xFF are never UTF-8), so rows decode exactly. An array of strings per row costs about
 * three times as much. A value that carries bytes that are not UTF-8 (under a client encoding that is not
 * UTF8: raw-text.ts) is kept aside, the single byte 0xFD in its place.
 */
const SLAB = 1 << 20
const FIELD_END = 0x00
const ROW_END = 0xfe
const NULL_BYTE = 0xff
const RAW_VALUE = 0xfd

interface Slab {
  buf: Buffer
  used: number
}

export class RowStore implements Iterable<(string | null)[]> {
  private readonly slabs: Slab[] = []
  private count = 0
  /** Whether a value may hold a noncharacter psql's printing drops (RowList's flag: false lets printers skip the check). */
  noncharacters = false
  private readonly rawValues: string[] = []

  constructor(private readonly columns: number) {}

  get length(): number {
    return this.count
  }

  add(row: (string | null)[]): void {
    let chars = 0
    for (const v of row) if (v !== null) chars += v.length
    // a UTF-16 unit is at most 3 bytes of UTF-8; each field takes one more byte, and NULL two
    const slab = this.slabFor(chars * 3 + row.length * 2 + 1)
    const buf = slab.buf
    let pos = slab.used
    for (const v of row) {
      if (v === null) buf[pos++] = NULL_BYTE
      else if (v.length > 0) {
        const bytes = buf.write(v, pos, 'utf8')
        // more bytes than UTF-16 units: not ASCII, so perhaps a noncharacter psql's printing drops, or raw bytes
        if (bytes !== v.length && !this.noncharacters) this.noncharacters = mayHoldNoncharacter(v)
        if (bytes !== v.length && !v.isWellFormed()) {
          this.rawValues.push(v)
          buf[pos++] = RAW_VALUE
        } else pos += bytes
      }
      buf[pos++] = FIELD_END
    }
    buf[pos++] = ROW_END
    slab.used = pos
    this.count++
  }

  private slabFor(bytes: number): Slab {
    const last = this.slabs[this.slabs.length - 1]
    if (last && last.buf.length - last.used >= bytes) return last
    // slabs grow from 4 KB, so the many small results of a script stay small
    const size = Math.max(Math.min(SLAB, last ? last.buf.length * 2 : 4096), bytes)
    const slab = { buf: Buffer.allocUnsafeSlow(size), used: 0 }
    this.slabs.push(slab)
    return slab
  }

  *[Symbol.iterator](): Iterator<(string | null)[]> {
    const n = this.columns
    let raw = 0
    for (const { buf, used } of this.slabs) {
      let s = 0
      while (s < used) {
        const row = new Array<string | null>(n)
        for (let c = 0; c < n; c++) {
          const e = buf.indexOf(FIELD_END, s)
          row[c] = e - s !== 1 || buf[s] < RAW_VALUE ? buf.toString('utf8', s, e) : buf[s] === NULL_BYTE ? null : this.rawValues[raw++]
          s = e + 1
        }
        s++ // the row's end
        yield row
      }
    }
  }
}

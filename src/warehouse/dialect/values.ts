import { isUtf8 } from 'node:buffer'
import type { DateParser } from './datetime.ts'
import type { RawRow } from './formats/row.ts'
import type { OutBuffer } from './out-buffer.ts'
import type { TargetColumn } from './target.ts'

/** Why a row was rejected: Redshift's load error code and reason (r_Load_Error_Reference). */
export interface Rejection {
  /** 0-based position of the column, or -1 for the whole row. */
  column: number
  code: number
  reason: string
  value: string
}

export interface EncodeOptions {
  nullAs: Buffer
  emptyAsNull: boolean
  blanksAsNull: boolean
  trimBlanks: boolean
  truncateColumns: boolean
  /** ACCEPTINVCHARS' replacement byte, or -1. */
  invalidCharReplacement: number
  acceptAnyDate: boolean
  fillRecord: boolean
  roundec: boolean
  date: DateParser
  timestamp: DateParser
  timestamptz: DateParser
}

const TAB = 9, LF = 10, CR = 13, BACKSLASH = 92, SPACE = 32, N = 78

const EOL_LF = 1, EOL_CRLF = 2
const RUN_BYTES = 64 * 1024

// How encodeVerbatim checks a column.
const V_NEVER = 0, V_CHAR = 1, V_INT = 2, V_DECIMAL = 3, V_TEXT = 4

const INT_LIMITS = { int2: '32767', int4: '2147483647', int8: '9223372036854775807' } as const

/**
 * Checks each field against its column the way Redshift's COPY does, applies the transformations, and
 * writes PostgreSQL text format (`\t` between fields, `\N` for NULL). A rejected row writes nothing.
 * Rows that need no change but their separators are rewritten in place in the input chunk and written in
 * runs: the caller calls `flushRun` before it lets go of a chunk.
 */
export class RowEncoder {
  private readonly ncols: number
  private readonly kinds: TargetColumn['kind'][]
  /** Set by the caller: false when the current input chunk is known to be valid UTF-8 without NUL bytes. */
  checkUtf8 = true

  /** EOL_LF or EOL_CRLF once the first row is seen. */
  private eol = 0
  /** Rows encoded in place in `runBuf`, not yet written to the output. */
  private runBuf: Buffer | undefined
  private runStart = 0
  private runEnd = 0
  /** Options under which a field can go out exactly as it came in (see `encodeVerbatim`). */
  private readonly verbatimAllowed: boolean
  private readonly verbatimKinds: Uint8Array
  private readonly maxBytes: Int32Array
  /** Integer digits a value may have and still be copied as is (int types: fewer than the maximum's). */
  private readonly intDigits: Int32Array
  private readonly scales: Int32Array
  private readonly hasText: boolean
  /** The NULL AS marker's length, or -1 when it holds a backslash (a row copied as is has none). */
  private readonly nullMarkerLength: number

  constructor(private readonly columns: TargetColumn[], private readonly o: EncodeOptions, private readonly out: OutBuffer) {
    this.ncols = columns.length
    this.kinds = columns.map(c => c.kind)
    this.maxBytes = Int32Array.from(columns, c => c.maxBytes ?? 0x7fffffff)
    this.verbatimKinds = Uint8Array.from(columns, c => {
      switch (c.kind) {
        case 'char': return V_CHAR
        case 'int2': case 'int4': case 'int8': return V_INT
        case 'numeric': return V_DECIMAL
        case 'other': return V_TEXT
        default: return V_NEVER
      }
    })
    this.intDigits = Int32Array.from(columns, c => {
      if (c.kind === 'int2' || c.kind === 'int4' || c.kind === 'int8') return INT_LIMITS[c.kind].length - 1
      return c.kind === 'numeric' && c.precision !== undefined ? c.precision - (c.scale ?? 0) : 0x7fffffff
    })
    this.scales = Int32Array.from(columns, c => c.scale ?? 0)
    this.hasText = columns.some(c => c.kind === 'char' || c.kind === 'other')
    this.nullMarkerLength = o.nullAs.includes(BACKSLASH) ? -1 : o.nullAs.length
    this.verbatimAllowed = !o.trimBlanks && !o.blanksAsNull && !o.emptyAsNull
  }

  encode(row: RawRow): Rejection | undefined {
    let count = row.count
    const ncols = this.ncols
    // A delimiter at the end of every line (TPC-H .tbl files) leaves an empty last field: it is not a column.
    const trailing = count === ncols + 1 && row.ends[count - 1] === row.starts[count - 1] && !row.quoted?.[count - 1]
    if (trailing) count--
    // The first row picks the line ending for the whole COPY (PostgreSQL wants one): CR LF when it ends with a
    // delimiter, so that such rows keep their length (the delimiter becomes the CR) and can go out in runs.
    if (this.eol === 0) this.eol = trailing ? EOL_CRLF : EOL_LF
    if (count > ncols) return { column: -1, code: 1202, reason: 'Extra column(s) found', value: '' }
    if (count < ncols && !this.o.fillRecord) {
      return { column: count > 0 ? count : 0, code: 1214, reason: 'Delimiter not found', value: '' }
    }
    if (count === ncols && this.verbatimAllowed && !row.special && !row.nulls && !row.quoted && this.encodeVerbatim(row, trailing)) return undefined
    this.flushRun()
    const out = this.out
    out.reserve((row.rawEnd - row.rawStart) * 2 + (row.ends[count - 1] - row.starts[0]) * 2 + ncols * 48 + 64)
    const rowStart = out.pos
    const buf = row.buf
    for (let c = 0; c < ncols; c++) {
      if (c > 0) out.buf[out.pos++] = TAB
      const kind = this.kinds[c]
      if (c >= count) {
        // FILLRECORD: missing trailing columns load as empty strings (character types) or NULL.
        if (kind === 'char' && !this.o.emptyAsNull) continue
        if (this.columns[c].notNull) return this.reject(rowStart, c, 1213, 'Missing data for not-null field', '')
        out.buf[out.pos++] = BACKSLASH; out.buf[out.pos++] = N
        continue
      }
      let s = row.starts[c], e = row.ends[c]
      let isNull = row.nulls !== undefined && row.nulls[c] === 1
      if (!isNull && this.isNullMarker(buf, s, e) && !(row.quoted && row.quoted[c])) isNull = true
      if (!isNull && kind === 'char') {
        if (this.o.trimBlanks) while (e > s && buf[e - 1] === SPACE) e--
        if (s === e) isNull = this.o.emptyAsNull
        else if (this.o.blanksAsNull && isBlank(buf, s, e)) isNull = true
      } else if (!isNull && s === e) {
        isNull = true
      }
      if (isNull) {
        if (this.columns[c].notNull) return this.reject(rowStart, c, 1213, 'Missing data for not-null field', '')
        out.buf[out.pos++] = BACKSLASH; out.buf[out.pos++] = N
        continue
      }
      let rejection: Rejection | undefined
      switch (kind) {
        case 'char': rejection = this.writeChar(buf, s, e, c, row.special); break
        case 'int2': case 'int4': case 'int8': rejection = this.writeInt(buf, s, e, c, kind); break
        case 'other':
          if (this.checkUtf8 && !validText(buf, s, e)) {
            rejection = { column: c, code: 1220, reason: 'String contains invalid or unsupported UTF8 codepoints', value: buf.toString('latin1', s, e) }
          } else this.writeText(buf, s, e, row.special)
          break
        case 'numeric': if (!this.writePlainDecimal(buf, s, e, c)) rejection = this.writeConverted(buf, s, e, c, kind); break
        default: rejection = this.writeConverted(buf, s, e, c, kind)
      }
      if (rejection) { out.pos = rowStart; return rejection }
    }
    if (this.eol === EOL_CRLF) out.buf[out.pos++] = CR
    out.buf[out.pos++] = LF
    return undefined
  }

  /** Writes the run of rows that went out as they came in. Call before the input chunk goes away. */
  flushRun(): void {
    const buf = this.runBuf
    if (!buf) return
    this.runBuf = undefined
    const n = this.runEnd - this.runStart
    const out = this.out
    out.reserve(n)
    buf.copy(out.buf, out.pos, this.runStart, this.runEnd)
    out.pos += n
  }

  /**
   * The common row: every field one byte apart in the input, nothing to escape, and each value already in the
   * form PostgreSQL's text format takes (plain integers and decimals that fit, strings within their length).
   * Such a row is copied in one piece with tabs put where the delimiters were. False: use the general path.
   */
  private encodeVerbatim(row: RawRow, trailing: boolean): boolean {
    const { buf, starts, ends } = row
    const ncols = this.ncols
    if (this.checkUtf8 && this.hasText) return false
    const nullAs = this.nullMarkerLength
    const kinds = this.verbatimKinds
    for (let c = 0; c < ncols; c++) {
      const s = starts[c], e = ends[c]
      if (c > 0 && s !== ends[c - 1] + 1) return false
      if (e - s === nullAs && this.isNullMarker(buf, s, e)) return false
      switch (kinds[c]) {
        case V_CHAR:
          if (e - s > this.maxBytes[c]) return false
          break
        case V_INT: {
          let i = s
          if (buf[i] === 45 || buf[i] === 43) i++
          if (i === e || e - i > this.intDigits[c]) return false
          for (; i < e; i++) { const b = buf[i]; if (b < 48 || b > 57) return false }
          break
        }
        case V_DECIMAL:
          if (!this.isPlainDecimal(buf, s, e, c)) return false
          break
        case V_TEXT:
          if (s === e) return false
          break
        default:
          return false
      }
    }
    const s0 = starts[0], len = ends[ncols - 1] - s0
    const crlf = this.eol === EOL_CRLF
    const end = row.rawEnd
    if (buf === row.raw && s0 === row.rawStart && buf[end] === LF && (crlf ? trailing && ends[ncols] === end : !trailing && ends[ncols - 1] === end)) {
      // The row's own bytes become its output: tabs where the delimiters were (and the CR of CR LF where the
      // trailing one was), written later together with the rows around it.
      for (let c = 0; c < ncols - 1; c++) buf[ends[c]] = TAB
      if (crlf) buf[ends[ncols - 1]] = CR
      if (this.runBuf !== buf || this.runEnd !== s0) { this.flushRun(); this.runBuf = buf; this.runStart = s0 }
      this.runEnd = end + 1
      if (this.runEnd - this.runStart >= RUN_BYTES) this.flushRun()
      return true
    }
    this.flushRun()
    const out = this.out
    out.reserve(len + 2)
    const o = out.buf
    let p = out.pos
    if (len > 32) buf.copy(o, p, s0, s0 + len); else for (let i = 0; i < len; i++) o[p + i] = buf[s0 + i]
    for (let c = 0; c < ncols - 1; c++) o[p + ends[c] - s0] = TAB
    p += len
    if (crlf) o[p++] = CR
    o[p++] = LF
    out.pos = p
    return true
  }

  private reject(rowStart: number, column: number, code: number, reason: string, value: string): Rejection {
    this.out.pos = rowStart
    return { column, code, reason, value }
  }

  private isNullMarker(buf: Buffer, s: number, e: number): boolean {
    const marker = this.o.nullAs
    if (e - s !== marker.length) return false
    for (let i = 0; i < marker.length; i++) if (buf[s + i] !== marker[i]) return false
    return true
  }

  private writeChar(buf: Buffer, s: number, e: number, c: number, special: boolean): Rejection | undefined {
    if (this.checkUtf8 && !validText(buf, s, e)) {
      if (this.o.invalidCharReplacement < 0) {
        return { column: c, code: 1220, reason: 'String contains invalid or unsupported UTF8 codepoints', value: buf.toString('latin1', s, e) }
      }
      const fixed = replaceInvalidUtf8(buf.subarray(s, e), this.o.invalidCharReplacement)
      return this.writeChar(fixed, 0, fixed.length, c, special)
    }
    const max = this.columns[c].maxBytes
    if (max !== undefined && e - s > max) {
      if (!this.o.truncateColumns) {
        return { column: c, code: 1204, reason: 'String length exceeds DDL length', value: buf.toString('utf8', s, e) }
      }
      e = s + max
      while (e > s && (buf[e] & 0xc0) === 0x80) e-- // do not cut a character in two
    }
    this.writeText(buf, s, e, special)
    return undefined
  }

  /** The bytes as they are (a value with nothing to escape): short ones byte by byte, longer ones by one native copy. */
  private writeRaw(buf: Buffer, s: number, e: number): void {
    const o = this.out.buf
    let p = this.out.pos
    if (e - s > 32) { buf.copy(o, p, s, e); p += e - s } else for (let i = s; i < e; i++) o[p++] = buf[i]
    this.out.pos = p
  }

  private writeText(buf: Buffer, s: number, e: number, special: boolean): void {
    if (!special) return this.writeRaw(buf, s, e)
    const out = this.out
    const o = out.buf
    let p = out.pos
    for (let i = s; i < e; i++) {
      const b = buf[i]
      if (b === BACKSLASH) { o[p++] = BACKSLASH; o[p++] = BACKSLASH } else if (b === TAB) { o[p++] = BACKSLASH; o[p++] = 116 } else if (b === LF) { o[p++] = BACKSLASH; o[p++] = 110 } else if (b === CR) { o[p++] = BACKSLASH; o[p++] = 114 } else o[p++] = b
    }
    out.pos = p
  }

  private writeInt(buf: Buffer, s: number, e: number, c: number, kind: 'int2' | 'int4' | 'int8'): Rejection | undefined {
    while (s < e && buf[s] === SPACE) s++
    while (e > s && buf[e - 1] === SPACE) e--
    let i = s
    const negative = buf[i] === 45
    if (buf[i] === 45 || buf[i] === 43) i++
    const digitsStart = i
    for (; i < e; i++) {
      const b = buf[i]
      if (b < 48 || b > 57) {
        return { column: c, code: 1207, reason: `Invalid digit, Value '${String.fromCharCode(b)}', Pos ${i - s}, Type: ${intName(kind)}`, value: buf.toString('utf8', s, e) }
      }
    }
    if (digitsStart === e) return { column: c, code: 1207, reason: `Invalid digit, Value '', Pos 0, Type: ${intName(kind)}`, value: buf.toString('utf8', s, e) }
    let d = digitsStart
    while (d < e - 1 && buf[d] === 48) d++
    const limit = INT_LIMITS[kind]
    const len = e - d
    if (len >= limit.length) {
      const digits = buf.toString('latin1', d, e)
      const max = negative ? (BigInt(limit) + 1n) : BigInt(limit)
      if (len > limit.length || BigInt(digits) > max) {
        return { column: c, code: 1216, reason: `Overflow, Value '${buf.toString('utf8', s, e)}' out of range for Type: ${intName(kind)}`, value: buf.toString('utf8', s, e) }
      }
    }
    this.writeRaw(buf, s, e)
    return undefined
  }

  /** The common case, checked on bytes: `-123.45` with no more digits than the column holds. */
  private writePlainDecimal(buf: Buffer, s: number, e: number, c: number): boolean {
    if (!this.isPlainDecimal(buf, s, e, c)) return false
    this.writeRaw(buf, s, e)
    return true
  }

  /**
   * Digits, at most one point with digits after it, no more decimals than the scale, and an integer part
   * that fits the precision: what writePlainDecimal writes as is (and encodeVerbatim copies).
   */
  private isPlainDecimal(buf: Buffer, s: number, e: number, c: number): boolean {
    let i = s
    if (buf[i] === 45) i++
    let intDigits = 0, fracDigits = -1
    for (; i < e; i++) {
      const b = buf[i]
      if (b >= 48 && b <= 57) { if (fracDigits >= 0) fracDigits++; else intDigits++ } else if (b === 46 && fracDigits < 0) fracDigits = 0
      else return false
    }
    return intDigits > 0 && fracDigits !== 0 && fracDigits <= this.scales[c] && intDigits <= this.intDigits[c]
  }

  private writeConverted(buf: Buffer, s: number, e: number, c: number, kind: TargetColumn['kind']): Rejection | undefined {
    const text = buf.toString('utf8', s, e)
    let value: string | undefined
    let code = 0
    let reason = ''
    switch (kind) {
      case 'numeric': {
        const col = this.columns[c]
        const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(text)
        if (!m || (m[2] === '' && !m[3])) { code = 1209; reason = `Invalid decimal, Value '${text}'` } else {
          value = col.precision === undefined ? text.trim() : fitScale(m[1], m[2] || '0', m[3] ?? '', col.precision, col.scale ?? 0, this.o.roundec)
          if (value === undefined) { code = 1216; reason = 'Numeric data overflow (result precision)' }
        }
        break
      }
      case 'float': {
        const t = text.trim()
        if (t === '' || (Number.isNaN(Number(t)) && !/^[+-]?(nan|inf|infinity)$/i.test(t))) { code = 1208; reason = `Invalid float, Value '${text}'` } else value = t
        break
      }
      case 'bool': {
        const t = text.trim().toLowerCase()
        if (['t', 'true', 'y', 'yes', '1', 'on'].includes(t)) value = 't'
        else if (['f', 'false', 'n', 'no', '0', 'off'].includes(t)) value = 'f'
        else { code = 1210; reason = `Invalid boolean, Value '${text}'` }
        break
      }
      case 'date':
        value = this.o.date(text)
        if (value === undefined) { code = 1205; reason = `Invalid Date Format - Value '${text}' does not match the DATEFORMAT` }
        break
      case 'timestamp': case 'timestamptz':
        value = (kind === 'timestamp' ? this.o.timestamp : this.o.timestamptz)(text)
        if (value === undefined) { code = 1206; reason = `Invalid timestamp format or value - Value '${text}' does not match the TIMEFORMAT` }
        break
    }
    const out = this.out
    if (value === undefined) {
      if ((code === 1205 || code === 1206) && this.o.acceptAnyDate) {
        if (this.columns[c].notNull) return { column: c, code: 1213, reason: 'Missing data for not-null field', value: text }
        out.buf[out.pos++] = BACKSLASH; out.buf[out.pos++] = N
        return undefined
      }
      return { column: c, code, reason, value: text }
    }
    out.pos += out.buf.write(value, out.pos, 'latin1')
    return undefined
  }
}

/** Redshift truncates extra decimal places (rounds them with ROUNDEC); undefined when the integer part overflows. */
function fitScale(sign: string, int: string, frac: string, precision: number, scale: number, round: boolean): string | undefined {
  let digits = int.replace(/^0+(?=\d)/, '') + frac.padEnd(scale, '0').slice(0, scale)
  if (round && frac.length > scale && frac.charCodeAt(scale) >= 53) {
    const up = (BigInt(digits) + 1n).toString()
    digits = up.padStart(digits.length, '0')
  }
  const intPart = digits.slice(0, digits.length - scale).replace(/^0+/, '') || '0'
  if (intPart !== '0' && intPart.length > precision - scale) return undefined
  return `${sign === '-' ? '-' : ''}${intPart}${scale > 0 ? '.' + digits.slice(digits.length - scale) : ''}`
}

function intName(kind: 'int2' | 'int4' | 'int8'): string {
  return kind === 'int2' ? 'Short' : kind === 'int4' ? 'Integer' : 'Long'
}

function isBlank(buf: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) { const b = buf[i]; if (b !== SPACE && b !== TAB && b !== CR && b !== LF) return false }
  return true
}

/** Valid UTF-8 without NUL, which PostgreSQL text cannot hold. */
export function validText(buf: Buffer, s: number, e: number): boolean {
  let ascii = true
  for (let i = s; i < e; i++) { const b = buf[i]; if (b === 0) return false; if (b > 127) ascii = false }
  return ascii || isUtf8(buf.subarray(s, e))
}

/** ACCEPTINVCHARS: every byte of an invalid UTF-8 sequence (and NUL) becomes the replacement character. */
function replaceInvalidUtf8(b: Buffer, replacement: number): Buffer {
  const out = Buffer.from(b)
  let i = 0
  while (i < out.length) {
    const x = out[i]
    let len = x < 0x80 ? 1 : x >= 0xc2 && x < 0xe0 ? 2 : x >= 0xe0 && x < 0xf0 ? 3 : x >= 0xf0 && x < 0xf5 ? 4 : 0
    if (len > 1 && (i + len > out.length || !isUtf8(out.subarray(i, i + len)))) len = 0
    if (x === 0) len = 0
    if (len === 0) { out[i] = replacement; i++ } else i += len
  }
  return out
}

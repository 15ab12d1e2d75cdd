/**
 * Text that keeps its bytes. psql reads a script as bytes and sends them, and prints what it has, as they are:
 * a byte that is not part of valid UTF-8 reaches the server (which refuses it in a UTF8 client encoding) or the
 * output unchanged. rsql's strings carry such a byte as a lone surrogate U+DC80–U+DCFF (Python's
 * "surrogateescape"), decoded where bytes come in and encoded back where text goes out. Valid UTF-8, and text
 * without such a surrogate, are told apart by one check (isUtf8, isWellFormed) and take Node's own conversion.
 * In a client encoding that is not UTF8 the server's text is read a byte a character (decodeBytes).
 */
import { isUtf8 } from 'node:buffer'

declare global {
  interface String {
    /** ES2024: no lone surrogate (Node 20). */
    isWellFormed(): boolean
  }
}

const ESCAPE = 0xdc00

/** A client encoding that is UTF8: none reported yet (sessions start so), UTF8, or its old name UNICODE (reported as set). */
export function isUtf8Encoding(name: string | undefined): boolean {
  return name === undefined || name === 'UTF8' || name === 'UNICODE'
}

/** The bytes `start`–`end` as text, each byte that is not part of a valid UTF-8 sequence as U+DC80–U+DCFF. */
export function decodeRaw(bytes: Buffer, start = 0, end = bytes.length): string {
  if (isUtf8(bytes.subarray(start, end))) return bytes.toString('utf8', start, end)
  let text = ''
  let run = start
  for (let i = start; i < end;) {
    const n = sequenceLength(bytes, i, end)
    if (n > 0) {
      i += n
      continue
    }
    text += bytes.toString('utf8', run, i) + String.fromCharCode(ESCAPE | bytes[i])
    run = ++i
  }
  return text + bytes.toString('utf8', run, end)
}

/**
 * The bytes as text a byte a character: ASCII as it is, each high byte as U+DC80–U+DCFF (encodeRaw writes them back).
 * So psql sees text in a client encoding that is not UTF8 (LATIN1…): a byte is a character one column wide.
 */
export function decodeBytes(bytes: Buffer, start = 0, end = bytes.length): string {
  const text = bytes.toString('latin1', start, end)
  return HIGH_BYTE.test(text) ? text.replace(HIGH_BYTES, c => String.fromCharCode(ESCAPE | c.charCodeAt(0))) : text
}

const HIGH_BYTE = /[\x80-\xff]/
const HIGH_BYTES = /[\x80-\xff]/g

/** One byte as decodeRaw has it alone: ASCII, or a high byte as U+DC80–U+DCFF. */
export function byteChar(byte: number): string {
  return String.fromCharCode(byte < 0x80 ? byte : ESCAPE | byte)
}

/** The bytes of text decoded by decodeRaw: UTF-8, with each U+DC80–U+DCFF written as the byte it stands for. */
export function encodeRaw(text: string): Buffer {
  if (text.isWellFormed()) return Buffer.from(text)
  const parts: Buffer[] = []
  let at = 0
  for (const m of text.matchAll(ESCAPED)) {
    parts.push(Buffer.from(text.slice(at, m.index)), Buffer.from(Array.from(m[0], c => c.charCodeAt(0) & 0xff)))
    at = m.index! + m[0].length
  }
  parts.push(Buffer.from(text.slice(at)))
  return Buffer.concat(parts)
}

/** Escaped bytes: lone surrogates of the range (with the u flag, the half of a surrogate pair is no match). */
const ESCAPED = /[\udc80-\udcff]+/gu

/** How many bytes a UTF-8 sequence has by its first byte alone, as PostgreSQL's pg_utf_mblen tells it (1 for any other byte). */
export function pgUtfMblen(lead: number): number {
  return (lead & 0xe0) === 0xc0 ? 2 : (lead & 0xf0) === 0xe0 ? 3 : (lead & 0xf8) === 0xf0 ? 4 : 1
}

/** The length of the valid UTF-8 sequence at `i` (RFC 3629: no overlong form, no surrogate, nothing above U+10FFFF), 0 if none. */
function sequenceLength(b: Buffer, i: number, end: number): number {
  const lead = b[i]
  if (lead < 0x80) return 1
  let n: number, low = 0x80, high = 0xbf
  if (lead >= 0xc2 && lead <= 0xdf) n = 2
  else if (lead >= 0xe0 && lead <= 0xef) {
    n = 3
    if (lead === 0xe0) low = 0xa0
    else if (lead === 0xed) high = 0x9f
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    n = 4
    if (lead === 0xf0) low = 0x90
    else if (lead === 0xf4) high = 0x8f
  } else return 0
  if (i + n > end || b[i + 1] < low || b[i + 1] > high) return 0
  for (let k = 2; k < n; k++) if (b[i + k] < 0x80 || b[i + k] > 0xbf) return 0
  return n
}

/**
 * A Query message (Q) of text whose bytes are written as encodeRaw has them (pg and Buffer write them as UTF-8).
 * Well-formed text, every statement of a valid UTF-8 script, is written straight into the message.
 */
export function queryMessage(sql: string): Buffer {
  return textMessage(0x51, sql, 0, 1) // Q: the text, NUL
}

/** A Parse message (P) of the unnamed statement, without parameter types, its text written as queryMessage writes it. */
export function parseMessage(sql: string): Buffer {
  return textMessage(0x50, sql, 1, 3) // P: the name (empty, NUL), the text, NUL, no parameter types (int16 0)
}

/** A frontend message of `type`: `before` zero bytes, the text (well-formed text written straight in), `after` zero bytes. */
function textMessage(type: number, sql: string, before: number, after: number): Buffer {
  const bytes = sql.isWellFormed() ? undefined : encodeRaw(sql)
  const length = bytes ? bytes.length : Buffer.byteLength(sql)
  const at = 5 + before
  const message = Buffer.allocUnsafe(at + length + after)
  message[0] = type
  message.writeInt32BE(message.length - 1, 1)
  message.fill(0, 5, at)
  if (bytes) bytes.copy(message, at)
  else message.write(sql, at)
  message.fill(0, at + length)
  return message
}

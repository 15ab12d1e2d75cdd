import { Transform, type TransformCallback } from 'node:stream'
import { crc32 } from 'node:zlib'
import { adler32 } from './checksum.ts'
import { lzo1xCompress, lzo1xDecompress, LzoError } from './lzo1x.ts'

/** The lzop file format (lzop 1.03/1.04): a header, then blocks of at most 256 KiB, each LZO1X-compressed or stored. */
export const LZOP_MAGIC = Buffer.from([0x89, 0x4c, 0x5a, 0x4f, 0x00, 0x0d, 0x0a, 0x1a, 0x0a])

const F_ADLER32_D = 0x1
const F_ADLER32_C = 0x2
const F_H_EXTRA_FIELD = 0x40
const F_CRC32_D = 0x100
const F_CRC32_C = 0x200
const F_MULTIPART = 0x400
const F_H_FILTER = 0x800
const F_H_CRC32 = 0x1000
const F_OS_UNIX = 0x03000000
const BLOCK_SIZE = 256 * 1024
const MAX_BLOCK_SIZE = 64 * 1024 * 1024

export interface LzopHeader {
  version: number
  method: number
  level: number
  flags: number
  mode: number
  mtime: Date
  name: string
}

type Need = { bytes: number; then: (b: Buffer) => void }

/**
 * Streams the decompressed contents of an lzop file (several concatenated members too).
 * Errors are `LzoError`s whose message names the member, the block and the byte offset.
 */
export class LzopDecompress extends Transform {
  private pending: Buffer[] = []
  private pendingLength = 0
  private offset = 0
  private need: Need | undefined
  private header: Partial<LzopHeader> = {}
  private headerBytes: Buffer[] = []
  private block = 0
  private atMemberStart = true
  private finished = false
  headers: LzopHeader[] = []

  constructor() {
    super()
    this.expectMagic()
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk)
    this.pendingLength += chunk.length
    try { this.drain() } catch (err) { done(err as Error); return }
    done()
  }

  override _flush(done: TransformCallback): void {
    if (this.pendingLength > 0 || (!this.finished && !this.atMemberStart) || this.headers.length === 0) {
      done(new LzoError(`truncated lzop data: the stream ended inside ${this.headers.length === 0 ? 'the header' : `block ${this.block + 1}`} at byte ${this.offset + this.pendingLength}`))
      return
    }
    done()
  }

  private takeBytes(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0)
    let out: Buffer
    if (this.pending[0].length >= n) {
      out = this.pending[0].subarray(0, n)
      this.pending[0] = this.pending[0].subarray(n)
      if (this.pending[0].length === 0) this.pending.shift()
    } else {
      const all = Buffer.concat(this.pending)
      out = all.subarray(0, n)
      this.pending = all.length > n ? [all.subarray(n)] : []
    }
    this.pendingLength -= n
    this.offset += n
    return out
  }

  private drain(): void {
    while (this.need && this.pendingLength >= this.need.bytes) {
      const need = this.need
      this.need = undefined
      need.then(this.takeBytes(need.bytes))
    }
  }

  private expect(bytes: number, then: (b: Buffer) => void, inHeader = false): void {
    this.need = { bytes, then: inHeader ? b => { this.headerBytes.push(Buffer.from(b)); then(b) } : then }
  }

  private expectMagic(): void {
    this.atMemberStart = true
    this.expect(LZOP_MAGIC.length, b => {
      if (!b.equals(LZOP_MAGIC)) throw new LzoError(`not an lzop file: bad magic at byte ${this.offset - b.length}`)
      this.atMemberStart = false
      this.finished = false
      this.header = {}
      this.headerBytes = []
      this.block = 0
      this.expect(4, h => {
        const version = h.readUInt16BE(0)
        this.header.version = version
        if (version < 0x0900) throw new LzoError(`unsupported lzop version 0x${version.toString(16)}`)
        const rest = version >= 0x0940 ? 2 + 1 + 1 : 1
        this.expect(rest, r => {
          this.header.method = version >= 0x0940 ? r[2] : r[0]
          this.header.level = version >= 0x0940 ? r[3] : 0
          if (![1, 2, 3].includes(this.header.method)) throw new LzoError(`unsupported lzop method ${this.header.method}: only LZO1X is supported`)
          this.expect(4, f => {
            const flags = f.readUInt32BE(0)
            this.header.flags = flags
            if (flags & F_MULTIPART) throw new LzoError('multipart lzop files are not supported')
            const fixed = (flags & F_H_FILTER ? 4 : 0) + 4 + 4 + (version >= 0x0940 ? 4 : 0) + 1
            this.expect(fixed, x => {
              let p = flags & F_H_FILTER ? 4 : 0
              this.header.mode = x.readUInt32BE(p); p += 4
              const low = x.readUInt32BE(p); p += 4
              const high = version >= 0x0940 ? x.readUInt32BE(p) : 0
              if (version >= 0x0940) p += 4
              this.header.mtime = new Date((high * 2 ** 32 + low) * 1000)
              this.expect(x[p], name => {
                this.header.name = name.toString('latin1')
                const covered = Buffer.concat(this.headerBytes)
                this.expect(4, c => {
                  const want = c.readUInt32BE(0)
                  const got = flags & F_H_CRC32 ? crc32(covered) >>> 0 : adler32(covered)
                  if (want !== got) throw new LzoError('lzop header checksum mismatch')
                  this.headers.push(this.header as LzopHeader)
                  if (flags & F_H_EXTRA_FIELD) {
                    this.expect(4, l => this.expect(l.readUInt32BE(0) + 4, () => this.expectBlock()))
                  } else {
                    this.expectBlock()
                  }
                })
              }, true)
            }, true)
          }, true)
        }, true)
      }, true)
    })
  }

  private expectBlock(): void {
    const flags = this.header.flags!
    this.expect(4, d => {
      const dstLen = d.readUInt32BE(0)
      if (dstLen === 0) { this.finished = true; this.expectMagic(); return }
      if (dstLen > MAX_BLOCK_SIZE) throw new LzoError(`corrupt lzop data: block ${this.block + 1} claims ${dstLen} bytes`)
      this.expect(4, s => {
        const srcLen = s.readUInt32BE(0)
        if (srcLen > dstLen) throw new LzoError(`corrupt lzop data: block ${this.block + 1} is larger compressed than plain`)
        const dSums = (flags & F_ADLER32_D ? 1 : 0) + (flags & F_CRC32_D ? 1 : 0)
        const cSums = srcLen < dstLen ? (flags & F_ADLER32_C ? 1 : 0) + (flags & F_CRC32_C ? 1 : 0) : 0
        this.expect((dSums + cSums) * 4, sums => {
          this.expect(srcLen, data => {
            this.block++
            const plain = srcLen < dstLen ? this.decode(data, dstLen) : Buffer.from(data)
            let p = 0
            if (flags & F_ADLER32_D) { this.check('adler32', sums.readUInt32BE(p), adler32(plain)); p += 4 }
            if (flags & F_CRC32_D) { this.check('crc32', sums.readUInt32BE(p), crc32(plain) >>> 0); p += 4 }
            this.push(plain)
            this.expectBlock()
          })
        })
      })
    })
  }

  private decode(data: Buffer, dstLen: number): Buffer {
    try {
      return lzo1xDecompress(data, dstLen)
    } catch (err) {
      throw new LzoError(`block ${this.block} of "${this.header.name}": ${(err as Error).message}`)
    }
  }

  private check(kind: string, want: number, got: number): void {
    if (want !== got) throw new LzoError(`lzop ${kind} checksum mismatch in block ${this.block} of "${this.header.name}"`)
  }
}

export interface LzopWriteOptions {
  name?: string
  mtime?: Date
  mode?: number
}

/** Writes an lzop file (method LZO1X-1, Adler-32 of the plain data), as `lzop -3` does. */
export class LzopCompress extends Transform {
  private pending: Buffer[] = []
  private pendingLength = 0

  constructor(private readonly options: LzopWriteOptions = {}) {
    super()
    this.push(lzopHeader(options))
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk)
    this.pendingLength += chunk.length
    if (this.pendingLength >= BLOCK_SIZE) {
      const all = Buffer.concat(this.pending)
      let p = 0
      for (; p + BLOCK_SIZE <= all.length; p += BLOCK_SIZE) this.push(lzopBlock(all.subarray(p, p + BLOCK_SIZE)))
      this.pending = p < all.length ? [all.subarray(p)] : []
      this.pendingLength = all.length - p
    }
    done()
  }

  override _flush(done: TransformCallback): void {
    if (this.pendingLength > 0) this.push(lzopBlock(Buffer.concat(this.pending)))
    this.push(Buffer.alloc(4))
    done()
  }
}

function lzopHeader(options: LzopWriteOptions): Buffer {
  const name = Buffer.from(options.name ?? '', 'latin1').subarray(0, 255)
  const mtime = Math.floor((options.mtime ?? new Date()).getTime() / 1000)
  const h = Buffer.alloc(2 + 2 + 2 + 1 + 1 + 4 + 4 + 4 + 4 + 1 + name.length)
  let p = 0
  p = h.writeUInt16BE(0x1030, p)      // lzop version
  p = h.writeUInt16BE(0x2080, p)      // LZO library version
  p = h.writeUInt16BE(0x0940, p)      // version needed to extract
  p = h.writeUInt8(1, p)              // method M_LZO1X_1
  p = h.writeUInt8(5, p)              // level
  p = h.writeUInt32BE(F_ADLER32_D | F_OS_UNIX, p)
  p = h.writeUInt32BE(options.mode ?? 0o100644, p)
  p = h.writeUInt32BE(mtime % 2 ** 32, p)
  p = h.writeUInt32BE(Math.floor(mtime / 2 ** 32), p)
  p = h.writeUInt8(name.length, p)
  name.copy(h, p)
  const sum = Buffer.alloc(4)
  sum.writeUInt32BE(adler32(h))
  return Buffer.concat([LZOP_MAGIC, h, sum])
}

function lzopBlock(plain: Buffer): Buffer {
  const compressed = lzo1xCompress(plain)
  const stored = compressed.length >= plain.length
  const head = Buffer.alloc(12)
  head.writeUInt32BE(plain.length, 0)
  head.writeUInt32BE(stored ? plain.length : compressed.length, 4)
  head.writeUInt32BE(adler32(plain), 8)
  return Buffer.concat([head, stored ? plain : compressed])
}

/** Compresses a whole buffer into an lzop file. */
export function lzopCompressSync(plain: Buffer, options: LzopWriteOptions = {}): Buffer {
  const parts = [lzopHeader(options)]
  for (let p = 0; p < plain.length; p += BLOCK_SIZE) parts.push(lzopBlock(plain.subarray(p, p + BLOCK_SIZE)))
  parts.push(Buffer.alloc(4))
  return Buffer.concat(parts)
}

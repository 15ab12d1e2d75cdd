/**
 * LZO1X, the compression lzop uses: a decompressor for every LZO1X level (1, 1_15, 999…) and the fast
 * LZO1X-1 compressor, after the reference `lzo1x_d.ch` and `lzo1x_c.ch` (the Linux kernel's port).
 */

const M2_MAX_OFFSET = 0x0800
const M3_MAX_OFFSET = 0x4000
const M4_MAX_OFFSET = 0xbfff
const M2_MAX_LEN = 8
const M4_MAX_LEN = 9
const M3_MARKER = 32
const M4_MARKER = 16
const D_BITS = 14
const D_MASK = (1 << D_BITS) - 1
const D_HIGH = (D_MASK >> 1) + 1

export class LzoError extends Error {
  override name = 'LzoError'
}

/**
 * Decompresses one LZO1X block whose decompressed length is known (lzop stores it per block).
 * One flat loop over plain locals (no closures: V8 would keep `ip`/`op` in a heap context); long
 * literal runs and non-overlapping matches are copied with `set`/`copyWithin`, short ones byte by byte.
 */
export function lzo1xDecompress(src: Uint8Array, dstLen: number): Buffer {
  const out = Buffer.allocUnsafe(dstLen)
  const inLen = src.length
  let ip = 0, op = 0, t = 0, m = 0, len = 0
  let why = ''
  // The reference decoder's goto targets.
  const LOOP = 0, FIRST_LITERAL_RUN = 1, MATCH = 2, MATCH_NEXT = 3
  let state = LOOP
  if (inLen === 0) throw corrupt('input overrun', 0)
  if (src[0] > 17) {
    t = src[ip++] - 17
    if (t < 4) {
      state = MATCH_NEXT
    } else {
      if (t >= inLen || t > dstLen) throw corrupt(t > dstLen ? 'output overrun' : 'input overrun', ip)
      out.set(src.subarray(ip, ip + t), op)
      ip += t; op += t
      state = FIRST_LITERAL_RUN
    }
  }
  main: for (;;) {
    if (state === LOOP) {
      if (ip >= inLen) { why = 'input overrun'; break }
      t = src[ip++]
      if (t < 16) {
        if (t === 0) {
          while (ip < inLen && src[ip] === 0) { t += 255; ip++ }
          if (ip >= inLen) { why = 'input overrun'; break }
          t += 15 + src[ip++]
        }
        t += 3
        if (ip + t > inLen) { why = 'input overrun'; break }
        if (op + t > dstLen) { why = 'output overrun'; break }
        if (t < 32) { for (let i = 0; i < t; i++) out[op + i] = src[ip + i] } else out.set(src.subarray(ip, ip + t), op)
        ip += t; op += t
        state = FIRST_LITERAL_RUN
      } else {
        state = MATCH
      }
    }
    if (state === FIRST_LITERAL_RUN) {
      if (ip >= inLen) { why = 'input overrun'; break }
      t = src[ip++]
      if (t < 16) {
        if (ip >= inLen) { why = 'input overrun'; break }
        m = op - (1 + M2_MAX_OFFSET) - (t >> 2) - (src[ip++] << 2)
        if (m < 0) { why = 'lookbehind overrun'; break }
        if (op + 3 > dstLen) { why = 'output overrun'; break }
        out[op++] = out[m++]; out[op++] = out[m++]; out[op++] = out[m]
        t = src[ip - 2] & 3
        if (t === 0) { state = LOOP; continue }
        state = MATCH_NEXT
      } else {
        state = MATCH
      }
    }
    for (;;) {
      if (state === MATCH_NEXT) {
        // 1 to 3 literals trail the previous match, then the next instruction.
        if (ip + t >= inLen) { why = 'input overrun'; break main }
        if (op + t > dstLen) { why = 'output overrun'; break main }
        while (t-- > 0) out[op++] = src[ip++]
        t = src[ip++]
      }
      if (t >= 64) {
        if (ip >= inLen) { why = 'input overrun'; break main }
        m = op - 1 - ((t >> 2) & 7) - (src[ip++] << 3)
        len = (t >> 5) + 1
      } else if (t >= 32) {
        t &= 31
        if (t === 0) {
          while (ip < inLen && src[ip] === 0) { t += 255; ip++ }
          if (ip >= inLen) { why = 'input overrun'; break main }
          t += 31 + src[ip++]
        }
        if (ip + 2 > inLen) { why = 'input overrun'; break main }
        m = op - 1 - ((src[ip] >> 2) + (src[ip + 1] << 6))
        ip += 2
        len = t + 2
      } else if (t >= 16) {
        m = op - ((t & 8) << 11)
        t &= 7
        if (t === 0) {
          while (ip < inLen && src[ip] === 0) { t += 255; ip++ }
          if (ip >= inLen) { why = 'input overrun'; break main }
          t += 7 + src[ip++]
        }
        if (ip + 2 > inLen) { why = 'input overrun'; break main }
        m -= (src[ip] >> 2) + (src[ip + 1] << 6)
        ip += 2
        if (m === op) {
          if (op !== dstLen) throw corrupt(`output is ${op} bytes, expected ${dstLen}`, ip)
          if (ip !== inLen) throw corrupt('input not fully consumed', ip)
          return out
        }
        m -= 0x4000
        len = t + 2
      } else {
        if (ip >= inLen) { why = 'input overrun'; break main }
        m = op - 1 - (t >> 2) - (src[ip++] << 2)
        len = 2
      }
      if (m < 0) { why = 'lookbehind overrun'; break main }
      if (op + len > dstLen) { why = 'output overrun'; break main }
      if (len >= 32 && op - m >= len) {
        out.copyWithin(op, m, m + len)
        op += len
      } else {
        // Overlapping matches repeat the bytes just written, so this copy must go forwards.
        for (let i = 0; i < len; i++) out[op++] = out[m++]
      }
      t = src[ip - 2] & 3
      if (t === 0) { state = LOOP; continue main }
      state = MATCH_NEXT
    }
  }
  throw corrupt(why, ip)
}

function corrupt(why: string, ip: number): LzoError {
  return new LzoError(`corrupt LZO1X data: ${why} at input byte ${ip}`)
}

/** Compresses with LZO1X-1 (what `lzop -1…-6` writes). The output is at most `n + n/16 + 64 + 3` bytes. */
export function lzo1xCompress(src: Uint8Array): Buffer {
  const inLen = src.length
  const out = Buffer.allocUnsafe(inLen + (inLen >> 4) + 64 + 3)
  let op = 0
  let t: number
  if (inLen <= M2_MAX_LEN + 5) {
    t = inLen
  } else {
    const r = compressCore(src, out)
    op = r.op
    t = r.rest
  }
  if (t > 0) {
    let ii = inLen - t
    if (op === 0 && t <= 238) {
      out[op++] = 17 + t
    } else if (t <= 3) {
      out[op - 2] |= t
    } else if (t <= 18) {
      out[op++] = t - 3
    } else {
      let tt = t - 18
      out[op++] = 0
      while (tt > 255) { tt -= 255; out[op++] = 0 }
      out[op++] = tt
    }
    while (t-- > 0) out[op++] = src[ii++]
  }
  out[op++] = M4_MARKER | 1
  out[op++] = 0
  out[op++] = 0
  return out.subarray(0, op)
}

const dictionary = new Int32Array(1 << D_BITS)

function compressCore(src: Uint8Array, out: Buffer): { op: number; rest: number } {
  const inEnd = src.length
  const ipEnd = inEnd - M2_MAX_LEN - 5
  const dict = dictionary
  dict.fill(-1)
  let ip = 4
  let ii = 0
  let op = 0
  for (;;) {
    let dindex = ((0x21 * (((((src[ip + 3] << 5) ^ src[ip + 2]) << 5) ^ src[ip + 1]) << 6 ^ src[ip])) >>> 5) & D_MASK
    let mPos = dict[dindex]
    let mOff = 0
    let matched = false
    if (mPos >= 0 && ip !== mPos && ip - mPos <= M4_MAX_OFFSET) {
      mOff = ip - mPos
      if (mOff <= M2_MAX_OFFSET || src[mPos + 3] === src[ip + 3]) {
        matched = true
      } else {
        dindex = (dindex & (D_MASK & 0x7ff)) ^ (D_HIGH | 0x1f)
        mPos = dict[dindex]
        if (mPos >= 0 && ip !== mPos && ip - mPos <= M4_MAX_OFFSET) {
          mOff = ip - mPos
          matched = mOff <= M2_MAX_OFFSET || src[mPos + 3] === src[ip + 3]
        }
      }
    }
    if (!matched || src[mPos] !== src[ip] || src[mPos + 1] !== src[ip + 1] || src[mPos + 2] !== src[ip + 2]) {
      dict[dindex] = ip
      ip++
      if (ip >= ipEnd) break
      continue
    }
    dict[dindex] = ip
    if (ip !== ii) {
      let n = ip - ii
      if (n <= 3) {
        out[op - 2] |= n
      } else if (n <= 18) {
        out[op++] = n - 3
      } else {
        let tt = n - 18
        out[op++] = 0
        while (tt > 255) { tt -= 255; out[op++] = 0 }
        out[op++] = tt
      }
      while (n-- > 0) out[op++] = src[ii++]
    }
    ip += 3
    let k = 3
    while (k <= M2_MAX_LEN && src[mPos + k] === src[ip]) { k++; ip++ }
    if (k <= M2_MAX_LEN) {
      // A short match (3..8 bytes): the byte at ip did not match.
      const mLen = ip - ii
      if (mOff <= M2_MAX_OFFSET) {
        mOff -= 1
        out[op++] = ((mLen - 1) << 5) | ((mOff & 7) << 2)
        out[op++] = mOff >> 3
      } else if (mOff <= M3_MAX_OFFSET) {
        mOff -= 1
        out[op++] = M3_MARKER | (mLen - 2)
        out[op++] = (mOff & 63) << 2
        out[op++] = mOff >> 6
      } else {
        mOff -= 0x4000
        out[op++] = M4_MARKER | ((mOff & 0x4000) >> 11) | (mLen - 2)
        out[op++] = (mOff & 63) << 2
        out[op++] = (mOff >> 6) & 0xff
      }
    } else {
      let m = mPos + M2_MAX_LEN + 1
      while (ip < inEnd && src[m] === src[ip]) { m++; ip++ }
      let mLen = ip - ii
      if (mOff <= M3_MAX_OFFSET) {
        mOff -= 1
        if (mLen <= 33) {
          out[op++] = M3_MARKER | (mLen - 2)
        } else {
          mLen -= 33
          out[op++] = M3_MARKER
          while (mLen > 255) { mLen -= 255; out[op++] = 0 }
          out[op++] = mLen
        }
      } else {
        mOff -= 0x4000
        if (mLen <= M4_MAX_LEN) {
          out[op++] = M4_MARKER | ((mOff & 0x4000) >> 11) | (mLen - 2)
        } else {
          mLen -= M4_MAX_LEN
          out[op++] = M4_MARKER | ((mOff & 0x4000) >> 11)
          while (mLen > 255) { mLen -= 255; out[op++] = 0 }
          out[op++] = mLen
        }
      }
      out[op++] = (mOff & 63) << 2
      out[op++] = (mOff >> 6) & 0xff
    }
    ii = ip
    if (ip >= ipEnd) break
  }
  return { op, rest: inEnd - ii }
}

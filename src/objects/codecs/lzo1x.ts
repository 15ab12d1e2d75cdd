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

/** Decompresses one LZO1X block whose decompressed length is known (lzop stores it per block). */
export function lzo1xDecompress(src: Uint8Array, dstLen: number): Buffer {
  const out = Buffer.allocUnsafe(dstLen)
  let ip = 0
  let op = 0
  let t = 0
  let mPos = 0
  const inLen = src.length
  const fail = (why: string): never => { throw new LzoError(`corrupt LZO1X data: ${why} at input byte ${ip}`) }
  const need = (n: number) => { if (ip + n > inLen) fail('input overrun') }
  const room = (n: number) => { if (op + n > dstLen) fail('output overrun') }
  const literals = (n: number) => {
    need(n); room(n)
    for (let i = 0; i < n; i++) out[op++] = src[ip++]
  }
  const copyMatch = (n: number) => {
    if (mPos < 0 || mPos >= op) fail('lookbehind overrun')
    room(n)
    for (let i = 0; i < n; i++) out[op++] = out[mPos++]
  }
  // The states of the reference decoder's gotos.
  const LOOP = 0, FIRST_LITERAL_RUN = 1, MATCH = 2, MATCH_DONE = 3, MATCH_NEXT = 4
  let state = LOOP
  need(1)
  if (src[0] > 17) {
    t = src[ip++] - 17
    if (t < 4) {
      state = MATCH_NEXT
    } else {
      literals(t)
      state = FIRST_LITERAL_RUN
    }
  }
  for (;;) {
    switch (state) {
      case LOOP:
        need(1)
        t = src[ip++]
        if (t >= 16) { state = MATCH; break }
        if (t === 0) {
          need(1)
          while (src[ip] === 0) { t += 255; ip++; need(1) }
          t += 15 + src[ip++]
        }
        literals(t + 3)
        state = FIRST_LITERAL_RUN
        break
      case FIRST_LITERAL_RUN:
        need(1)
        t = src[ip++]
        if (t >= 16) { state = MATCH; break }
        need(1)
        mPos = op - (1 + M2_MAX_OFFSET) - (t >> 2) - (src[ip++] << 2)
        copyMatch(3)
        state = MATCH_DONE
        break
      case MATCH:
        if (t >= 64) {
          need(1)
          mPos = op - 1 - ((t >> 2) & 7) - (src[ip++] << 3)
          copyMatch((t >> 5) + 1)
        } else if (t >= 32) {
          t &= 31
          if (t === 0) {
            need(1)
            while (src[ip] === 0) { t += 255; ip++; need(1) }
            t += 31 + src[ip++]
          }
          need(2)
          mPos = op - 1 - ((src[ip] >> 2) + (src[ip + 1] << 6))
          ip += 2
          copyMatch(t + 2)
        } else if (t >= 16) {
          mPos = op - ((t & 8) << 11)
          t &= 7
          if (t === 0) {
            need(1)
            while (src[ip] === 0) { t += 255; ip++; need(1) }
            t += 7 + src[ip++]
          }
          need(2)
          mPos -= (src[ip] >> 2) + (src[ip + 1] << 6)
          ip += 2
          if (mPos === op) {
            if (op !== dstLen) fail(`output is ${op} bytes, expected ${dstLen}`)
            if (ip !== inLen) fail('input not fully consumed')
            return out
          }
          mPos -= 0x4000
          copyMatch(t + 2)
        } else {
          need(1)
          mPos = op - 1 - (t >> 2) - (src[ip++] << 2)
          copyMatch(2)
        }
        state = MATCH_DONE
        break
      case MATCH_DONE:
        t = src[ip - 2] & 3
        state = t === 0 ? LOOP : MATCH_NEXT
        break
      case MATCH_NEXT:
        literals(t)
        need(1)
        t = src[ip++]
        state = MATCH
        break
    }
  }
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

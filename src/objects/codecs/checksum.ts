/** Adler-32 as lzop uses it (initial value 1). */
export function adler32(data: Uint8Array, start = 1): number {
  let a = start & 0xffff
  let b = (start >>> 16) & 0xffff
  const n = data.length
  let i = 0
  while (i < n) {
    // 5552 is the largest run before the sums can overflow 32 bits.
    const end = Math.min(i + 5552, n)
    for (; i < end; i++) { a += data[i]; b += a }
    a %= 65521
    b %= 65521
  }
  return ((b << 16) | a) >>> 0
}

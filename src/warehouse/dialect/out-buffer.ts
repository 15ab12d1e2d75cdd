/** Bytes on their way to `COPY … FROM STDIN`, gathered into large chunks so the socket sees few writes. */
export class OutBuffer {
  buf: Buffer
  pos = 0
  private ready: Buffer[] = []
  private readyBytes = 0

  constructor(private readonly size = 1 << 20) {
    this.buf = Buffer.allocUnsafe(size)
  }

  /** Makes room for `n` more bytes in the current buffer (a row is never split across buffers). */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return
    if (this.pos > 0) { this.ready.push(this.buf.subarray(0, this.pos)); this.readyBytes += this.pos }
    this.buf = Buffer.allocUnsafe(Math.max(this.size, n))
    this.pos = 0
  }

  get pending(): number {
    return this.readyBytes + this.pos
  }

  /** Everything written so far, as one chunk per full buffer. */
  take(): Buffer[] {
    if (this.pos > 0) {
      this.ready.push(this.buf.subarray(0, this.pos))
      this.buf = Buffer.allocUnsafe(this.size)
      this.pos = 0
    }
    const out = this.ready
    this.ready = []
    this.readyBytes = 0
    return out
  }
}

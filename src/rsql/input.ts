/**
 * rsql's own standard input, read when a COPY asks for it: a line at a time (psql's fgets on stdin, the
 * line's bytes up to a newline, a `\r` kept), or the rest of it as it comes, bytes unchanged (binary COPY
 * data, psql's fread).
 */
import type { Readable } from 'node:stream'
import { decodeRaw } from '../warehouse/raw-text.ts'

const EMPTY: Buffer = Buffer.alloc(0)

export class StreamLines {
  private stream: Readable | undefined
  /** Bytes read and not yet handed out. */
  private pending: Buffer = EMPTY
  private ended = false
  private waiting: (() => void) | undefined

  /** The input is asked for on first use: merely touching process.stdin costs a start several ms. */
  constructor(private readonly input: () => Readable) {}

  /** A terminal: psql prompts for the data then. */
  get terminal(): boolean {
    return (this.open() as { isTTY?: boolean }).isTTY === true
  }

  private open(): Readable {
    if (!this.stream) {
      this.stream = this.input()
      this.stream.on('error', () => { this.ended = true }) // a read error ends the input, as EOF does for psql
    }
    return this.stream
  }

  /**
   * The next line without its newline; undefined at the end of the input. A line already read comes at once
   * (no promise): a large COPY reads most of its lines so.
   */
  next(): string | undefined | Promise<string | undefined> {
    const nl = this.pending.indexOf(0x0a)
    return nl >= 0 ? this.cut(nl) : this.nextRead(this.pending.length)
  }

  private cut(nl: number): string {
    const line = decodeRaw(this.pending, 0, nl)
    this.pending = this.pending.subarray(nl + 1)
    return line
  }

  private async nextRead(from: number): Promise<string | undefined> {
    for (;;) {
      if (!(await this.fill())) {
        if (this.pending.length === 0) return undefined
        const line = decodeRaw(this.pending)
        this.pending = EMPTY
        return line
      }
      const nl = this.pending.indexOf(0x0a, from)
      if (nl >= 0) return this.cut(nl)
      from = this.pending.length
    }
  }

  /**
   * Up to `max` bytes, fewer when a newline (kept) ends them first, as C's fgets with a buffer of max + 1;
   * undefined at the end of the input.
   */
  async chars(max: number): Promise<string | undefined> {
    while (this.pending.length < max && this.pending.indexOf(0x0a) < 0) {
      if (!(await this.fill())) break
    }
    if (this.pending.length === 0) return undefined
    const nl = this.pending.indexOf(0x0a)
    const n = nl >= 0 && nl < max ? nl + 1 : Math.min(max, this.pending.length)
    const text = decodeRaw(this.pending, 0, n)
    this.pending = this.pending.subarray(n)
    return text
  }

  /** What is left of the input, bytes unchanged, as it comes. */
  async *rest(): AsyncGenerator<Buffer> {
    for (;;) {
      if (this.pending.length > 0) {
        const chunk = this.pending
        this.pending = EMPTY
        yield chunk
      }
      if (!(await this.fill())) return
    }
  }

  /** Reads what the stream has next onto `pending`; false at its end. */
  private async fill(): Promise<boolean> {
    const s = this.open()
    while (!this.ended) {
      const chunk = s.read() as Buffer | string | null
      if (chunk !== null) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
        this.pending = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes])
        return true
      }
      if (s.readableEnded || s.destroyed || s.errored) { this.ended = true; break }
      await new Promise<void>(resolve => {
        const done = () => {
          this.waiting = undefined
          for (const event of EVENTS) s.off(event, done)
          resolve()
        }
        this.waiting = done
        for (const event of EVENTS) s.on(event, done)
      })
    }
    return false
  }

  /** Stops reading: the input is left paused (a run that ends does not wait for more of it). */
  close(): void {
    this.waiting?.()
    this.ended = true
    this.stream?.pause()
  }
}

const EVENTS = ['readable', 'end', 'close', 'error'] as const

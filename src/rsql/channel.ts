/**
 * Where rsql writes: buffered like C's stdio when the target is not a terminal (psql's stdout is
 * fully buffered then too), so a 10,000-statement script does not pay a write per line.
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import type { Writable } from 'node:stream'

export interface Channel {
  write(text: string): void
  flush(): void
  /** Resolves when the target has taken what was flushed (stream backpressure), if it is behind. */
  drained(): Promise<void> | undefined
  close(): void
}

/** A writable stream or a callback that receives whole lines (without the newline). */
export type OutputTarget = Writable | ((line: string) => void)

const LIMIT = 64 * 1024

class StreamChannel implements Channel {
  private buf = ''
  private waiting: Promise<void> | undefined

  constructor(private readonly stream: Writable, private readonly immediate: boolean) {}

  write(text: string): void {
    if (text.length === 0) return
    this.buf += text
    if (this.immediate || this.buf.length >= LIMIT) this.flush()
  }

  flush(): void {
    if (this.buf.length === 0) return
    const ok = this.stream.write(this.buf)
    this.buf = ''
    if (!ok && !this.waiting) {
      this.waiting = new Promise(resolve => this.stream.once('drain', () => { this.waiting = undefined; resolve() }))
    }
  }

  drained(): Promise<void> | undefined {
    return this.waiting
  }

  close(): void {
    this.flush()
  }
}

class LineChannel implements Channel {
  private partial = ''

  constructor(private readonly onLine: (line: string) => void) {}

  write(text: string): void {
    let start = 0
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.onLine(this.partial + text.slice(start, nl))
      this.partial = ''
      start = nl + 1
    }
    this.partial += text.slice(start)
  }

  flush(): void {}

  drained(): undefined {
    return undefined
  }

  close(): void {
    if (this.partial.length > 0) this.onLine(this.partial)
    this.partial = ''
  }
}

/** A file opened by `\o` or `\export`: written synchronously through a buffer. */
export class FileChannel implements Channel {
  private buf = ''

  constructor(private readonly fd: number) {}

  static open(path: string, append = false): FileChannel {
    return new FileChannel(openSync(path, append ? 'a' : 'w'))
  }

  write(text: string): void {
    this.buf += text
    if (this.buf.length >= LIMIT) this.flush()
  }

  flush(): void {
    if (this.buf.length > 0) writeSync(this.fd, this.buf)
    this.buf = ''
  }

  drained(): undefined {
    return undefined
  }

  close(): void {
    this.flush()
    closeSync(this.fd)
  }
}

export function channelFor(target: OutputTarget): Channel {
  if (typeof target === 'function') return new LineChannel(target)
  const tty = (target as { isTTY?: boolean }).isTTY === true
  return new StreamChannel(target, tty)
}

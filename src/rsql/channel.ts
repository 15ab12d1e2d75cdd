/**
 * Where rsql writes: buffered like C's stdio when the target is not a terminal (psql's stdout is
 * fully buffered then too), so a 10,000-statement script does not pay a write per line.
 */
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs'
import type { Writable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import { encodeRaw } from '../warehouse/raw-text.ts'

export interface Channel {
  write(text: string): void
  /** Bytes that go out as they are, in order with the text (a COPY's data, binary formats included). */
  writeBytes(data: Uint8Array): void
  flush(): void
  /** Resolves when the target has taken what was flushed (stream backpressure), if it is behind. */
  drained(): Promise<void> | undefined
  close(): void
  /**
   * The error a write met (a full disk: ENOSPC), kept as C's ferror keeps its flag: what comes after it is dropped,
   * and the printing that checks (a COPY's data, a result table) fails as psql's does.
   */
  readonly failure?: Error
}

/** A writable stream or a callback that receives whole lines (without the newline). */
export type OutputTarget = Writable | ((line: string) => void)

const LIMIT = 64 * 1024

/**
 * What a channel holds until it flushes: text, and bytes written before it (copied: a caller's bytes may be
 * valid only during the call). Most runs write text alone, which stays one string.
 */
class Pending {
  text = ''
  private chunks: Buffer[] = []
  private bytes = 0

  get size(): number {
    return this.text.length + this.bytes
  }

  addBytes(data: Uint8Array): void {
    if (this.text.length > 0) this.chunks.push(encodeRaw(this.text))
    this.text = ''
    this.chunks.push(Buffer.from(data))
    this.bytes += data.length
  }

  /**
   * All of it, as one string when it is only text; empty afterwards. Text that carries bytes of a script or a
   * result that are not UTF-8 (raw-text.ts) comes as its bytes.
   */
  take(): string | Buffer {
    const text = this.text
    this.text = ''
    if (this.chunks.length === 0) return text.isWellFormed() ? text : encodeRaw(text)
    if (text.length > 0) this.chunks.push(encodeRaw(text))
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks)
    this.chunks = []
    this.bytes = 0
    return all
  }
}

class StreamChannel implements Channel {
  private buf = new Pending()
  private waiting: Promise<void> | undefined
  private release: (() => void) | undefined
  failure: Error | undefined

  constructor(private readonly stream: Writable, private readonly immediate: boolean) {
    stream.on('error', this.failed)
  }

  /** A stream that fails emits no drain: whoever waits for one (a COPY's reading, held) goes on. */
  private readonly failed = (e: Error): void => {
    this.failure ??= e
    this.waiting = undefined
    this.release?.()
  }

  write(text: string): void {
    if (text.length === 0) return
    this.buf.text += text
    if (this.immediate || this.buf.size >= LIMIT) this.flush()
  }

  writeBytes(data: Uint8Array): void {
    if (data.length === 0) return
    this.buf.addBytes(data)
    if (this.immediate || this.buf.size >= LIMIT) this.flush()
  }

  flush(): void {
    if (this.buf.size === 0) return
    const data = this.buf.take()
    if (this.failure) return
    const ok = this.stream.write(data)
    if (!ok && !this.waiting && !this.failure) {
      this.waiting = new Promise(resolve => {
        this.release = () => { this.release = undefined; resolve() }
        this.stream.once('drain', () => { this.waiting = undefined; this.release?.() })
      })
    }
  }

  drained(): Promise<void> | undefined {
    return this.waiting
  }

  close(): void {
    this.flush()
    // the stream is left as it was found (many runs may share it); a write still on its way can fail a tick later,
    // and is heard here until then
    if (this.stream.writableLength === 0) this.stream.off('error', this.failed)
    else setImmediate(() => this.stream.off('error', this.failed))
  }
}

class LineChannel implements Channel {
  private partial = ''
  private decoder: StringDecoder | undefined

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

  /** Lines are text: bytes are read as UTF-8. */
  writeBytes(data: Uint8Array): void {
    this.write((this.decoder ??= new StringDecoder('utf8')).write(Buffer.from(data.buffer, data.byteOffset, data.byteLength)))
  }

  flush(): void {}

  drained(): undefined {
    return undefined
  }

  close(): void {
    if (this.decoder) this.write(this.decoder.end())
    if (this.partial.length > 0) this.onLine(this.partial)
    this.partial = ''
  }
}

/** A file opened by `\o` or `\export`: written synchronously through a buffer. */
export class FileChannel implements Channel {
  private buf = new Pending()
  failure: Error | undefined

  /** `owned`: the channel opened the file and closes it (not so for stdout). */
  constructor(private readonly fd: number, private readonly owned = true) {}

  static open(path: string, append = false): FileChannel {
    return new FileChannel(openSync(path, append ? 'a' : 'w'))
  }

  write(text: string): void {
    this.buf.text += text
    if (this.buf.size >= LIMIT) this.flush()
  }

  writeBytes(data: Uint8Array): void {
    this.buf.addBytes(data)
    if (this.buf.size >= LIMIT) this.flush()
  }

  flush(): void {
    if (this.buf.size === 0) return
    const all = this.buf.take()
    if (this.failure) return
    try {
      if (typeof all === 'string') writeSync(this.fd, all)
      else for (let at = 0; at < all.length;) at += writeSync(this.fd, all, at)
    } catch (e) {
      this.failure = e as Error
    }
  }

  drained(): undefined {
    return undefined
  }

  close(): void {
    this.flush()
    if (this.owned) closeSync(this.fd)
  }
}

/**
 * A stream on a file or a device (stdout sent to a file, /dev/full) is written as Node writes it, synchronously, but
 * straight to its descriptor: a write that fails (a full disk) is known at once, as C's fflush knows it.
 */
export function channelFor(target: OutputTarget): Channel {
  if (typeof target === 'function') return new LineChannel(target)
  const tty = (target as { isTTY?: boolean }).isTTY === true
  const fd = (target as { fd?: unknown }).fd
  // (only while nothing written to the stream is still queued: what the channel writes comes after it)
  if (!tty && typeof fd === 'number' && (target as Writable).writableLength === 0 && isFileOrDevice(fd)) return new FileChannel(fd, false)
  return new StreamChannel(target, tty)
}

function isFileOrDevice(fd: number): boolean {
  try {
    const stat = fstatSync(fd)
    return stat.isFile() || stat.isCharacterDevice()
  } catch {
    return false
  }
}

/**
 * COPY data on a connection's stream, both ways, for both paths of a pg session: the fast lane's socket and
 * pg's own stream (plain or TLS). Both honour backpressure: data going in waits while the stream is behind,
 * and data coming out stops the reads while its destination is behind.
 */
import type { Duplex } from 'node:stream'
import type { CopyInData } from './session.ts'
import { encodeRaw } from './raw-text.ts'

/** Why a COPY … FROM STDIN without data fails (pg's words). */
export const NO_COPY_DATA = 'No source stream defined'

const COPY_CHUNK = 64 * 1024
const COPY_DONE = frame(0x63, Buffer.alloc(0)) // c: CopyDone

/**
 * One COPY … FROM STDIN as the server sees it: `over` once it answered (CommandComplete, ErrorResponse or
 * ReadyForQuery). The server ends a failed COPY at once, before it has read the data sent after the failing row,
 * and the next statement may follow right away: data written after that would be the next COPY's.
 */
interface CopyIn {
  over: boolean
}

/** A COPY … FROM STDIN the server asked data for (CopyInResponse), sent by sendCopyData; `end` when the server answers. */
export function startCopyIn(stream: Duplex, data: CopyInData | undefined): { end(): void } {
  const copy: CopyIn = { over: false }
  void sendCopyData(stream, data, copy)
  return { end: () => { copy.over = true } }
}

/**
 * A COPY … FROM STDIN's data, as the server asked for it (CopyInResponse): CopyData messages of at most 64 kB,
 * each written once the stream has taken the one before (its 'drain'), then CopyDone; CopyFail when there is
 * no data, or with the reason when reading the chunks fails. The server answers only after CopyDone or CopyFail,
 * or at once when the data fails: from then on nothing is written (chunks still coming are read to their end,
 * as before, but dropped).
 */
async function sendCopyData(stream: Duplex, data: CopyInData | undefined, copy: CopyIn): Promise<void> {
  const open = () => !copy.over && stream.writable
  if (data === undefined) {
    if (open()) stream.write(copyFail(NO_COPY_DATA))
    return
  }
  try {
    if (typeof data === 'string') await sendBytes(stream, encodeRaw(data), open)
    else {
      for await (const chunk of data) {
        if (!stream.writable) return // the connection is gone: the chunks are not read further
        if (copy.over) continue
        await sendBytes(stream, typeof chunk === 'string' ? encodeRaw(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), open)
      }
    }
    if (open()) stream.write(COPY_DONE)
  } catch (err) {
    if (open()) stream.write(copyFail((err as Error)?.message ?? String(err)))
  }
}

/** CopyData messages, while the COPY is open. */
async function sendBytes(stream: Duplex, bytes: Buffer, open: () => boolean): Promise<void> {
  for (let at = 0; at < bytes.length && open(); at += COPY_CHUNK) {
    if (!stream.write(frame(0x64, bytes.subarray(at, at + COPY_CHUNK)))) await drained(stream)
  }
}

function drained(stream: Duplex): Promise<void> {
  return new Promise(resolve => {
    const done = () => { stream.off('drain', done); stream.off('close', done); resolve() }
    stream.once('drain', done)
    stream.once('close', done)
  })
}

const holding = new WeakMap<Duplex, Promise<unknown>>()

/**
 * A COPY … TO STDOUT's destination is behind (QueryOptions.copyOut gave `wait`): the stream reads no more from the
 * server until it catches up. The data already read is still handed over; the server waits on its side.
 */
export function holdReading(stream: Duplex, wait: Promise<unknown>): void {
  if (holding.get(stream) === wait) return
  holding.set(stream, wait)
  stream.pause()
  const resume = () => {
    if (holding.get(stream) !== wait) return
    holding.delete(stream)
    stream.resume()
  }
  wait.then(resume, resume)
}

/** A frontend message: its type byte, its length, its body. */
function frame(type: number, body: Buffer): Buffer {
  const m = Buffer.allocUnsafe(5 + body.length)
  m[0] = type
  m.writeInt32BE(4 + body.length, 1)
  body.copy(m, 5)
  return m
}

function copyFail(message: string): Buffer {
  return frame(0x66, Buffer.from(message + '\0')) // f: CopyFail
}

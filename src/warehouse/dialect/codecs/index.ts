import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream'
import { createGunzip } from 'node:zlib'
import unbzip2 from 'unbzip2-stream'
import * as fzstd from 'fzstd'
import { LzopDecompress } from '../../../objects/index.ts'
import type { Compression } from '../copy-statement.ts'

/** Streaming zstd through fzstd's push interface. */
class ZstdDecompress extends Transform {
  private readonly inner: fzstd.Decompress
  constructor() {
    super()
    this.inner = new fzstd.Decompress((chunk: Uint8Array) => { this.push(Buffer.from(chunk)) })
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try { this.inner.push(chunk) } catch (err) { done(err as Error); return }
    done()
  }
  override _flush(done: TransformCallback): void {
    try { this.inner.push(new Uint8Array(0), true) } catch (err) { done(err as Error); return }
    done()
  }
}

/** The decompressor for a COPY compression option, piped after the object's stream. */
export function decompress(source: Readable, compression: Compression | undefined): Readable {
  if (!compression) return source
  if (compression === 'bzip2') {
    // unbzip2-stream is an old-style `through` stream: give it a modern one to read from.
    const stage = unbzip2()
    const out = new PassThrough()
    source.on('error', err => out.destroy(err))
    stage.on('error', (err: Error) => out.destroy(err))
    return source.pipe(stage).pipe(out)
  }
  const stage: Transform = compression === 'gzip' ? createGunzip() : compression === 'lzop' ? new LzopDecompress() : new ZstdDecompress()
  source.on('error', err => stage.destroy(err))
  return source.pipe(stage)
}

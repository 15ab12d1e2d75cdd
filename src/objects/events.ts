import { randomUUID, randomBytes } from 'node:crypto'
import type { ObjectCreatedEvent, ObjectCreatedListener } from './store.ts'

export interface EventSource {
  account: string
  region: string
}

/** Fans object-created events out to listeners; a throwing listener does not stop the others or the write. */
export class ObjectEvents {
  private readonly listeners = new Set<ObjectCreatedListener>()
  private sequence = 0n
  /** The objects being written (`bucket/key`, how many writes): visible before their event is sent. */
  private readonly inFlight = new Map<string, number>()

  constructor(private readonly source: EventSource, private readonly now: () => Date = () => new Date()) {}

  /** Runs a write of the object whose event `write` sends when it is done; writing() says so meanwhile. */
  async writing<T>(bucket: string, key: string, write: () => Promise<T>): Promise<T> {
    const id = `${bucket}/${key}`
    this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1)
    try {
      return await write()
    } finally {
      const n = this.inFlight.get(id)! - 1
      if (n === 0) this.inFlight.delete(id)
      else this.inFlight.set(id, n)
    }
  }

  /** A write of the object runs now (its event is still to come). */
  isWriting(bucket: string, key: string): boolean {
    return this.inFlight.has(`${bucket}/${key}`)
  }

  subscribe(listener: ObjectCreatedListener): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  /** `at`: when the object was written, for one found later (default: now, the write just done). */
  emitCreated(bucket: string, key: string, size: number, etag: string, reason: ObjectCreatedEvent['detail']['reason'] = 'PutObject', at?: Date): void {
    if (this.listeners.size === 0) return
    // S3's sequencer is a hex string that orders events for the same key; a counter after the time keeps that.
    const sequencer = (BigInt(this.now().getTime()) * 1000n + (this.sequence++ % 1000n)).toString(16).toUpperCase().padStart(16, '0')
    const event: ObjectCreatedEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: this.source.account,
      time: (at ?? this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.source.region,
      resources: [`arn:aws:s3:::${bucket}`],
      detail: {
        version: '0',
        bucket: { name: bucket },
        object: { key, size, etag: etag.replace(/"/g, ''), sequencer },
        'request-id': randomBytes(8).toString('hex').toUpperCase(),
        requester: this.source.account,
        reason,
      },
    }
    for (const listener of this.listeners) {
      try { listener(event) } catch { /* a listener's failure is its own */ }
    }
  }
}

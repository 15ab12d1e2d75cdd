// A HistorySink that writes every event to the store before the engine takes its next step, and
// closes the execution's row in the same transaction as its last event.
import { ChunkWriter, type ExecutionTables } from '../store/index.ts'
import { detailsKey, eventKey, stateDetails, type EventMeta, type HistoryEvent, type HistoryEventType, type HistorySink } from './history.ts'

const CLOSING: Record<string, string> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionAborted: 'ABORTED',
  ExecutionTimedOut: 'TIMED_OUT',
}

/**
 * Group commit: events are buffered and committed in one transaction before anything leaves the
 * engine — a task call, a wait, a timer, the execution's end — at the end of the current turn of
 * the event loop, and at least every `maxBatch` events. What a crash can lose is then only pure
 * computation since the last commit, which recovery re-derives identically from the definition.
 * `maxBatch: 1` commits every event on its own.
 */
export class StoreHistory implements HistorySink {
  readonly keyed = true
  /** the events since the last commit, already in the store's text form */
  private chunk = new ChunkWriter()
  /** the same events as objects, kept only for `onEvent` */
  private events: HistoryEvent[] = []
  private closing?: HistoryEvent
  private scheduled = false
  private readonly maxBatch: number

  constructor(
    private readonly tables: ExecutionTables,
    private readonly executionArn: string,
    private readonly onEvent?: (executionArn: string, event: HistoryEvent) => void,
    options: { maxBatch?: number } = {},
  ) {
    this.maxBatch = options.maxBatch ?? 1000
  }

  append(event: HistoryEvent, key: string, meta?: EventMeta, visit?: string, seq?: number): void {
    this.chunk.add(visit === undefined ? (meta ? { event, key, meta } : { event, key }) : { event, key, meta, visit, seq })
    if (this.onEvent) this.events.push(event)
    if (CLOSING[event.type]) {
      this.closing = event
      this.flush()
    } else this.appended()
  }

  appendState(id: number, previousEventId: number, timestamp: string, type: HistoryEventType, visit: string, seq: number, entered: boolean, name: string, text: string, next: string | undefined): void {
    if (this.onEvent) {
      // live views want the objects: build them and take the general way
      const event: HistoryEvent = { id, previousEventId, timestamp, type }
      event[detailsKey(type)] = stateDetails(entered, name, text)
      return this.append(event, eventKey(visit, type, seq), next !== undefined ? { next } : undefined, visit, seq)
    }
    this.chunk.addState(id, previousEventId, timestamp, type, visit, seq, entered, name, text, next)
    this.appended()
  }

  private appended(): void {
    if (this.chunk.count >= this.maxBatch) this.flush()
    else if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => this.flush())
    }
  }

  /** Commits every buffered event (and closes the execution's row with its last event). */
  flush(): void {
    this.scheduled = false
    if (this.chunk.count === 0) return
    const chunk = this.chunk
    const events = this.events
    const last = this.closing
    this.chunk = new ChunkWriter()
    this.events = []
    this.closing = undefined
    this.tables.db.transaction(() => {
      this.tables.insertChunk(this.executionArn, chunk)
      const status = last && CLOSING[last.type]
      if (last && status) {
        const d = (last[detailsKey(last.type)] ?? {}) as { output?: string; error?: string; cause?: string }
        this.tables.finishExecution(this.executionArn, status, d.output ?? null, d.error ?? null, d.cause ?? null, last.timestamp)
      }
    })()
    if (this.onEvent) for (const e of events) this.onEvent(this.executionArn, e)
  }
}

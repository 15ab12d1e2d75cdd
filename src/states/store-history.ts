// A HistorySink that writes every event to the store before the engine takes its next step, and
// closes the execution's row in the same transaction as its last event.
import type { EventRow, ExecutionTables } from '../store/index.ts'
import { detailsKey, type EventMeta, type HistoryEvent, type HistorySink } from './history.ts'

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
  private buffer: EventRow[] = []
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
    this.buffer.push(visit === undefined ? (meta ? { event, key, meta } : { event, key }) : { event, key, meta, visit, seq })
    if (CLOSING[event.type] || this.buffer.length >= this.maxBatch) this.flush()
    else if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => this.flush())
    }
  }

  /** Commits every buffered event (and closes the execution's row with its last event). */
  flush(): void {
    this.scheduled = false
    if (this.buffer.length === 0) return
    const batch = this.buffer
    this.buffer = []
    this.tables.db.transaction(() => {
      this.tables.insertEvents(this.executionArn, batch)
      const last = batch[batch.length - 1]!.event
      const status = CLOSING[last.type]
      if (status) {
        const d = (last[detailsKey(last.type as HistoryEvent['type'])] ?? {}) as { output?: string; error?: string; cause?: string }
        this.tables.finishExecution(this.executionArn, status, d.output ?? null, d.error ?? null, d.cause ?? null, last.timestamp)
      }
    })()
    if (this.onEvent) for (const r of batch) this.onEvent(this.executionArn, r.event as HistoryEvent)
  }
}


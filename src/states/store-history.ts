// A HistorySink that writes every event to the store before the engine takes its next step, and
// closes the execution's row in the same transaction as its last event.
import type { ExecutionTables } from '../store/index.ts'
import { detailsKey, type EventMeta, type HistoryEvent, type HistorySink } from './history.ts'

const CLOSING: Record<string, string> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionAborted: 'ABORTED',
  ExecutionTimedOut: 'TIMED_OUT',
}

export class StoreHistory implements HistorySink {
  constructor(
    private readonly tables: ExecutionTables,
    private readonly executionArn: string,
    private readonly onEvent?: (executionArn: string, event: HistoryEvent) => void,
  ) {}

  append(event: HistoryEvent, key: string, meta?: EventMeta): void {
    const details = event[detailsKey(event.type)]
    const detailsText = details === undefined ? null : JSON.stringify(details)
    const metaText = meta ? JSON.stringify(meta) : null
    const status = CLOSING[event.type]
    if (status) {
      const d = (details ?? {}) as { output?: string; error?: string; cause?: string }
      this.tables.db.transaction(() => {
        this.insert(event, detailsText, key, metaText)
        this.tables.finishExecution(this.executionArn, status, d.output ?? null, d.error ?? null, d.cause ?? null, event.timestamp)
      })()
    } else this.insert(event, detailsText, key, metaText)
    this.onEvent?.(this.executionArn, event)
  }

  private insert(event: HistoryEvent, details: string | null, key: string, meta: string | null): void {
    this.tables.insertEvent(this.executionArn, event.id, event.type, event.timestamp, event.previousEventId, details, key, meta)
  }
}

/** A stored row back into AWS's event shape. */
export function eventFromRow(row: { id: number; type: string; timestamp: string; previous_event_id: number; details: string | null }): HistoryEvent {
  const event: HistoryEvent = { id: row.id, previousEventId: row.previous_event_id, timestamp: row.timestamp, type: row.type as HistoryEvent['type'] }
  if (row.details !== null) event[detailsKey(event.type)] = JSON.parse(row.details)
  return event
}

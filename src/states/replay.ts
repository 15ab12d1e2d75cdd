// Recovery and redrive re-walk the definition over the events already stored: an event whose key is
// recorded is not written again, and a state whose exit is recorded is not run again.
import { eventKey, type EventMeta, type HistoryEvent } from './history.ts'

export interface RecordedEvent {
  id: number
  type: string
  event: HistoryEvent
  meta?: EventMeta
}

export interface Recorded {
  /** by event key: `<visit key>|<type>|<seq>` */
  events: Map<string, RecordedEvent>
}

const visitOf = (key: string) => key.slice(0, key.indexOf('|'))
const typeOf = (key: string) => key.split('|')[1] ?? ''

/**
 * The events that count as done. Called with every stored (key, event) in order; at each
 * ExecutionRedriven the unfinished work is forgotten, so a redrive reruns it and only it.
 */
export function buildRecorded(rows: Iterable<{ key: string; event: HistoryEvent; meta?: EventMeta }>): Recorded {
  let events = new Map<string, RecordedEvent>()
  for (const { key, event, meta } of rows) {
    if (event.type === 'ExecutionRedriven') {
      events = forgetUnfinished(events)
      continue
    }
    if (key) events.set(key, { id: event.id, type: event.type, event, meta })
  }
  return { events }
}

/** Keeps only visits that exited and Map iterations that succeeded (with everything inside them). */
export function forgetUnfinished(events: Map<string, RecordedEvent>): Map<string, RecordedEvent> {
  const done = new Set<string>()
  for (const [key] of events) {
    const type = typeOf(key)
    if (type.endsWith('StateExited') || type === 'MapIterationSucceeded') done.add(visitOf(key))
  }
  const out = new Map<string, RecordedEvent>()
  for (const [key, ev] of events) {
    const visit = visitOf(key)
    if (visit === 'exec') {
      if (ev.type === 'ExecutionStarted') out.set(key, ev)
      continue
    }
    if (isDone(visit, done)) out.set(key, ev)
  }
  return out
}

/** A visit is done when it (or an iteration or visit enclosing it) finished: its subtree is final. */
function isDone(visit: string, done: Set<string>): boolean {
  // '/Map#1[3]/Inner#2' → '/Map#1[3]' → '/Map#1'
  for (let v = visit; v.length > 0; v = v.slice(0, Math.max(v.lastIndexOf('/'), v.lastIndexOf('['), v.lastIndexOf('{')))) {
    if (done.has(v)) return true
  }
  return false
}

/** The stored exit of a visit, if it finished before (output text and assigned variables). */
export function recordedExit(recorded: Recorded | undefined, visitKey: string, type: string): RecordedEvent | undefined {
  if (!recorded) return undefined
  for (let seq = 0; seq < 64; seq++) {
    const hit = recorded.events.get(eventKey(visitKey, type, seq))
    if (hit) return hit
  }
  return undefined
}

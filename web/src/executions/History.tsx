import { useMemo, useState } from 'react'
import { formatTime, type HistoryEvent } from '../api.ts'

const detailsOf = (e: HistoryEvent): Record<string, unknown> | undefined => {
  for (const [k, v] of Object.entries(e)) if (k.endsWith('EventDetails') && v && typeof v === 'object') return v as Record<string, unknown>
  return undefined
}

/** The step each event belongs to: its own name, or that of the nearest state entered up its previousEventId chain. */
function steps(events: HistoryEvent[]): Map<number, string> {
  const step = new Map<number, string>()
  for (const e of events) {
    const name = detailsOf(e)?.name
    if (typeof name === 'string' && /State(Entered|Exited)$/.test(e.type)) step.set(e.id, name)
    else if (!/^Execution/.test(e.type)) {
      const prev = step.get(e.previousEventId)
      if (prev !== undefined && !events[e.previousEventId - 1]?.type.endsWith('StateExited')) step.set(e.id, prev)
    }
  }
  return step
}

/** The event history table, as the Step Functions console shows it: one row per event, details on demand. */
export function History({ events }: { events: HistoryEvent[] }) {
  const [open, setOpen] = useState<number>()
  const step = useMemo(() => steps(events), [events])
  return (
    <section>
      <h2>Event history <span className="muted">({events.length})</span></h2>
      <table className="grid history">
        <thead><tr><th>ID</th><th>Type</th><th>Step</th><th>Time</th></tr></thead>
        <tbody>
          {events.map(e => {
            const d = detailsOf(e)
            const kind = e.type.endsWith('Failed') || e.type.endsWith('TimedOut') || e.type.endsWith('Aborted') ? 'failed' : e.type.endsWith('Succeeded') ? 'succeeded' : ''
            return [
              <tr key={e.id} className={`event ${kind}`} onClick={() => setOpen(o => (o === e.id ? undefined : e.id))}>
                <td>{e.id}</td>
                <td>{e.type}</td>
                <td>{step.get(e.id) ?? ''}</td>
                <td>{formatTime(e.timestamp)}</td>
              </tr>,
              open === e.id && (
                <tr key={`${e.id}-details`} className="event-details"><td colSpan={4}><pre>{JSON.stringify(d ?? {}, null, 2)}</pre></td></tr>
              ),
            ]
          })}
        </tbody>
      </table>
    </section>
  )
}

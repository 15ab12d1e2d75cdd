import { useState } from 'react'
import { formatTime, type HistoryEvent } from '../api.ts'

const detailsOf = (e: HistoryEvent): Record<string, unknown> | undefined => {
  for (const [k, v] of Object.entries(e)) if (k.endsWith('EventDetails') && v && typeof v === 'object') return v as Record<string, unknown>
  return undefined
}

/** The event history table, as the Step Functions console shows it: one row per event, details on demand. */
export function History({ events }: { events: HistoryEvent[] }) {
  const [open, setOpen] = useState<number>()
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
                <td>{typeof d?.name === 'string' ? d.name : ''}</td>
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

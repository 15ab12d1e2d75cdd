import { useState } from 'react'
import { api, formatTime, links } from '../api.ts'
import { navigate } from '../router.ts'
import { ErrorBox, Status } from '../Status.tsx'
import { useAsync, useInterval } from '../useAsync.ts'

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']

export function Executions({ stateMachine, status }: { stateMachine: string; status: string }) {
  const machines = useAsync(() => api.stateMachines(), [])
  const [limit, setLimit] = useState(50)
  const { data, error, reload } = useAsync(() => api.executions({ stateMachine, status, maxResults: String(limit) }), [stateMachine, status, limit])
  useInterval(reload, 2000)
  const filter = (q: { stateMachine?: string; status?: string }) => navigate(links.executions({ stateMachine, status, ...q }))
  return (
    <section>
      <h1>Executions</h1>
      <div className="filters">
        <label>State machine{' '}
          <select value={stateMachine} onChange={e => filter({ stateMachine: e.target.value })} name="stateMachine">
            <option value="">all</option>
            {machines.data?.stateMachines.map(m => <option key={m.name} value={m.name}>{m.name}</option>)}
          </select>
        </label>
        <label>Status{' '}
          <select value={status} onChange={e => filter({ status: e.target.value })} name="status">
            <option value="">all</option>
            {STATUSES.map(s => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
      </div>
      <ErrorBox error={error} />
      <table className="grid executions">
        <thead><tr><th>Name</th><th>State machine</th><th>Status</th><th>Started</th><th>Stopped</th><th>Redrives</th></tr></thead>
        <tbody>
          {data?.executions.map(x => (
            <tr key={x.executionArn}>
              <td><a href={links.execution(x.executionArn)}>{x.name}</a></td>
              <td>{x.stateMachineArn.split(':').pop()}</td>
              <td><Status status={x.status} /></td>
              <td>{formatTime(x.startDate)}</td>
              <td>{formatTime(x.stopDate)}</td>
              <td>{x.redriveCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.executions.length === 0 && <p className="muted">No executions match.</p>}
      {data?.nextToken && <p><button type="button" onClick={() => setLimit(l => Math.min(l + 50, 1000))}>Show more</button></p>}
    </section>
  )
}

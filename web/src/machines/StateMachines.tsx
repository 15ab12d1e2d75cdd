import { useState } from 'react'
import { api, formatTime, links, type StateMachine } from '../api.ts'
import { navigate } from '../router.ts'
import { ErrorBox, Status } from '../Status.tsx'
import { useAsync } from '../useAsync.ts'

export function StateMachines() {
  const { data, error } = useAsync(() => api.stateMachines(), [])
  return (
    <section>
      <h1>State machines</h1>
      <ErrorBox error={error} />
      <table className="grid">
        <thead><tr><th>Name</th><th>Type</th><th>Created</th><th>Last execution</th><th /></tr></thead>
        <tbody>
          {data?.stateMachines.map(m => <MachineRow key={m.stateMachineArn} machine={m} />)}
        </tbody>
      </table>
      {data && data.stateMachines.length === 0 && <p className="muted">No state machines yet: the project's workflows appear here.</p>}
    </section>
  )
}

function MachineRow({ machine }: { machine: StateMachine }) {
  const [starting, setStarting] = useState(false)
  const last = machine.lastExecution
  return (
    <>
      <tr>
        <td><a href={links.executions({ stateMachine: machine.name })}>{machine.name}</a></td>
        <td>{machine.type}</td>
        <td>{formatTime(machine.creationDate)}</td>
        <td>{last ? <><Status status={last.status} /> <a href={links.execution(last.executionArn)}>{last.name}</a></> : <span className="muted">none</span>}</td>
        <td><button type="button" onClick={() => setStarting(s => !s)} data-start={machine.name}>Start execution</button></td>
      </tr>
      {starting && <tr><td colSpan={5}><StartForm machine={machine.name} onCancel={() => setStarting(false)} /></td></tr>}
    </>
  )
}

export function StartForm({ machine, onCancel }: { machine: string; onCancel: () => void }) {
  const [input, setInput] = useState('{}')
  const [name, setName] = useState('')
  const [error, setError] = useState<Error>()
  const [busy, setBusy] = useState(false)
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const { executionArn } = await api.start(machine, input, name || undefined)
      navigate(links.execution(executionArn))
    } catch (err) {
      setError(err as Error)
      setBusy(false)
    }
  }
  return (
    <form className="start" onSubmit={submit} aria-label={`Start an execution of ${machine}`}>
      <label>Name (optional) <input value={name} onChange={e => setName(e.target.value)} placeholder="a UUID" /></label>
      <label>Input (JSON) <textarea name="input" rows={6} value={input} onChange={e => setInput(e.target.value)} spellCheck={false} /></label>
      <ErrorBox error={error} />
      <div className="buttons">
        <button type="submit" disabled={busy}>Start</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  )
}

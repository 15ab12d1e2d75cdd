import { links, pretty, type StateView } from '../api.ts'

/** A state's input, output, error, retries and Batch jobs (from the history; jobs also while they run). */
export function StateDetails({ name, view, onClose }: { name?: string; view?: StateView; onClose: () => void }) {
  if (!name) return <aside className="state-details empty muted">Click a state to see its input, output, error and Batch job.</aside>
  return (
    <aside className="state-details" aria-label={`State ${name}`}>
      <div className="title"><h2>{name}</h2><span className="spacer" /><button type="button" onClick={onClose} aria-label="Close">×</button></div>
      {!view && <p className="muted">Not run.</p>}
      {view && (
        <>
          <dl className="facts">
            <dt>Status</dt>
            <dd className={`status-text ${view.status}`}>{view.status === 'not-run' ? 'not run' : view.status}{view.aborted ? ' (aborted: stopped by a failure elsewhere or a stop)' : ''}</dd>
            <dt>Retries</dt><dd>{view.retries}</dd>
            {view.visits > 1 && <><dt>Visits</dt><dd>{view.visits}</dd></>}
            {view.jobIds.length > 0 && (
              <><dt>Batch job</dt><dd>{view.jobIds.map(id => <a key={id} className="job-link" href={links.job(id)}>{id}</a>)}</dd></>
            )}
          </dl>
          {view.error !== undefined && (
            <>
              <h3>Error</h3>
              <pre className="failed-text state-error">{view.error}</pre>
              {view.cause !== undefined && <pre className="state-cause">{pretty(view.cause)}</pre>}
            </>
          )}
          <h3>Input</h3>
          <pre className="state-input">{view.input === undefined ? '' : pretty(view.input)}</pre>
          <h3>Output</h3>
          <pre className="state-output">{view.output === undefined ? '' : pretty(view.output)}</pre>
        </>
      )}
    </aside>
  )
}

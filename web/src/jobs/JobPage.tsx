import { useEffect, useRef, useState } from 'react'
import { api, formatTime, type Job, type LogLine } from '../api.ts'
import { ErrorBox, Status } from '../Status.tsx'

/** A Batch job: its attempts, and its log lines tailed live (server-sent events) while it runs. */
export function JobPage({ jobId }: { jobId: string }) {
  const [job, setJob] = useState<Job>()
  const [logs, setLogs] = useState<LogLine[]>([])
  const [error, setError] = useState<Error>()
  const [follow, setFollow] = useState(true)
  const bottom = useRef<HTMLDivElement>(null)

  useEffect(() => {
    let source: EventSource | undefined
    let gone = false
    api.job(jobId).then(first => {
      if (gone) return
      setJob(first.job)
      setLogs(first.logs)
      const last = first.logs.at(-1)
      source = api.jobEvents(jobId, last && { attempt: last.attempt, seq: last.seq })
      source.addEventListener('log', (m: MessageEvent<string>) => setLogs(l => [...l, ...(JSON.parse(m.data) as LogLine[])]))
      source.addEventListener('job', (m: MessageEvent<string>) => setJob(JSON.parse(m.data) as Job))
    }, setError)
    return () => { gone = true; source?.close() }
  }, [jobId])

  useEffect(() => { if (follow) bottom.current?.scrollIntoView({ block: 'nearest' }) }, [logs, follow])

  const script = job?.container.environment.find(e => e.name === 'BATCH_SCRIPT_LOCATION')?.value
  return (
    <section className="job">
      <ErrorBox error={error} />
      {job && (
        <>
          <div className="title"><h1>{job.jobName}</h1><Status status={job.status} /></div>
          <dl className="facts">
            <dt>Job ID</dt><dd><code>{job.jobId}</code></dd>
            <dt>Queue</dt><dd>{job.jobQueue.split('/').pop()}</dd>
            <dt>Definition</dt><dd>{job.jobDefinition.split('/').pop()}</dd>
            {script && <><dt>Script</dt><dd><code>{script}</code></dd></>}
            <dt>Created</dt><dd>{formatTime(job.createdAt)}</dd>
            {job.statusReason && <><dt>Status reason</dt><dd>{job.statusReason}</dd></>}
          </dl>
          <h2>Attempts</h2>
          <table className="grid attempts">
            <thead><tr><th>#</th><th>Started</th><th>Stopped</th><th>Exit code</th><th>Reason</th></tr></thead>
            <tbody>
              {job.attempts.map((a, i) => (
                <tr key={i}>
                  <td>{i + 1}</td><td>{formatTime(a.startedAt)}</td><td>{formatTime(a.stoppedAt)}</td>
                  <td>{a.container.exitCode ?? ''}</td><td>{a.container.reason ?? a.statusReason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {job.attempts.length === 0 && <p className="muted">No attempt has started yet.</p>}
        </>
      )}
      <div className="title">
        <h2>Log <span className="muted">({logs.length} lines)</span></h2>
        <span className="spacer" />
        <label><input type="checkbox" checked={follow} onChange={e => setFollow(e.target.checked)} /> follow</label>
      </div>
      <div className="log" data-testid="log">
        {logs.map(l => (
          <div key={`${l.attempt}-${l.seq}`} className={`log-line ${l.stream}`}>
            <span className="log-meta">#{l.attempt} {new Date(l.timestamp).toLocaleTimeString()}</span>
            <span className="log-message">{l.message}</span>
          </div>
        ))}
        <div ref={bottom} />
      </div>
    </section>
  )
}

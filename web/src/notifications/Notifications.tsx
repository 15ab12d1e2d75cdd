import { api, formatTime } from '../api.ts'
import { ErrorBox, Status } from '../Status.tsx'
import { useAsync, useInterval } from '../useAsync.ts'

/** The messages SNS topics sent, with each subscription's delivery attempts. */
export function Notifications() {
  const { data, error, reload } = useAsync(() => api.notifications(), [])
  useInterval(reload, 3000)
  return (
    <section>
      <h1>Notifications</h1>
      <ErrorBox error={error} />
      {data?.topics.map(t => (
        <article key={t.TopicArn} className="topic">
          <h2>{t.Name} <span className="muted">{t.TopicArn}</span></h2>
          {t.messages.length === 0 && <p className="muted">No messages sent.</p>}
          {t.messages.map(m => (
            <div key={m.MessageId} className="message">
              <div className="title"><strong>{m.Subject ?? '(no subject)'}</strong><span className="spacer" /><span className="muted">{formatTime(m.PublishedAt)}</span></div>
              <pre>{m.Message}</pre>
              <ul className="deliveries">
                {m.deliveries.map((d, i) => (
                  <li key={i}><Status status={d.status} /> {d.protocol} {d.endpoint} · attempt {d.attempt}{d.error ? ` · ${d.error}` : ''}</li>
                ))}
              </ul>
            </div>
          ))}
        </article>
      ))}
      {data && data.topics.length === 0 && <p className="muted">No topics.</p>}
    </section>
  )
}

// Server-sent events: an execution's new history events (with the states' view recomputed) and a Batch job's
// log tail. Both read the store, not in-process listeners, so runs started by another process (the CLI's
// `rsqlflow run`) light up the same way; polling a few times a second is cheap for SQLite.
import type { Context, Hono } from 'hono'
import { streamSSE, type SSEStreamingApi } from 'hono/streaming'
import type { App } from '../../app.ts'
import type { HistoryEvent } from '../../states/index.ts'
import type { LogEvent } from '../../batch/index.ts'
import { ConsoleError, executionRow, historyOf } from './api.ts'
import type { LiveJobs } from './live-jobs.ts'
import { deriveStates } from './status.ts'

export interface EventsOptions {
  /** how often the store is read for news, in milliseconds (default 250) */
  pollMs?: number
  /** ends every open stream (the server is closing) */
  signal?: AbortSignal
}

/** Repeats `tick` until the client goes, the server closes or the store can no longer be read. */
function poll(c: Context, o: EventsOptions, tick: (s: SSEStreamingApi) => Promise<void>): Response {
  return streamSSE(c, async stream => {
    let open = true
    stream.onAbort(() => { open = false })
    const ended = () => { open = false }
    o.signal?.addEventListener('abort', ended, { once: true })
    try {
      while (open && !o.signal?.aborted) {
        await tick(stream)
        await stream.sleep(o.pollMs ?? 250)
      }
    } catch {
      // the store closed under us or the client went away: the stream just ends
    } finally {
      o.signal?.removeEventListener('abort', ended)
    }
  })
}

const lastEventId = (c: Context, query: string): number => {
  const v = Number(c.req.header('last-event-id') ?? c.req.query(query) ?? 0)
  return Number.isFinite(v) && v > 0 ? v : 0
}

export function eventRoutes(routes: Hono, app: App, jobs: LiveJobs, o: EventsOptions): void {
  // `history`: { events (new ones), states (every state's view), execution (DescribeExecution) }
  routes.get('/console/api/executions/:arn/events', c => {
    const arn = c.req.param('arn')
    executionRow(app, arn)
    let after = lastEventId(c, 'after')
    // the history is read whole once per stream, then only its new events: the states' view needs all of it
    let all: HistoryEvent[] | undefined
    return poll(c, o, async stream => {
      let fresh: HistoryEvent[]
      if (all === undefined) {
        all = historyOf(app, arn)
        const from = after
        fresh = all.filter(e => e.id > from)
      } else {
        fresh = app.states.tables.eventsPage(arn, after, 1000).map(r => r.event as HistoryEvent)
        all.push(...fresh)
      }
      if (fresh.length === 0) return
      after = fresh[fresh.length - 1]!.id
      await stream.writeSSE({
        event: 'history', id: String(after),
        data: JSON.stringify({ events: fresh, states: deriveStates(all, jobs.of(arn)), execution: app.states.describeExecution(arn) }),
      })
    })
  })

  // `log`: new log lines; `job`: the job's detail whenever its status or attempts change
  routes.get('/console/api/jobs/:id/events', c => {
    const id = c.req.param('id')
    // as the execution stream: an id that names no job is a 404, not a stream that waits forever
    if (app.batch.describeJobs([id]).length === 0) throw new ConsoleError(404, 'JobDoesNotExist', `job does not exist: ${id}`)
    // a reconnecting EventSource says where it was (`attempt.seq`); a first connection may say it in the query
    const [attempt, seq] = (c.req.header('last-event-id') ?? `${c.req.query('attempt')}.${c.req.query('seq')}`).split('.').map(Number)
    let after = Number.isInteger(attempt) && Number.isInteger(seq) ? { attempt: attempt!, seq: seq! } : undefined
    let seen = ''
    return poll(c, o, async stream => {
      const lines: LogEvent[] = app.batch.store.logs(id, { after, limit: 2000 })
      if (lines.length) {
        const last = lines[lines.length - 1]!
        after = { attempt: last.attempt, seq: last.seq }
        await stream.writeSSE({ event: 'log', id: `${last.attempt}.${last.seq}`, data: JSON.stringify(lines) })
      }
      const [job] = app.batch.describeJobs([id])
      const key = job ? `${job.status}|${job.attempts.length}|${job.statusReason ?? ''}` : ''
      if (job && key !== seen) {
        seen = key
        await stream.writeSSE({ event: 'job', data: JSON.stringify(job) })
      }
    })
  })
}

// The console's JSON API under /console/api: state machines, executions (filters, history, graph, start,
// stop, redrive), Batch jobs with their attempts and log lines, and the notifications SNS sent.
import type { Context, Hono } from 'hono'
import type { App } from '../../app.ts'
import { awsErrorCode } from '../errors.ts'
import type { HistoryEvent } from '../../states/index.ts'
import type { Graph } from './graph.ts'
import { GraphCache } from './graph-cache.ts'
import type { LiveJobs } from './live-jobs.ts'
import { deriveStates } from './status.ts'

/** A console error: AWS's code and a message in PostgreSQL's style. */
export class ConsoleError extends Error {
  constructor(readonly status: 400 | 404, readonly code: string, message: string) { super(message) }
}

const NOT_FOUND = new Set(['ExecutionDoesNotExist', 'StateMachineDoesNotExist', 'JobDoesNotExist'])

/** Renders any error a room throws as `{ code, message }`; an unknown one hides its message. */
export function errorResponse(c: Context, err: unknown): Response {
  if (err instanceof ConsoleError) return c.json({ code: err.code, message: err.message }, err.status)
  const code = awsErrorCode(err)
  if (code !== undefined) return c.json({ code, message: (err as Error).message }, NOT_FOUND.has(code) ? 404 : 400)
  return c.json({ code: 'InternalFailure', message: 'internal failure: the server could not complete the request' }, 500)
}

const graphs = new GraphCache()

/** The laid-out graph of a definition, computed once per definition while it stays among the recent ones. */
export function graphOf(app: App, definitionHash: string): Promise<Graph> {
  return graphs.of(definitionHash, () => {
    const text = app.states.tables.getDefinition(definitionHash)
    if (text === undefined) throw new ConsoleError(404, 'StateMachineDoesNotExist', `definition ${definitionHash.slice(0, 12)} is missing from the store`)
    return JSON.parse(text)
  })
}

export function executionRow(app: App, arn: string) {
  const row = app.states.tables.getExecution(arn)
  if (!row) throw new ConsoleError(404, 'ExecutionDoesNotExist', `execution does not exist: ${arn}`)
  return row
}

export const historyOf = (app: App, arn: string): HistoryEvent[] => app.states.tables.events(arn).map(r => r.event as HistoryEvent)

function parseInput(text: unknown): unknown {
  if (text === undefined || text === null || text === '') return {}
  if (typeof text !== 'string') return text
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new ConsoleError(400, 'InvalidExecutionInput', `invalid execution input: ${(err as Error).message}`)
  }
}

export function apiRoutes(routes: Hono, app: App, jobs: LiveJobs): void {
  routes.get('/console/api/state-machines', c => {
    const machines = app.states.listStateMachines().map(m => ({
      ...m, workflow: app.project.workflows.some(w => w.name === m.name),
      lastExecution: app.states.listExecutions({ stateMachine: m.name, maxResults: 1 }).executions[0],
    }))
    return c.json({ stateMachines: machines })
  })

  routes.get('/console/api/state-machines/:name', c => c.json(app.states.describeStateMachine(c.req.param('name'))))

  routes.post('/console/api/state-machines/:name/executions', async c => {
    const name = c.req.param('name')
    const body = await c.req.json<{ input?: unknown; name?: string }>().catch(() => ({}) as { input?: unknown; name?: string })
    const input = parseInput(body.input)
    const executionName = body.name || undefined
    // a project's workflow is re-read from its file, so a fixed definition runs without a restart
    if (app.project.workflows.some(w => w.name === name)) {
      const run = await app.startWorkflow(name, { input, name: executionName })
      run.done.catch(() => {})
      return c.json({ executionArn: run.executionArn })
    }
    return c.json(app.states.startExecution(name, { input, name: executionName }))
  })

  routes.get('/console/api/executions', c => {
    const q = c.req.query()
    const maxResults = q.maxResults ? Number(q.maxResults) : 50
    if (!Number.isInteger(maxResults) || maxResults < 1) throw new ConsoleError(400, 'ValidationException', `maxResults: not a whole number of at least 1: ${q.maxResults}`)
    return c.json(app.states.listExecutions({
      stateMachine: q.stateMachine || undefined, statusFilter: q.status || undefined, nextToken: q.nextToken || undefined, maxResults,
    }))
  })

  routes.get('/console/api/executions/:arn', c => {
    const arn = c.req.param('arn')
    const row = executionRow(app, arn)
    const events = historyOf(app, arn)
    return c.json({
      execution: { ...app.states.describeExecution(arn), stateMachineName: row.state_machine },
      events,
      states: deriveStates(events, jobs.of(arn)),
    })
  })

  routes.get('/console/api/executions/:arn/graph', async c => {
    const row = executionRow(app, c.req.param('arn'))
    return c.json(await graphOf(app, row.definition_hash))
  })

  routes.post('/console/api/executions/:arn/stop', async c =>
    c.json(await app.stopExecution(c.req.param('arn'), { error: 'States.Aborted', cause: 'stopped from the console' })))

  routes.post('/console/api/executions/:arn/redrive', c => c.json(app.states.redriveExecution(c.req.param('arn'))))

  routes.get('/console/api/jobs/:id', c => {
    const id = c.req.param('id')
    const [job] = app.batch.describeJobs([id])
    if (!job) throw new ConsoleError(404, 'JobDoesNotExist', `job does not exist: ${id}`)
    return c.json({ job, logs: app.batch.store.logs(id, { limit: 5000 }) })
  })

  routes.get('/console/api/notifications', c => {
    const topics = app.notify.store.topics().map(t => ({
      ...t,
      messages: app.notify.store.messages(t.TopicArn, 50).map(m => ({ ...m, deliveries: app.notify.deliveries(m.MessageId) })),
    }))
    return c.json({ topics })
  })
}

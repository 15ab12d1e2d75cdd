import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { createApp, type App } from '../../../src/app.ts'
import { loadProject } from '../../../src/project/index.ts'
import { consoleRoutes } from '../../../src/api/console/index.ts'
import type { Hono } from 'hono'

let dir: string
let app: App
let routes: Hono
const closing = new AbortController()

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rsqlflow-console-api-'))
  await mkdir(join(dir, 'workflows'))
  await writeFile(join(dir, 'rsqlflow.json'), JSON.stringify({
    name: 'console-api',
    topics: [{ name: 'alerts', subscriptions: [{ protocol: 'file' }] }],
    jobDefinitions: [{
      name: 'shell', executor: 'subprocess',
      containerProperties: { command: ['sh', '-c', 'echo one; sleep 0.4; echo "<script>alert(1)</script>"; echo oops >&2; exit 3'] },
    }],
  }))
  await writeFile(join(dir, 'workflows', 'pause.asl.json'), JSON.stringify({ StartAt: 'wait', States: { wait: { Type: 'Wait', Seconds: 600, End: true } } }))
  await writeFile(join(dir, 'workflows', 'hello.asl.json'), JSON.stringify({
    StartAt: 'greet',
    States: {
      greet: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('hello {}', $.who)" }, Next: 'tell' },
      tell: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: 'arn:aws:sns:us-east-1:000000000000:alerts', 'Message.$': '$.greeting', Subject: 'greeting' }, End: true },
    },
  }))
  app = await createApp(await loadProject({ dir }))
  routes = consoleRoutes(app, { pollMs: 20, signal: closing.signal })
})

after(async () => {
  closing.abort()
  await app?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const json = async (path: string, init?: RequestInit) => {
  const res = await routes.request(path, init)
  return { status: res.status, body: await res.json() as Record<string, any> }
}
const post = (path: string, body?: unknown) => json(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) })
const enc = encodeURIComponent

test('state machines, start, execution with history and state views, graph, notifications', async () => {
  const machines = await json('/console/api/state-machines')
  assert.deepEqual(machines.body.stateMachines.map((m: { name: string; workflow: boolean }) => [m.name, m.workflow]).sort(), [['hello', true], ['pause', true]])

  const bad = await post('/console/api/state-machines/hello/executions', { input: '{"who": ' })
  assert.equal(bad.status, 400)
  assert.equal(bad.body.code, 'InvalidExecutionInput')
  assert.match(bad.body.message, /^invalid execution input: /)

  const started = await post('/console/api/state-machines/hello/executions', { input: '{"who": "<b>world</b>"}', name: 'first' })
  assert.equal(started.status, 200)
  const arn = started.body.executionArn as string
  assert.match(arn, /:execution:hello:first$/)
  await app.states.waitFor(arn)
  await app.notify.drain()

  const x = await json(`/console/api/executions/${enc(arn)}`)
  assert.equal(x.body.execution.status, 'SUCCEEDED')
  assert.equal(x.body.execution.stateMachineName, 'hello')
  assert.equal(x.body.events[0].type, 'ExecutionStarted')
  assert.equal(x.body.states.greet.status, 'succeeded')
  assert.deepEqual(JSON.parse(x.body.states.greet.output), { greeting: 'hello <b>world</b>' })

  const g = await json(`/console/api/executions/${enc(arn)}/graph`)
  assert.deepEqual(g.body.nodes.map((n: { id: string }) => n.id).sort(), ['__end', '__start', 'greet', 'tell'])

  const list = await json('/console/api/executions?status=SUCCEEDED&stateMachine=hello')
  assert.deepEqual(list.body.executions.map((e: { name: string }) => e.name), ['first'])
  assert.deepEqual((await json('/console/api/executions?status=FAILED')).body.executions, [])
  const sized = await json('/console/api/executions?maxResults=abc')
  assert.equal(sized.status, 400)
  assert.equal(sized.body.code, 'ValidationException')

  const n = await json('/console/api/notifications')
  const alerts = n.body.topics.find((t: { Name: string }) => t.Name === 'alerts')
  assert.equal(alerts.messages[0].Message, 'hello <b>world</b>')
  assert.equal(alerts.messages[0].deliveries[0].status, 'DELIVERED')
})

test('errors carry AWS codes: unknown execution, unknown job, redrive of a success, unknown route', async () => {
  const missing = await json(`/console/api/executions/${enc('arn:aws:states:us-east-1:000000000000:execution:hello:nope')}`)
  assert.equal(missing.status, 404)
  assert.deepEqual(missing.body, { code: 'ExecutionDoesNotExist', message: 'execution does not exist: arn:aws:states:us-east-1:000000000000:execution:hello:nope' })
  const job = await json('/console/api/jobs/nope')
  assert.equal(job.status, 404)
  assert.equal(job.body.code, 'JobDoesNotExist')
  const machine = await post('/console/api/state-machines/nope/executions', {})
  assert.equal(machine.body.code, 'StateMachineDoesNotExist')
  const { body } = await post('/console/api/state-machines/hello/executions', { name: 'second', input: '{"who":"x"}' })
  await app.states.waitFor(body.executionArn)
  const redrive = await post(`/console/api/executions/${enc(body.executionArn)}/redrive`)
  assert.equal(redrive.status, 400)
  assert.equal(redrive.body.code, 'ExecutionNotRedrivable')
  const stop = await post(`/console/api/executions/${enc(body.executionArn)}/stop`)
  assert.equal(stop.body.code, 'ExecutionNotRunning')
  assert.equal((await json('/console/api/nothing-here')).status, 404)
})

test('a Node.js system error (ENOENT: the workflow file went away) is an internal failure, not an AWS code with its path', async () => {
  const file = join(dir, 'workflows', 'pause.asl.json')
  await rename(file, `${file}.away`)
  try {
    const r = await post('/console/api/state-machines/pause/executions', {})
    assert.equal(r.status, 500)
    assert.deepEqual(r.body, { code: 'InternalFailure', message: 'internal failure: the server could not complete the request' })
  } finally {
    await rename(`${file}.away`, file)
  }
})

/** Reads server-sent events until `until` says enough, then hangs up. */
async function readEvents(path: string, until: (events: { event: string; data: any }[]) => boolean, headers: Record<string, string> = {}) {
  const ctl = new AbortController()
  const res = await routes.request(path, { signal: ctl.signal, headers })
  assert.equal(res.headers.get('content-type'), 'text/event-stream')
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
  const events: { event: string; data: any }[] = []
  let buffer = ''
  while (!until(events)) {
    const { value, done } = await reader.read()
    if (done) break
    buffer += value
    let end: number
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message'
      const data = block.split('\n').filter(l => l.startsWith('data: ')).map(l => l.slice(6)).join('\n')
      events.push({ event, data: JSON.parse(data) })
    }
  }
  await reader.cancel()
  ctl.abort()
  return events
}

test('server-sent events: the history from an event id on, with the states recomputed', async () => {
  const { body } = await post('/console/api/state-machines/hello/executions', { name: 'third', input: '{"who":"sse"}' })
  const arn = body.executionArn as string
  const all = await readEvents(`/console/api/executions/${enc(arn)}/events?after=0`, es => es.at(-1)?.data.execution.status === 'SUCCEEDED')
  const types = all.flatMap(e => e.data.events.map((h: { type: string }) => h.type))
  assert.equal(types[0], 'ExecutionStarted')
  assert.equal(types.at(-1), 'ExecutionSucceeded')
  const ids = all.flatMap(e => e.data.events.map((h: { id: number }) => h.id))
  assert.deepEqual(ids, ids.map((_, i) => i + 1), 'every event once, in order')
  assert.equal(all.at(-1)!.data.states.tell.status, 'succeeded')
  // resuming after event 3 sends only what follows
  const rest = await readEvents(`/console/api/executions/${enc(arn)}/events?after=3`, es => es.length > 0)
  assert.equal(rest[0]!.data.events[0].id, 4)
})

test('the built console is served with a content security policy; nothing outside its folder is', async () => {
  const index = await routes.request('/')
  assert.equal(index.status, 200)
  assert.match(index.headers.get('content-security-policy')!, /script-src 'self'/)
  const html = await index.text()
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1]
  assert.ok(script, 'index.html loads its bundle from /assets/')
  const js = await routes.request(script)
  assert.equal(js.status, 200)
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8')
  for (const path of ['/assets/..%2F..%2Fpackage.json', '/assets/.hidden', '/assets/nope.js']) assert.equal((await routes.request(path)).status, 404, path)
  assert.equal((await routes.request('/favicon.ico')).status, 204, 'the icon a browser asks for by itself is no error')
})

test('the event streams of an execution or a job that does not exist are 404s, not streams that never end', async () => {
  for (const [path, code] of [['/console/api/executions/nope/events', 'ExecutionDoesNotExist'], ['/console/api/jobs/nope/events', 'JobDoesNotExist']]) {
    const res = await routes.request(path!, { signal: AbortSignal.timeout(5_000) })
    assert.equal(res.status, 404, path)
    assert.equal((await res.json()).code, code)
  }
})

test('stop from the console: the running execution is aborted and its state shown failed', async () => {
  const { body } = await post('/console/api/state-machines/pause/executions', {})
  const arn = body.executionArn as string
  await readEvents(`/console/api/executions/${enc(arn)}/events`, es => es.some(e => e.data.states.wait?.status === 'running'))
  const stop = await post(`/console/api/executions/${enc(arn)}/stop`)
  assert.equal(stop.status, 200)
  await app.states.waitFor(arn)
  const x = await json(`/console/api/executions/${enc(arn)}`)
  assert.equal(x.body.execution.status, 'ABORTED')
  assert.equal(x.body.execution.redriveStatus, 'REDRIVABLE')
  assert.equal(x.body.states.wait.status, 'failed')
})

test("a job's log tail: lines as they are written, then the final status", async () => {
  const { jobId } = app.batch.submitJob({ jobName: 'tail', jobQueue: 'etl-queue', jobDefinition: 'shell' })
  const events = await readEvents(`/console/api/jobs/${jobId}/events`, es => es.some(e => e.event === 'job' && e.data.status === 'FAILED') && es.filter(e => e.event === 'log').flatMap(e => e.data).length >= 3)
  const lines = events.filter(e => e.event === 'log').flatMap(e => e.data as { message: string; stream: string; attempt: number; seq: number }[])
  assert.deepEqual(lines.map(l => [l.stream, l.message]).sort(), [['stderr', 'oops'], ['stdout', '<script>alert(1)</script>'], ['stdout', 'one']])
  const statuses = events.filter(e => e.event === 'job').map(e => e.data.status as string)
  assert.ok(statuses.length >= 2 && statuses.at(-1) === 'FAILED', `statuses as they changed: ${statuses.join(' ')}`)
  const job = await json(`/console/api/jobs/${jobId}`)
  assert.equal(job.body.job.attempts[0].container.exitCode, 3)
  assert.equal(job.body.logs.length, 3)
  // resuming after the first line sends the rest only
  const first = lines.find(l => l.message === 'one')!
  const rest = await readEvents(`/console/api/jobs/${jobId}/events?attempt=${first.attempt}&seq=${first.seq}`, es => es.some(e => e.event === 'log'))
  assert.ok(!rest.filter(e => e.event === 'log').flatMap(e => e.data as { message: string }[]).some(l => l.message === 'one'))
  // so does a reconnecting EventSource, by the id of the last event it had
  const again = await readEvents(`/console/api/jobs/${jobId}/events`, es => es.some(e => e.event === 'log'), { 'last-event-id': `${first.attempt}.${first.seq}` })
  assert.equal(again.filter(e => e.event === 'log').flatMap(e => e.data).length, 2)
})

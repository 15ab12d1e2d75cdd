// A server takes over webhook deliveries that another process (a `run` that ended) left between retries.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer as createHttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { rm } from 'node:fs/promises'
import { createApp } from '../../src/app.ts'
import { createServer } from '../../src/api/index.ts'
import { Notify } from '../../src/notify/index.ts'
import { loadProject } from '../../src/project/index.ts'
import { until, writeProject } from './helpers.ts'

test('a running server delivers what an ended process left RETRYING, once the webhook is back', async () => {
  const probe = createHttpServer()
  await new Promise<void>(r => probe.listen(0, '127.0.0.1', r))
  const port = (probe.address() as AddressInfo).port
  await new Promise(r => probe.close(r))
  const hook = `http://127.0.0.1:${port}/hook`
  const dir = await writeProject({ name: 'handoff', topics: [{ name: 'alerts', subscriptions: [{ protocol: 'http', endpoint: hook }] }] })
  const app = await createApp(await loadProject({ dir }))
  const server = await createServer(app, { console: false, resumeDeliveriesMs: 50 })
  await server.listen(0)
  const bodies: string[] = []
  const webhook = createHttpServer((req, res) => { let b = ''; req.on('data', c => { b += c }); req.on('end', () => { bodies.push(b); res.end('ok') }) })
  try {
    // the other process (same store) is a live process that then exits, as `rsqlflow run` does
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    const run = new Notify({ db: app.notify.store.db, outboxDir: join(dir, 'outbox'), retryDelaysMs: [60_000], pid: other.pid })
    const TopicArn = app.notify.topicArn('alerts')
    const { MessageId } = run.publish({ TopicArn, Message: 'from the run' })
    await run.close()
    await new Promise(r => setTimeout(r, 200))
    assert.deepEqual(app.notify.deliveries(MessageId).map(d => d.status), ['RETRYING'], 'not taken from a live process')
    await new Promise<void>(r => webhook.listen(port, '127.0.0.1', r))
    other.kill()
    await once(other, 'exit')
    const ds = await until(() => { const d = app.notify.deliveries(MessageId); return d.at(-1)?.status === 'DELIVERED' ? d : undefined }, 15_000, 'the delivery')
    assert.deepEqual(ds.map(d => [d.attempt, d.status]), [[1, 'RETRYING'], [2, 'DELIVERED']])
    await new Promise(r => setTimeout(r, 200))
    assert.equal(bodies.length, 1, 'delivered once, though the server looked again')
    assert.equal(JSON.parse(bodies[0]).Message, 'from the run')
  } finally {
    await server.close()
    await app.close()
    await new Promise(r => webhook.close(r))
    await rm(dir, { recursive: true, force: true })
  }
})

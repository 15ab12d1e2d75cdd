import { test } from 'node:test'
import assert from 'node:assert/strict'
import Database from 'better-sqlite3'
import { VirtualClock } from '../../src/batch/index.ts'
import { createTriggers } from '../../src/integrations/index.ts'

test('schedules fire on the injected clock, once per scheduled time, and a failed start is recorded, not thrown', async () => {
  const db = new Database(':memory:')
  const clock = new VirtualClock(Date.parse('2024-03-01T00:30:00Z'))
  const starts: { workflow: string; input: unknown; at: string }[] = []
  const make = () => createTriggers({
    store: db, clock,
    schedules: [
      { name: 'hourly', workflow: 'etl', scheduleExpression: 'cron(0 * * * ? *)', input: { mode: 'full' } },
      { name: 'broken', workflow: 'missing', scheduleExpression: 'cron(0 2 * * ? *)' },
      { name: 'off', workflow: 'etl', scheduleExpression: 'rate(1 minute)', state: 'DISABLED' },
    ],
    start: async (workflow, input) => {
      if (workflow === 'missing') throw new Error('state machine does not exist: missing')
      starts.push({ workflow, input, at: new Date(clock.now()).toISOString() })
      return { executionArn: `arn:aws:states:us-east-1:000000000000:execution:${workflow}:${starts.length}` }
    },
  })
  const t = make()
  await clock.advance(3 * 3_600_000)
  await t.drain()
  assert.deepEqual(starts.map(s => s.at), ['2024-03-01T01:00:00.000Z', '2024-03-01T02:00:00.000Z', '2024-03-01T03:00:00.000Z'])
  assert.deepEqual(starts[0].input, { mode: 'full' })
  const broken = t.firings().find(f => f.name === 'broken')!
  assert.equal(broken.error, 'state machine does not exist: missing')
  t.close()
  // a second instance on the same store at the same time does not fire 03:00 again
  const again = make()
  const twin = createTriggers({ store: db, clock, schedules: [{ name: 'hourly', workflow: 'etl', scheduleExpression: 'cron(0 * * * ? *)' }], start: async w => { starts.push({ workflow: w, input: {}, at: 'twin' }); return { executionArn: 'x' } } })
  await clock.advance(3_600_000)
  await Promise.all([again.drain(), twin.drain()])
  assert.equal(starts.filter(s => s.at === '2024-03-01T04:00:00.000Z' || s.at === 'twin').length, 1, 'two instances, one firing at 04:00')
  again.close(); twin.close()
})

test('a rule with an invalid pattern names the config field', () => {
  assert.throws(() => createTriggers({ store: new Database(':memory:'), start: async () => ({ executionArn: '' }), rules: [{ name: 'r', workflow: 'w', eventPattern: { source: 'aws.s3' } }] }),
    /rsqlflow\.json: triggers\[0\]\.eventPattern: a pattern value must be an array or an object at \/source/)
})

test('objects another process writes start the workflow: the buckets the rules name are scanned, each new object once, also across a restart', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const { LocalObjectStore } = await import('../../src/objects/index.ts')
  const root = mkdtempSync(join(tmpdir(), 'rsqlflow-triggers-'))
  try {
    const db = new Database(join(root, 'store.db'))
    const server = new LocalObjectStore(join(root, 'objects'))  // the server's store
    const other = new LocalObjectStore(join(root, 'objects'))   // `rsqlflow s3 cp` in another terminal
    await other.createBucket('data')
    await other.put('s3://data/incoming/before.csv', 'a|b\n')
    const starts: { key: string; reason: string }[] = []
    const make = () => createTriggers({
      store: db, objects: server, scanMs: 20,
      rules: [{ name: 'on-upload', workflow: 'etl', eventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['data'] }, object: { key: [{ prefix: 'incoming/' }] } } } }],
      start: async (_w, input) => {
        const e = input as { detail: { object: { key: string }; reason: string } }
        starts.push({ key: e.detail.object.key, reason: e.detail.reason })
        return { executionArn: `arn:aws:states:us-east-1:000000000000:execution:etl:${starts.length}` }
      },
    })
    const wait = async (n: number) => {
      const end = Date.now() + 10_000
      while (starts.length < n && Date.now() < end) await new Promise(r => setTimeout(r, 10))
      await new Promise(r => setTimeout(r, 100))  // and nothing more arrives
    }
    let t = make()
    await new Promise(r => setTimeout(r, 100))
    assert.equal(starts.length, 0, 'objects older than the first scan start nothing (EventBridge sends no events for them)')
    await other.put('s3://data/incoming/a.csv', '1|x\n')
    await other.put('s3://data/other/skip.csv', '1|x\n')
    await wait(1)
    assert.deepEqual(starts, [{ key: 'incoming/a.csv', reason: 'PutObject' }])
    await server.put('s3://data/incoming/own.csv', '2|y\n')  // this process's own write: its event, not the scan's
    await wait(2)
    assert.deepEqual(starts.map(s => s.key), ['incoming/a.csv', 'incoming/own.csv'])
    await t.close()
    await other.put('s3://data/incoming/while-down.csv', '3|z\n')
    await other.put('s3://data/incoming/a.csv', '1|changed\n')
    t = make()
    await wait(4)
    assert.deepEqual(starts.map(s => s.key).slice(2).sort(), ['incoming/a.csv', 'incoming/while-down.csv'], 'what arrived while stopped, and a new version')
    // the same bytes written again are a new PUT, and S3 sends its event: the scan tells them by LastModified
    await new Promise(r => setTimeout(r, 20)) // a later modification time than the first write's
    await other.put('s3://data/incoming/a.csv', '1|changed\n')
    await wait(5)
    assert.deepEqual(starts.map(s => s.key).slice(4), ['incoming/a.csv'], 'the same content uploaded again')
    await server.put('s3://data/incoming/own.csv', '2|y\n') // this process's own write of the same content: once
    await wait(6)
    assert.deepEqual(starts.map(s => s.key).slice(5), ['incoming/own.csv'], 'its own event, and no second start from the scan')
    await t.close()
    assert.equal(t.firings().length, 6)
    // a bucket created after the server started (`rsqlflow publish` creates it): its first objects are new
    // scans 300 ms apart: the bucket and its object both arrive between the first scan and the second
    const late = createTriggers({
      store: db, objects: server, scanMs: 300,
      rules: [{ name: 'on-late', workflow: 'etl', eventPattern: { detail: { bucket: { name: ['late'] } } } }],
      start: async (_w, input) => { starts.push({ key: (input as { detail: { object: { key: string } } }).detail.object.key, reason: 'late' }); return { executionArn: 'x' } },
    })
    await new Promise(r => setTimeout(r, 100))
    await other.createBucket('late')
    await other.put('s3://late/first.csv', '1\n')
    await wait(7)
    assert.deepEqual(starts.at(-1), { key: 'first.csv', reason: 'late' })
    await late.close()
  } finally { rmSync(root, { recursive: true, force: true }) }
})

test('a bucket scan that cannot reach the store warns once while it lasts; a bucket not created yet is no problem', async () => {
  const warnings: string[] = []
  let down = true
  const objects = {
    onObjectCreated: () => () => {},
    listBuckets: async () => [],
    announceCreated: () => {},
    async *list(bucket: string) {
      if (bucket === 'later') throw Object.assign(new Error('bucket "later" does not exist'), { code: 'NoSuchBucket' })
      if (down) throw Object.assign(new Error('could not reach the object store at S3 at http://127.0.0.1:9: connection refused'), { code: 'NetworkingError' })
    },
  }
  const rule = (bucket: string) => ({ name: `on-${bucket}`, workflow: 'etl', eventPattern: { detail: { bucket: { name: [bucket] } } } })
  const t = createTriggers({
    store: new Database(':memory:'), objects, scanMs: 10, rules: [rule('later'), rule('data')],
    logger: { warn: m => warnings.push(m) }, start: async () => ({ executionArn: 'x' }),
  })
  await new Promise(r => setTimeout(r, 150))
  down = false
  await new Promise(r => setTimeout(r, 50))
  await t.close()
  assert.deepEqual(warnings, ['triggers: cannot list the buckets: could not reach the object store at S3 at http://127.0.0.1:9: connection refused'])
})

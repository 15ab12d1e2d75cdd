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

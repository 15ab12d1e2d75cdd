import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseScheduleExpression } from '../../src/integrations/index.ts'

const at = (s: string) => Date.parse(s)
const iso = (t: number | undefined) => t === undefined ? undefined : new Date(t).toISOString().replace('.000', '')

test('cron expressions: next firing times in UTC and in a time zone', () => {
  const table: [string, string | undefined, string, string][] = [
    ['cron(0 2 * * ? *)', undefined, '2024-03-01T01:00:00Z', '2024-03-01T02:00:00Z'],
    ['cron(0 2 * * ? *)', undefined, '2024-03-01T02:00:00Z', '2024-03-02T02:00:00Z'],
    ['cron(0/15 * * * ? *)', undefined, '2024-03-01T10:07:00Z', '2024-03-01T10:15:00Z'],
    ['cron(0 18 ? * MON-FRI *)', undefined, '2024-03-01T19:00:00Z', '2024-03-04T18:00:00Z'],
    ['cron(0 8 1 * ? *)', undefined, '2024-03-01T09:00:00Z', '2024-04-01T08:00:00Z'],
    ['cron(0 0 L * ? *)', undefined, '2024-02-01T00:00:00Z', '2024-02-29T00:00:00Z'],
    ['cron(0 9 ? * 2#1 *)', undefined, '2024-03-05T00:00:00Z', '2024-04-01T09:00:00Z'],
    ['cron(0 12 ? * 6L *)', undefined, '2024-03-01T00:00:00Z', '2024-03-29T12:00:00Z'],
    ['cron(0 0 15W * ? *)', undefined, '2024-06-01T00:00:00Z', '2024-06-14T00:00:00Z'],
    ['cron(30 2 * * ? 2025)', undefined, '2024-06-01T00:00:00Z', '2025-01-01T02:30:00Z'],
    ['cron(0 2 * * ? *)', 'America/New_York', '2024-07-01T00:00:00Z', '2024-07-01T06:00:00Z'],
    ['cron(0 2 * * ? *)', 'Europe/Paris', '2024-01-10T00:00:00Z', '2024-01-10T01:00:00Z'],
  ]
  for (const [expr, tz, after, expected] of table) assert.equal(iso(parseScheduleExpression(expr, tz).next(at(after))), expected.replace('.000', ''), `${expr} ${tz ?? 'UTC'} after ${after}`)
})

test('rate and at expressions', () => {
  assert.equal(iso(parseScheduleExpression('rate(5 minutes)').next(at('2024-01-01T00:00:00Z'))), '2024-01-01T00:05:00Z')
  assert.equal(iso(parseScheduleExpression('rate(1 day)').next(at('2024-01-01T00:00:00Z'))), '2024-01-02T00:00:00Z')
  const once = parseScheduleExpression('at(2024-05-01T09:30:00)', 'Asia/Tokyo')
  assert.equal(iso(once.next(at('2024-01-01T00:00:00Z'))), '2024-05-01T00:30:00Z')
  assert.equal(once.next(at('2024-06-01T00:00:00Z')), undefined)
})

test('invalid expressions name the problem', () => {
  const bad: [string, RegExp][] = [
    ['rate(1 minutes)', /singular/], ['rate(5 minute)', /plural/], ['rate(0 minutes)', /positive|singular|plural/],
    ['cron(0 2 * * *)', /six fields/], ['cron(0 2 * * * *)', /exactly one of day-of-month and day-of-week/],
    ['cron(61 2 * * ? *)', /outside 0-59/], ['every day', /expected rate/],
  ]
  for (const [e, re] of bad) assert.throws(() => parseScheduleExpression(e), (err: Error) => re.test(err.message), e)
  assert.throws(() => parseScheduleExpression('rate(1 day)', 'Mars/Olympus'), /unknown time zone/)
})

// LISTEN/NOTIFY: rsql prints each notification after the command that received it, as psql's
// PrintNotifications does (after a failed command too, and after a FETCH_COUNT cursor); psql is the oracle.
// The process IDs differ between the two runs, so they are masked.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { psqlMissing, startOracle, type Oracle } from './output/oracle.ts'
import { rsql } from './helpers.ts'

const skip = psqlMissing() ?? false
let oracle: Oracle
before(async () => { if (!skip) oracle = await startOracle() })
after(async () => { await oracle?.stop() })

const SCRIPT = [
  'listen jobs;',
  "notify jobs, 'loaded é';",
  'notify jobs;',
  'select 1/0;',
  "notify jobs, 'x'; select 1/0;",
  '\\set FETCH_COUNT 1',
  "select pg_notify('jobs', 'from a query') as sent;",
  '\\unset FETCH_COUNT',
  'unlisten jobs;',
  'notify jobs;',
].join('\n') + '\n'

test('notifications print after each command, as psql prints them', { skip }, async () => {
  const mask = (s: string) => s.replace(/process with PID \d+\./g, 'process with PID N.')
  const theirs = oracle.psql(SCRIPT)
  const ours = await rsql({ type: 'postgres', host: '127.0.0.1', port: oracle.port, database: 'dev', user: 'awsuser' }, SCRIPT)
  assert.match(theirs.stdout, /^Asynchronous notification "jobs" with payload "loaded é" received from server process with PID \d+\.$/m)
  assert.equal(mask(ours.stdout), mask(theirs.stdout))
  assert.equal(ours.stdout.match(/Asynchronous/g)?.length, 4)
})

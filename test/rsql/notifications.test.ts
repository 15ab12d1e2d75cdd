// LISTEN/NOTIFY: rsql prints each notification after the command that received it, as psql's
// PrintNotifications does (after a failed command too, and after a FETCH_COUNT cursor); psql is the oracle.
// The process IDs differ between the two runs, so they are masked.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { psqlMissing, startOracle, type Oracle } from './output/oracle.ts'
import { Collect, rsql } from './helpers.ts'
import { runScript } from '../../src/rsql/index.ts'

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

test('a failed command prints its error before the notifications it received, as psql', { skip }, async () => {
  // the NOTIFY commits inside the string that then fails: its notification comes during the failing command
  const script = "listen x;\nbegin \\; notify x, 'p' \\; commit \\; select 1/0;\n\\echo next\n"
  const both = new Collect()
  await runScript({ source: script, name: 'n.sql', target: { type: 'postgres', host: '127.0.0.1', port: oracle.port, database: 'dev', user: 'awsuser' }, stdout: both, stderr: both })
  const order = (s: string) => s.split('\n').filter(l => /ERROR|Asynchronous|^next$/.test(l)).map(l => l.replace(/^\w+:[^:]*\.sql:\d+: /, '').replace(/PID \d+/, 'PID N'))
  const theirs = oracle.psql(script)
  assert.deepEqual(order(theirs.stderr + theirs.stdout).sort(), order(both.text).sort(), 'the same lines')
  assert.deepEqual(order(both.text), [
    'ERROR:  division by zero',
    'Asynchronous notification "x" with payload "p" received from server process with PID N.',
    'next',
  ])
})

// The command line's -c and -f as psql runs them (actions.ts), and what RSQL adds to them: \exit n,
// MAXERROR and a lost connection end the run at once. The differential suite compares the rest with psql.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Collect, tempProject } from './helpers.ts'
import { run, type Action } from '../../src/rsql/index.ts'
import { connect } from '../../src/warehouse/index.ts'

const project = tempProject('rsqlflow-actions-')
after(() => project.cleanup())

async function commandLine(actions: Action[], variables: [string, string][] = []) {
  const stdout = new Collect()
  const stderr = new Collect()
  const r = await run({
    sources: actions, open: () => connect(project.target, 'rsql'), variables,
    stdout, stderr, cwd: project.root, env: {},
  })
  return { stdout: stdout.text, stderr: stderr.text, exitCode: r.exitCode }
}
const c = (text: string): Action => ({ kind: 'command', text })
const f = (path: string): Action => ({ kind: 'file', path })

test('a -c string is one query: results before the failing statement print, the rest does not run', async () => {
  const r = await commandLine([c('select 1 as a; select 1/0; select 3 as c')])
  assert.equal(r.stdout, ' a \n---\n 1\n(1 row)\n\n')
  assert.equal(r.stderr, 'ERROR:  division by zero\n')
  assert.equal(r.exitCode, 1)
})

test('the exit code is the last action\'s; ON_ERROR_STOP ends the run at the first failure with 1', async () => {
  assert.equal((await commandLine([c('select 1/0'), c('\\echo ok')])).exitCode, 0)
  assert.equal((await commandLine([c('\\echo ok'), c('\\bogus')])).exitCode, 1)
  const stopped = await commandLine([c('select 1/0'), c('\\echo not reached')], [['ON_ERROR_STOP', '1']])
  assert.deepEqual([stopped.exitCode, stopped.stdout], [1, ''])
})

test('a -f file is read when its turn comes; a missing one fails that action only', async () => {
  const r = await commandLine([c('\\echo before'), f('no-such.sql'), c('\\echo after')])
  assert.equal(r.stdout, 'before\nafter\n')
  assert.equal(r.stderr, 'rsql: error: no-such.sql: No such file or directory\n')
  assert.equal(r.exitCode, 0)
})

test('\\exit n in a -c, and in a file a -c includes, ends the run with n', async () => {
  const r = await commandLine([c('\\echo one'), c('\\exit 5'), c('\\echo two')])
  assert.deepEqual([r.exitCode, r.stdout], [5, 'one\n'])
  writeFileSync(join(project.root, 'exit3.sql'), '\\echo in file\n\\exit 3\n')
  writeFileSync(join(project.root, 'fails.sql'), 'select 1/0;\n\\echo not reached\n')
  // ON_ERROR_STOP is on for both: an \exit 3 stays 3, a statement that stops the file makes the -c fail (1)
  const exited = await commandLine([c('\\i exit3.sql'), c('\\echo after')], [['ON_ERROR_STOP', '1']])
  assert.deepEqual([exited.exitCode, exited.stdout], [3, 'in file\n'])
  const failed = await commandLine([c('\\i fails.sql'), c('\\echo after')], [['ON_ERROR_STOP', '1']])
  assert.deepEqual([failed.exitCode, failed.stdout], [1, ''])
})

test('an error above \\rset maxerror in a -c exits with its severity; a lost connection exits 2', async () => {
  const r = await commandLine([c('\\rset maxerror 3'), c('select 1/0'), c('\\echo not reached')])
  assert.equal(r.exitCode, 8)
  assert.doesNotMatch(r.stdout, /not reached/)
  const lost = await commandLine([c('select pg_terminate_backend(pg_backend_pid())'), c('\\echo not reached')])
  assert.equal(lost.exitCode, 2)
  assert.doesNotMatch(lost.stdout, /not reached/)
})

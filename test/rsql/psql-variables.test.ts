// psql's default variables in rsql: their defaults, what `\unset` leaves, the values refused; the server's
// version number as libpq computes it; the connection variables after RSQL's \logon and \logoff.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { defaultSettings, installHooks } from '../../src/rsql/context.ts'
import { Variables } from '../../src/rsql/variables.ts'
import { versionNumber } from '../../src/rsql/commands/catalog.ts'
import { Collect, rsql, tempProject } from './helpers.ts'
import { run } from '../../src/rsql/index.ts'
import type { Session, StatementResult } from '../../src/warehouse/index.ts'

function fresh(): Variables {
  const vars = new Variables()
  installHooks(vars, defaultSettings())
  return vars
}

test('libpq turns server_version into PQserverVersion', () => {
  assert.equal(versionNumber('18.4'), 180004)
  assert.equal(versionNumber('15.18 (Debian 15.18-0+deb12u1)'), 150018)
  assert.equal(versionNumber('9.6.1'), 90601)
  assert.equal(versionNumber('8.0.2'), 80002)
  assert.equal(versionNumber('9.6devel'), 90600)
  assert.equal(versionNumber('17devel'), 170000)
  assert.equal(versionNumber('devel'), 0)
})

test('defaults are psql 15\'s, and \\unset restores them where psql does', () => {
  const vars = fresh()
  const expected: Record<string, string> = {
    COMP_KEYWORD_CASE: 'preserve-upper', ECHO_HIDDEN: 'off', HIDE_TABLEAM: 'off', HIDE_TOAST_COMPRESSION: 'off',
    HISTCONTROL: 'none', HISTSIZE: '500', IGNOREEOF: '0', ON_ERROR_ROLLBACK: 'off', PROMPT1: '%/%R%x%# ', PROMPT3: '>> ',
    SHOW_ALL_RESULTS: 'on', SHOW_CONTEXT: 'errors', SINGLELINE: 'off', SINGLESTEP: 'off', VERBOSITY: 'default',
    VERSION_NAME: '15.18', VERSION_NUM: '150018',
  }
  for (const [name, value] of Object.entries(expected)) assert.equal(vars.get(name), value, name)
  assert.match(vars.get('VERSION')!, /^PostgreSQL 15\.18 \(rsqlflow rsql\) on /)
  vars.set('VERBOSITY', 'Terse')
  assert.equal(vars.get('VERBOSITY'), 'Terse')
  vars.unset('VERBOSITY')
  assert.equal(vars.get('VERBOSITY'), 'default')
  vars.unset('SHOW_ALL_RESULTS')
  assert.equal(vars.get('SHOW_ALL_RESULTS'), 'off')
  vars.set('IGNOREEOF', 'x')
  assert.equal(vars.get('IGNOREEOF'), '10')
  vars.unset('PROMPT1')
  assert.equal(vars.get('PROMPT1'), undefined)
})

test('values psql refuses are refused with psql\'s words', () => {
  const vars = fresh()
  assert.equal(vars.set('VERBOSITY', 'loud'), 'unrecognized value "loud" for "VERBOSITY"\nAvailable values are: default, verbose, terse, sqlstate.')
  assert.equal(vars.set('SHOW_CONTEXT', 'x'), 'unrecognized value "x" for "SHOW_CONTEXT"\nAvailable values are: never, errors, always.')
  assert.equal(vars.set('COMP_KEYWORD_CASE', 'x'), 'unrecognized value "x" for "COMP_KEYWORD_CASE"\nAvailable values are: lower, upper, preserve-lower, preserve-upper.')
  assert.equal(vars.set('ECHO_HIDDEN', 'x'), 'unrecognized value "x" for "ECHO_HIDDEN"\nAvailable values are: on, off, noexec.')
  assert.equal(vars.set('HIDE_TABLEAM', 'x'), 'unrecognized value "x" for "HIDE_TABLEAM": Boolean expected')
  assert.equal(vars.set('HISTSIZE', '12a'), 'invalid value "12a" for "HISTSIZE": integer expected')
  assert.equal(vars.set('ECHO_HIDDEN', 'NoExec'), undefined)
  assert.equal(vars.get('ECHO_HIDDEN'), 'NoExec')
})

const t = tempProject()
after(() => t.cleanup())

test('\\logon sets the connection variables again; \\logoff removes them, as psql\'s UnsyncVariables', async () => {
  const r = await rsql(t.target, '\\echo :DBNAME :ENCODING :SERVER_VERSION_NUM\n\\logon postgres - - -\n\\echo :DBNAME :USER :SERVER_VERSION_NAME\n' +
    '\\logoff\n\\echo :DBNAME :USER :HOST :PORT :ENCODING :SERVER_VERSION_NAME :SERVER_VERSION_NUM\n')
  const [first, , second, third] = r.stdout.split('\n')
  const [db, encoding, num] = first.split(' ')
  assert.equal(db, 'dev')
  assert.equal(encoding, 'UTF8')
  assert.ok(Number(num) >= 150000, first)
  assert.match(second, /^postgres awsuser \d+(\.\d+)?/, r.stdout + r.stderr)
  assert.equal(third, ':DBNAME :USER :HOST :PORT :ENCODING :SERVER_VERSION_NAME :SERVER_VERSION_NUM')
})

// Redshift (AWS, stood in for here) reports server_version 8.0.2: the variables say so, and \d NAME, whose
// queries are those psql 15 sends to servers from 12 on, refuses rather than sending them
test('a Redshift server\'s version: SERVER_VERSION_NUM 80002, and \\d NAME refuses to describe', async () => {
  const sent: string[] = []
  const result = (value: string): StatementResult => ({
    command: 'SELECT', commandTag: 'SELECT 1', rowCount: '1', fields: [{ name: 'current_setting', dataTypeID: 25 }], rows: [[value]],
  })
  const redshift: Session = {
    info: { host: 'example.redshift.amazonaws.com', port: 5439, database: 'dev', user: 'awsuser' },
    inTransaction: false,
    async query(sql) { sent.push(sql); return [result('8.0.2')] },
    copyFrom() { throw new Error('not used') },
    copyTo() { throw new Error('not used') },
    async cancel() {},
    async close() {},
  }
  const stdout = new Collect()
  const stderr = new Collect()
  const r = await run({
    sources: [{ kind: 'command', text: '\\echo :SERVER_VERSION_NAME :SERVER_VERSION_NUM :HOST :PORT' }, { kind: 'command', text: '\\d t' }],
    session: redshift, stdout, stderr, cwd: '.', env: {},
  })
  assert.equal(stdout.text, '8.0.2 80002 example.redshift.amazonaws.com 5439\n')
  assert.equal(stderr.text, '\\d t: describing a relation needs a server from PostgreSQL 12 on, this one is version 8.0.2\n')
  assert.equal(r.exitCode, 1)
  assert.deepEqual(sent, ["SELECT pg_catalog.current_setting('server_version')"])
})

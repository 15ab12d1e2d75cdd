// What a newcomer meets first: each mistake exits with README's code and one line naming the file, field or option.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { reportError, type Terminal } from '../../src/cli/ui.ts'
import { ensureLocalServer, stopLocalServer } from '../../src/warehouse/index.ts'

const BIN = fileURLToPath(new URL('../../bin/rsqlflow.js', import.meta.url))
let root: string

function rsqlflow(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, RSQLFLOW_DEBUG: '', HOME: root, ODBCINI: '' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
    })
  })
}

/** A user's mistake: one `rsqlflow: …` line per problem, never a stack trace. */
function oneLine(stderr: string): string {
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace')
  return stderr.trimEnd()
}

async function project(name: string, config?: object): Promise<string> {
  const r = await rsqlflow(root, 'init', name)
  assert.equal(r.code, 0, r.stderr)
  if (config) await writeFile(join(root, name, 'rsqlflow.json'), JSON.stringify({ name, ...config }, null, 2))
  return join(root, name)
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'rsqlflow-newcomer-'))
  await chmod(root, 0o755)
})

after(async () => {
  await stopLocalServer(join(root, 'wh', '.rsqlflow', 'warehouse')) // when the warehouse test failed before its stop
  await rm(root, { recursive: true, force: true })
})

test('init --name refuses a name rsqlflow.json would refuse, before writing anything; --name with --sample is a usage error', async () => {
  const [bad, withSample] = await Promise.all([
    rsqlflow(root, 'init', 'named', '--name', 'My_Project'),
    rsqlflow(root, 'init', 'sampled', '--sample', 'tpch', '--name', 'mine'),
  ])
  assert.equal(bad.code, 2)
  assert.equal(oneLine(bad.stderr), 'rsqlflow: --name: "My_Project": must be 2 to 42 lower-case letters, digits and hyphens, starting and ending with a letter or digit')
  await assert.rejects(stat(join(root, 'named')), 'nothing created')
  await writeFile(join(root, 'a-file'), '')
  const onFile = await rsqlflow(root, 'init', 'a-file')
  assert.equal(onFile.code, 2) // was 3: "EEXIST: file already exists, mkdir"
  assert.equal(oneLine(onFile.stderr), 'rsqlflow: a-file: exists and is not a folder; nothing was changed')
  assert.equal(withSample.code, 2)
  assert.match(oneLine(withSample.stderr), /^rsqlflow: error: --name cannot be used with --sample/)
  await assert.rejects(stat(join(root, 'sampled')))
})

test('validate checks what the runtime reads: the DSN, event patterns, schedule expressions and time zones', async () => {
  const dir = await project('runtime', {
    warehouse: { dsn: 'etl', odbcIni: 'odbc.ini' },
    triggers: [{ name: 'on-upload', workflow: 'hello', eventPattern: { source: 'aws.s3' } }],
    schedules: [
      { name: 'nightly', workflow: 'hello', scheduleExpression: 'cron(0 2 * *)' },
      { name: 'hourly', workflow: 'hello', scheduleExpression: 'rate(1 hour)', scheduleExpressionTimezone: 'Europe/Nowhere' },
    ],
  })
  await writeFile(join(dir, 'odbc.ini'), '[other]\nHost=local\n')
  const r = await rsqlflow(dir, 'validate')
  assert.equal(r.code, 1, r.stderr)
  assert.deepEqual(r.stdout.trim().split('\n'), [
    `rsqlflow.json:4:12: warehouse.dsn: data source name "etl" not found in ${join(dir, 'odbc.ini')}`,
    'rsqlflow.json:11:23: triggers[0].eventPattern: a pattern value must be an array or an object at /source',
    'rsqlflow.json:20:29: schedules[0].scheduleExpression: invalid schedule expression "cron(0 2 * *)": cron needs six fields: minutes hours day-of-month month day-of-week year',
    'rsqlflow.json:26:37: schedules[1].scheduleExpressionTimezone: unknown time zone "Europe/Nowhere"',
    '4 problems',
  ])
  // any other command names the DSN problem the same way and exits 2 (it was exit 3, without the field)
  const list = await rsqlflow(dir, 'executions', 'list')
  assert.equal(list.code, 2)
  assert.equal(oneLine(list.stderr), `rsqlflow: rsqlflow.json:4:12: warehouse.dsn: data source name "etl" not found in ${join(dir, 'odbc.ini')}`)
})

test('server: the triggers\' and schedules\' problems are all said before it starts, each located in rsqlflow.json', async () => {
  const dir = await project('armed', {
    triggers: [{ name: 'on-upload', workflow: 'hello', eventPattern: { source: 'aws.s3' } }],
    schedules: [{ name: 'nightly', workflow: 'hello', scheduleExpression: 'cron(0 2 * *)' }],
  })
  const r = await rsqlflow(dir, 'server', '--port', '0')
  assert.equal(r.code, 2)
  // it was the first alone, without its line: rsqlflow: error: rsqlflow.json: triggers[0].eventPattern: … (InvalidEventPatternException)
  assert.equal(oneLine(r.stderr), [
    'rsqlflow: rsqlflow.json:7:23: triggers[0].eventPattern: a pattern value must be an array or an object at /source',
    'rsqlflow: rsqlflow.json:16:29: schedules[0].scheduleExpression: invalid schedule expression "cron(0 2 * *)": cron needs six fields: minutes hours day-of-month month day-of-week year',
  ].join('\n'))
})

test("validate, like every command, reads warehouse.target's port as libpq does", async () => {
  const dir = await project('url-port', { warehouse: { target: 'postgres://etl@db.example:99999/dev' } })
  const r = await rsqlflow(dir, 'validate')
  assert.equal(r.code, 1, r.stderr)
  assert.deepEqual(r.stdout.trim().split('\n'), ['rsqlflow.json:4:15: warehouse.target: invalid port number: "99999"', '1 problem'])
  const list = await rsqlflow(dir, 'executions', 'list')
  assert.equal(list.code, 2)
  assert.equal(oneLine(list.stderr), 'rsqlflow: rsqlflow.json:4:15: warehouse.target: invalid port number: "99999"') // was Invalid URL
})

test('validate reports every problem in one go: rsqlflow.json\'s schema problems do not hold back the DSN, trigger, schedule and workflow checks', async () => {
  const dir = await project('waves', {
    warehouse: { dsn: 'etl', odbcIni: 'odbc.ini' },
    jobQueues: [{ name: 'etl-queue', priority: 'high' }],
    triggers: [{ name: 'on-upload', workflow: 'hello', eventPattern: { source: 'aws.s3' } }, { name: 'broken', workflow: 'hello' }],
    schedules: [
      { name: 'nightly', workflow: 'hello', scheduleExpression: 'cron(0 2 * *)' },
      { name: 'hourly', workflow: 'hello', scheduleExpression: 'rate(1 hour)', scheduleExpressionTimezone: 'Europe/Nowhere', cron: 'x' },
      { name: 'later', workflow: 'nope', scheduleExpression: 42 },
    ],
  })
  await writeFile(join(dir, 'odbc.ini'), '[other]\nHost=local\n')
  const wf = JSON.parse(await readFile(join(dir, 'workflows', 'hello.asl.json'), 'utf8'))
  wf.States.hello.Parameters.JobDefinition = 'rsql-jobb'
  await writeFile(join(dir, 'workflows', 'hello.asl.json'), JSON.stringify(wf, null, 2))
  const r = await rsqlflow(dir, 'validate')
  assert.equal(r.code, 1, r.stderr)
  assert.deepEqual(r.stdout.trim().split('\n'), [
    'rsqlflow.json:10:19: jobQueues[0].priority: must be an integer',
    'rsqlflow.json:21:5: triggers[1].eventPattern: is required', // the trigger that lacks it
    'rsqlflow.json:37:15: schedules[1].cron: unknown field',
    'rsqlflow.json:42:29: schedules[2].scheduleExpression: must be a string',
    'rsqlflow.json:41:19: schedules[2].workflow: no workflow "nope" (workflows/nope.asl.json does not exist)',
    `rsqlflow.json:4:12: warehouse.dsn: data source name "etl" not found in ${join(dir, 'odbc.ini')}`,
    'rsqlflow.json:17:23: triggers[0].eventPattern: a pattern value must be an array or an object at /source',
    'rsqlflow.json:30:29: schedules[0].scheduleExpression: invalid schedule expression "cron(0 2 * *)": cron needs six fields: minutes hours day-of-month month day-of-week year',
    'rsqlflow.json:36:37: schedules[1].scheduleExpressionTimezone: unknown time zone "Europe/Nowhere"',
    'workflows/hello.asl.json:11:26: /States/hello/Parameters/JobDefinition: unknown job definition "rsql-jobb" (rsqlflow.json has "rsql-job")',
    '10 problems',
  ])
})

test('run: a workflow with a JSON syntax error is located by line and column, as validate does', async () => {
  const dir = await project('syntax')
  await writeFile(join(dir, 'workflows', 'broken.asl.json'), '{\n  "StartAt": "a",\n  "States": {\n    "a": { "Type": "Pass", "End": true },\n  }\n}\n')
  const r = await rsqlflow(dir, 'run', 'broken')
  assert.equal(r.code, 2)
  assert.equal(oneLine(r.stderr), 'rsqlflow: workflows/broken.asl.json:5:3: invalid JSON: trailing comma before "}"')
})

test('validate FILE: a JSON syntax error is FILE:line:col: message, as run and the project\'s validate locate it', async () => {
  const file = join(root, 'trailing.asl.json')
  await writeFile(file, '{\n  "StartAt": "a",\n  "States": {\n    "a": { "Type": "Pass", "End": true },\n  }\n}\n')
  const [text, json] = await Promise.all([rsqlflow(root, 'validate', file), rsqlflow(root, 'validate', file, '--json')])
  assert.equal(text.code, 1, text.stderr)
  assert.equal(text.stdout, `${file}:5:3: invalid JSON: trailing comma before "}"\n`)
  assert.equal(json.code, 1, json.stderr)
  assert.deepEqual(JSON.parse(json.stdout), [{ file: `${file}:5:3`, pointer: '', message: 'invalid JSON: trailing comma before "}"' }])
  // a definition that parses is still checked as before
  await writeFile(file, '{ "StartAt": "a", "States": {} }\n')
  const invalid = await rsqlflow(root, 'validate', file)
  assert.equal(invalid.code, 1)
  assert.match(invalid.stdout, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:29: /States: `))
})

test('a state machine problem is located at its line and column by validate, validate FILE and run, as a syntax error is', async () => {
  const dir = await project('located')
  await writeFile(join(dir, 'workflows', 'typo.asl.json'), [
    '{',
    '  "StartAt": "first",',
    '  "States": {',
    '    "first": {',
    '      "Type": "Pass",',
    '      "Next": "secnd"',
    '    },',
    '    "second": { "Type": "Succeed" }',
    '  }',
    '}',
  ].join('\n'))
  const [all, file, json, run] = await Promise.all([
    rsqlflow(dir, 'validate'),
    rsqlflow(dir, 'validate', 'workflows/typo.asl.json'),
    rsqlflow(dir, 'validate', 'workflows/typo.asl.json', '--json'),
    rsqlflow(dir, 'run', 'typo'),
  ])
  const problems = [
    'workflows/typo.asl.json:6:15: /States/first/Next: the state "secnd" does not exist',
    'workflows/typo.asl.json:8:15: /States/second: the state "second" is unreachable from StartAt',
  ]
  assert.equal(all.code, 1, all.stderr)
  assert.deepEqual(all.stdout.trim().split('\n'), [...problems, '2 problems'])
  assert.equal(file.code, 1, file.stderr)
  assert.deepEqual(file.stdout.trim().split('\n'), problems)
  assert.deepEqual((JSON.parse(json.stdout) as { file: string }[]).map(p => p.file), ['workflows/typo.asl.json:6:15', 'workflows/typo.asl.json:8:15'])
  assert.equal(run.code, 2)
  assert.equal(oneLine(run.stderr), problems.map(p => `rsqlflow: ${p}`).join('\n'))
})

test('listings refuse an unknown --status, a --max that is not 1 to 1000 and an unknown --workflow (exit 2)', async () => {
  const dir = await project('listings')
  const [status, max, jobsMax, workflow] = await Promise.all([
    rsqlflow(dir, 'executions', 'list', '--status', 'DONE'),
    rsqlflow(dir, 'executions', 'list', '--max', '-1'),
    rsqlflow(dir, 'jobs', 'list', '--max', 'ten'),
    rsqlflow(dir, 'executions', 'list', '--workflow', 'nope'),
  ])
  assert.deepEqual([status.code, max.code, jobsMax.code, workflow.code], [2, 2, 2, 2])
  assert.equal(oneLine(status.stderr), 'rsqlflow: error: --status: unknown execution status "DONE" (one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED)')
  assert.equal(oneLine(max.stderr), 'rsqlflow: error: --max must be a whole number from 1 to 1000, not "-1"')
  assert.equal(oneLine(jobsMax.stderr), 'rsqlflow: error: --max must be a whole number from 1 to 1000, not "ten"')
  assert.equal(oneLine(workflow.stderr), 'rsqlflow: error: state machine does not exist: nope (StateMachineDoesNotExist)')
})

test('a job, bucket or local file that does not exist is a usage error (exit 2), not an environment failure', async () => {
  const dir = await project('missing')
  const [logs, describe, ls, cp] = await Promise.all([
    rsqlflow(dir, 'logs', 'no-such-job'),
    rsqlflow(dir, 'jobs', 'describe', 'no-such-job'),
    rsqlflow(dir, 's3', 'ls', 's3://no-such-bucket'),
    rsqlflow(dir, 's3', 'cp', 'no-such-file.csv', 's3://missing-data/x.csv'),
  ])
  assert.deepEqual([logs.code, describe.code, ls.code, cp.code], [2, 2, 2, 2])
  assert.equal(oneLine(logs.stderr), 'rsqlflow: error: job does not exist: no-such-job (ClientException)')
  assert.equal(oneLine(describe.stderr), 'rsqlflow: error: job does not exist: no-such-job (ClientException)')
  assert.equal(oneLine(ls.stderr), 'rsqlflow: error: bucket "no-such-bucket" does not exist (NoSuchBucket)')
  // it crashed with an unhandled stream error and a stack trace
  assert.equal(oneLine(cp.stderr), 'rsqlflow: error: the user-provided path no-such-file.csv does not exist (InvalidArgument)')
})

test('executions redrive shows one line per state transition, as run --wait does', async () => {
  const dir = await project('redrive')
  await writeFile(join(dir, 'workflows', 'flaky.asl.json'), JSON.stringify({
    StartAt: 'prepare',
    States: {
      prepare: { Type: 'Pass', Next: 'check' },
      check: { Type: 'Choice', Choices: [{ Variable: '$.ok', IsPresent: true, Next: 'done' }], Default: 'broken' },
      broken: { Type: 'Fail', Error: 'NotReady', Cause: 'input has no ok' },
      done: { Type: 'Succeed' },
    },
  }))
  const run = await rsqlflow(dir, 'run', 'flaky', '--name', 'first', '--wait')
  assert.equal(run.code, 1, run.stderr)
  const redrive = await rsqlflow(dir, 'executions', 'redrive', 'first')
  assert.equal(redrive.code, 1, redrive.stderr)
  const steps = redrive.stdout.split('\n').filter(l => /^\s+\d+\.\ds  /.test(l)).map(l => l.replace(/^\s+\d+\.\ds  /, ''))
  assert.deepEqual(steps.map(s => s.replace(/ \d+(\.\d+)? m?s/, ' T')), ['broken: started', 'broken: failed after T (NotReady)'])
  assert.match(redrive.stdout, /\nFAILED in .*\nerror: NotReady\ncause: input has no ok\n$/)
})

test('reportError: an invalid trigger pattern and a missing job are the user\'s mistakes (2); anything else is the environment (3)', () => {
  const lines: string[] = []
  const term: Terminal = { out: () => {}, err: t => { lines.push(t) }, tty: false, columns: 80 }
  const named = (code: string, message: string) => Object.assign(new Error(message), { code })
  assert.equal(reportError(term, named('InvalidEventPatternException', 'rsqlflow.json: triggers[0].eventPattern: bad')), 2)
  assert.equal(reportError(term, named('ClientException', 'job does not exist: x')), 2)
  assert.equal(reportError(term, named('NoSuchKey', 'object "s3://b/k" does not exist')), 2)
  assert.equal(reportError(term, named('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')), 3)
  assert.equal(reportError(term, new Error('boom')), 3)
  assert.equal(lines[0], 'rsqlflow: error: rsqlflow.json: triggers[0].eventPattern: bad (InvalidEventPatternException)\n')
})


test('validate: a FILE that is not there, or no project at all, is a usage error (exit 2)', async () => {
  const empty = join(root, 'empty')
  await mkdir(empty)
  const [file, folder, none] = await Promise.all([
    rsqlflow(root, 'validate', 'nope.asl.json'),
    rsqlflow(root, 'validate', empty),
    rsqlflow(empty, 'validate'),
  ])
  assert.deepEqual([file.code, folder.code, none.code], [2, 2, 2])
  assert.equal(oneLine(file.stderr), 'rsqlflow: error: nope.asl.json: no such file')
  assert.equal(oneLine(folder.stderr), `rsqlflow: error: ${empty}: not a file`)
  if (!(await stat(join(tmpdir(), 'rsqlflow.json')).catch(() => undefined))) {
    assert.equal(oneLine(none.stderr), 'rsqlflow: rsqlflow.json: not found in the current folder or any parent folder (create a project with "rsqlflow init")')
  }
})

test('publish --scripts-only --data-only is a usage error, not scripts only', async () => {
  const dir = await project('both')
  const r = await rsqlflow(dir, 'publish', '--scripts-only', '--data-only')
  assert.equal(r.code, 2)
  assert.equal(oneLine(r.stderr), [
    "rsqlflow: error: option '--scripts-only' cannot be used with option '--data-only'",
    'rsqlflow: hint: Try "rsqlflow publish --help" for more information.',
  ].join('\n'))
})

test('a usage error is one line and where to read the usage, exit 2; not the whole help', async () => {
  const [option, argument, value, nested, command] = await Promise.all([
    rsqlflow(root, 'run', 'hello', '--foo'),
    rsqlflow(root, 'run'),
    rsqlflow(root, 'run', 'hello', '--input'),
    rsqlflow(root, 'executions', 'describe'),
    rsqlflow(root, 'exections'),
  ])
  assert.deepEqual([option.code, argument.code, value.code, nested.code, command.code], [2, 2, 2, 2, 2])
  const runHint = 'rsqlflow: hint: Try "rsqlflow run --help" for more information.'
  assert.equal(oneLine(option.stderr), `rsqlflow: error: unknown option '--foo'\n${runHint}`)
  assert.equal(oneLine(argument.stderr), `rsqlflow: error: missing required argument 'workflow'\n${runHint}`)
  assert.equal(oneLine(value.stderr), `rsqlflow: error: option '--input <json>' argument missing\n${runHint}`)
  assert.equal(oneLine(nested.stderr),
    `rsqlflow: error: missing required argument 'execution'\nrsqlflow: hint: Try "rsqlflow executions describe --help" for more information.`)
  assert.equal(oneLine(command.stderr),
    `rsqlflow: error: unknown command 'exections'\n(Did you mean executions?)\nrsqlflow: hint: Try "rsqlflow --help" for more information.`)
  for (const r of [option, argument, value, nested, command]) assert.equal(r.stdout, '')
  // a command's own usage error is said the same way (it was "rsqlflow states exec: only --jsonl is supported")
  const jsonl = await rsqlflow(root, 'states', 'exec')
  assert.equal(jsonl.code, 2)
  assert.equal(oneLine(jsonl.stderr), 'rsqlflow: error: only --jsonl is supported\nrsqlflow: hint: Try "rsqlflow states exec --help" for more information.')
})

test('warehouse stop stops the local warehouse the commands started and left running; a project on another target is refused', async () => {
  const dir = await project('wh')
  const server = await ensureLocalServer(join(dir, '.rsqlflow', 'warehouse'))
  const alive = (pid: number) => { try { process.kill(pid, 0); return true } catch { return false } }
  assert.ok(alive(server.pid))
  const stop = await rsqlflow(dir, 'warehouse', 'stop')
  assert.equal(stop.code, 0, stop.stderr)
  assert.equal(stop.stdout, 'stopped the local warehouse\n')
  assert.equal(alive(server.pid), false)
  const again = await rsqlflow(dir, 'warehouse', 'stop')
  assert.equal(again.stdout, 'the local warehouse is not running\n')
  const remote = await project('remote', { warehouse: { target: 'postgres://etl@db.example:5432/dev' } })
  const refused = await rsqlflow(remote, 'warehouse', 'stop')
  assert.equal(refused.code, 2)
  assert.equal(oneLine(refused.stderr), "rsqlflow: error: rsqlflow.json: warehouse: the project's warehouse is not the local one (postgres); rsqlflow does not manage it")
})

test('an orphaned execution (its run killed) is stopped by executions stop', async () => {
  const dir = await project('orphan')
  await writeFile(join(dir, 'workflows', 'waiter.asl.json'), JSON.stringify({ StartAt: 'wait', States: { wait: { Type: 'Wait', Seconds: 600, End: true } } }))
  const run = spawn(process.execPath, [BIN, 'run', 'waiter', '--name', 'w1'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  await new Promise<void>((resolve, reject) => {
    run.stdout.on('data', (d: Buffer) => { out += d; if (out.includes('started ')) resolve() })
    run.on('exit', code => reject(new Error(`run exited ${code}: ${out}`)))
  })
  run.kill('SIGKILL') // the execution stays RUNNING in the store, with no process behind it
  await new Promise(r => run.once('exit', r))
  const stop = await rsqlflow(dir, 'executions', 'stop', 'w1', '--error', 'Manual', '--cause', 'orphaned')
  assert.equal(stop.code, 0, stop.stderr)
  const d = await rsqlflow(dir, 'executions', 'describe', 'w1', '--json')
  assert.deepEqual((({ status, error, cause }) => ({ status, error, cause }))(JSON.parse(d.stdout)), { status: 'ABORTED', error: 'Manual', cause: 'orphaned' })
})

test('an unreachable S3 endpoint is one line on stderr (exit 3), without the AWS SDK\'s Node.js version warning', async () => {
  const dir = await project('s3down', { objectStore: { type: 's3', endpoint: 'http://127.0.0.1:1', region: 'us-east-1', forcePathStyle: true } })
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' }
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED
  const r = await new Promise<{ code: number; stderr: string }>(resolve => {
    execFile(process.execPath, [BIN, 's3', 'ls'], { cwd: dir, env },
      (err, _stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stderr }))
  })
  assert.equal(r.code, 3)
  assert.equal(r.stderr, 'rsqlflow: error: could not reach the object store at S3 at http://127.0.0.1:1: connection refused (NetworkingError)\n')
})

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stopLocalServer } from '../../src/warehouse/index.ts'

const BIN = fileURLToPath(new URL('../../bin/rsqlflow.js', import.meta.url))
let root: string

function rsqlflow(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, RSQLFLOW_DEBUG: '' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
    })
  })
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'rsqlflow-cli-'))
  await chmod(root, 0o755)
})

after(async () => {
  await stopLocalServer(join(root, 'proj', '.rsqlflow', 'warehouse'))
  await rm(root, { recursive: true, force: true })
})

test('init scaffolds a project and refuses to overwrite one', async () => {
  const r = await rsqlflow(root, 'init', 'proj', '--json')
  assert.equal(r.code, 0, r.stderr)
  const out = JSON.parse(r.stdout) as { name: string; files: string[] }
  assert.equal(out.name, 'proj')
  assert.deepEqual(out.files.sort(), ['.gitignore', 'data/README.md', 'rsqlflow.json', 'scripts/hello.sql', 'workflows/hello.asl.json'])
  assert.equal(await readFile(join(root, 'proj', '.gitignore'), 'utf8'), '.rsqlflow/\n')
  const again = await rsqlflow(root, 'init', 'proj')
  assert.equal(again.code, 2)
  assert.match(again.stderr, /^rsqlflow: rsqlflow\.json: already exists in .*; nothing was changed\n$/)
})

test('validate checks the whole project; problems exit 1, each on its own line', async () => {
  const dir = join(root, 'proj')
  const ok = await rsqlflow(dir, 'validate')
  assert.equal(ok.code, 0, ok.stdout + ok.stderr)
  assert.equal(ok.stdout, 'rsqlflow.json, 1 workflow and 1 script: valid\n')
  const broken = join(root, 'broken')
  assert.equal((await rsqlflow(root, 'init', 'broken')).code, 0)
  await writeFile(join(broken, 'scripts', 'bad.sql'), 'select 1;\n\\if :ERROR <> 0\n')
  const wf = JSON.parse(await readFile(join(broken, 'workflows', 'hello.asl.json'), 'utf8'))
  wf.States.hello.Parameters.JobDefinition = 'rsql-jobb'
  await writeFile(join(broken, 'workflows', 'hello.asl.json'), JSON.stringify(wf, null, 2))
  const r = await rsqlflow(broken, 'validate')
  assert.equal(r.code, 1)
  assert.deepEqual(r.stdout.trim().split('\n'), [
    'workflows/hello.asl.json:11:26: /States/hello/Parameters/JobDefinition: unknown job definition "rsql-jobb" (rsqlflow.json has "rsql-job")',
    'scripts/bad.sql:2: reached end of script without \\endif',
    '2 problems',
  ])
})

test('a config error names the field and exits 2 for any command', async () => {
  const dir = join(root, 'badconfig')
  assert.equal((await rsqlflow(root, 'init', 'badconfig')).code, 0)
  await writeFile(join(dir, 'rsqlflow.json'), JSON.stringify({ name: 'badconfig', jobDefinitions: [{ name: 'rsql-job', retryStrategy: { attempts: 0 } }] }))
  const r = await rsqlflow(dir, 'publish')
  assert.equal(r.code, 2)
  assert.equal(r.stderr, 'rsqlflow: rsqlflow.json:1:86: jobDefinitions[0].retryStrategy.attempts: must be 1 to 10\n')
  const none = await rsqlflow(tmpdir(), 'executions', 'list')
  if (none.code === 2) assert.match(none.stderr, /rsqlflow\.json: not found in the current folder or any parent folder/)
  const usage = await rsqlflow(dir, 'publish', '--nope')
  assert.equal(usage.code, 2)
  assert.match(usage.stderr, /unknown option '--nope'/)
})

test('run: bad input and unknown workflows are usage errors', async () => {
  const dir = join(root, 'proj')
  const badInput = await rsqlflow(dir, 'run', 'hello', '--input', '{nope')
  assert.equal(badInput.code, 2)
  // where it went wrong, as a config's syntax error says it (was V8's "… in JSON at position 1")
  assert.equal(badInput.stderr,
    'rsqlflow: error: --input: the execution input is not valid JSON at column 2: expected a property name in double quotes, found character "n" (InvalidExecutionInput)\n')
  await writeFile(join(dir, 'input.json'), '{\n  "scaleFactor": 1,\n}\n')
  const badFile = await rsqlflow(dir, 'run', 'hello', '--input', '@input.json')
  assert.equal(badFile.code, 2)
  assert.equal(badFile.stderr, 'rsqlflow: error: input.json:3:1: the execution input is not valid JSON: trailing comma before "}" (InvalidExecutionInput)\n')
  const unknown = await rsqlflow(dir, 'run', 'helo')
  assert.equal(unknown.code, 2)
  assert.match(unknown.stderr, /^rsqlflow: workflows\/helo\.asl\.json: no such workflow \(the project has "hello"\)\n$/)
})

test('publish, run --wait and the executions commands, end to end on the local warehouse', async () => {
  const dir = join(root, 'proj')
  const published = await rsqlflow(dir, 'publish')
  assert.equal(published.code, 0, published.stderr)
  assert.match(published.stdout, /^upload: {4}s3:\/\/proj-scripts\/hello\.sql \(\d+ B\)$/m)
  const again = await rsqlflow(dir, 'publish', '--json')
  assert.deepEqual((JSON.parse(again.stdout) as { uploaded: boolean }[]).map(o => o.uploaded), [false])

  const run = await rsqlflow(dir, 'run', 'hello', '--wait', '--name', 'first')
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.match(run.stdout, /^started arn:aws:states:us-east-1:000000000000:execution:hello:first$/m)
  assert.match(run.stdout, /^ +[\d.]+s {2}hello: started$/m, 'plain lines when stdout is not a terminal')
  assert.match(run.stdout, /^ +[\d.]+s {2}hello: succeeded in /m)
  assert.match(run.stdout, /^SUCCEEDED in /m)

  const list = JSON.parse((await rsqlflow(dir, 'executions', 'list', '--json')).stdout) as { executions: { name: string; status: string }[] }
  assert.deepEqual(list.executions.map(e => [e.name, e.status]), [['first', 'SUCCEEDED']])
  const history = JSON.parse((await rsqlflow(dir, 'executions', 'history', 'first', '--json')).stdout) as { events: { type: string }[] }
  assert.deepEqual(history.events.map(e => e.type), [
    'ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded',
  ].filter(t => history.events.some(e => e.type === t)))
  assert.equal(history.events[0].type, 'ExecutionStarted')
  assert.equal(history.events.at(-1)!.type, 'ExecutionSucceeded')
  const described = JSON.parse((await rsqlflow(dir, 'executions', 'describe', 'first', '--json')).stdout) as { status: string; redriveStatus: string }
  assert.equal(described.status, 'SUCCEEDED')
  assert.equal(described.redriveStatus, 'NOT_REDRIVABLE')
  const missing = await rsqlflow(dir, 'executions', 'describe', 'nope')
  assert.equal(missing.code, 2)
  assert.equal(missing.stderr, 'rsqlflow: error: execution does not exist: nope (ExecutionDoesNotExist)\n')
})

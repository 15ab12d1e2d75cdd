// `executions stop` from another process: a live `rsqlflow run` stops its own execution (one writer of the
// history), an execution whose `run` died is closed by the stopping process.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ExecutionTables, openStore } from '../../src/store/index.ts'

const BIN = fileURLToPath(new URL('../../bin/rsqlflow.js', import.meta.url))
let root: string
let dir: string
const children = new Set<ChildProcessWithoutNullStreams>()

function rsqlflow(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, RSQLFLOW_DEBUG: '' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
    })
  })
}

/** `rsqlflow run waiter --name NAME` (or other ARGS) in a child process, once it printed `started` (or `redriven`). */
async function startRun(name: string, args = ['run', 'waiter', '--name', name], ready = 'started ') {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, RSQLFLOW_DEBUG: '' } })
  children.add(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d })
  child.stderr.on('data', (d: Buffer) => { stderr += d })
  const exited = new Promise<number | string | null>(resolve => child.once('exit', (code, signal) => { children.delete(child); resolve(code ?? signal) }))
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => { if (stdout.includes(ready)) resolve() })
    void exited.then(code => reject(new Error(`run exited ${code}: ${stdout}${stderr}`)))
  })
  return { child, exited, out: () => ({ stdout, stderr }) }
}

/** The process's exit, or 'hung' when it goes on after 30 s (its execution was stopped behind its back). */
const within = <T>(exited: Promise<T>) => Promise.race([exited, new Promise<'hung'>(resolve => setTimeout(() => resolve('hung'), 30_000).unref())])

/** The execution's row and history events, read from the store as the CLI reads them. */
function stored(name: string): { status: string; error: string | null; cause: string | null; events: Array<{ id: number; type: string }> } {
  const store = openStore(join(dir, '.rsqlflow', 'store.db'))
  try {
    const t = new ExecutionTables(store.db)
    const row = t.listExecutions({ limit: 1000 }).find(r => r.name === name)!
    return { status: row.status, error: row.error, cause: row.cause, events: t.events(row.arn).map(r => r.event) }
  } finally {
    store.close()
  }
}

/** One writer's history: ids 1..n in order, and exactly one terminal event, the last. */
function assertConsistent(events: Array<{ id: number; type: string }>, terminal: string): void {
  assert.deepEqual(events.map(e => e.id), events.map((_, i) => i + 1))
  const ends = events.filter(e => /^Execution(Succeeded|Failed|Aborted|TimedOut)$/.test(e.type))
  assert.deepEqual(ends.map(e => e.type), [terminal])
  assert.equal(events.at(-1)!.type, terminal)
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'rsqlflow-stop-'))
  await chmod(root, 0o755)
  dir = join(root, 'proj')
  const init = await new Promise<number>(resolve => execFile(process.execPath, [BIN, 'init', dir], err => resolve(err ? 1 : 0)))
  assert.equal(init, 0)
  await writeFile(join(dir, 'workflows', 'waiter.asl.json'), JSON.stringify({ StartAt: 'wait', States: { wait: { Type: 'Wait', Seconds: 600, End: true } } }))
})

after(async () => {
  for (const c of children) c.kill('SIGKILL')
  await rm(root, { recursive: true, force: true })
})

test('executions stop on an execution a live run drives: that run stops it and exits 1; the history has one writer', async () => {
  const run = await startRun('live')
  const stop = await rsqlflow('executions', 'stop', 'live', '--error', 'Manual', '--cause', 'from another terminal')
  assert.equal(stop.code, 0, stop.stderr)
  assert.match(stop.stdout, new RegExp(`^stopped arn:aws:states:[^ ]+:execution:waiter:live at \\S+ \\(by the process that ran it, pid ${run.child.pid}\\)\\n$`))
  const code = await within(run.exited)
  assert.equal(code, 1, 'run exits 1: its execution was ABORTED')
  const { stdout, stderr } = run.out()
  assert.match(stdout, /^started \S+:live\nABORTED\n$/)
  assert.equal(stderr, '', 'no failed writes')
  const live = stored('live')
  assert.deepEqual([live.status, live.error, live.cause], ['ABORTED', 'Manual', 'from another terminal'])
  assertConsistent(live.events, 'ExecutionAborted')
})

test('Ctrl-C (SIGINT) in run still stops the execution there: ABORTED, exit 130', async () => {
  const run = await startRun('interrupted')
  run.child.kill('SIGINT')
  assert.equal(await run.exited, 130, JSON.stringify(run.out()))
  assert.match(run.out().stdout, /^started \S+:interrupted\nABORTED\n$/)
  const s = stored('interrupted')
  assert.deepEqual([s.status, s.error, s.cause], ['ABORTED', 'States.Aborted', 'interrupted (Ctrl-C)'])
  assertConsistent(s.events, 'ExecutionAborted')
})

test('executions stop on an execution a live executions redrive drives: the redrive stops it (exit 1)', async () => {
  const redrive = await startRun('interrupted', ['executions', 'redrive', 'interrupted'], 'redriven ')
  const stop = await rsqlflow('executions', 'stop', 'interrupted', '--cause', 'redrive stopped')
  assert.equal(stop.code, 0, stop.stderr)
  assert.match(stop.stdout, new RegExp(`\\(by the process that ran it, pid ${redrive.child.pid}\\)\\n$`))
  assert.equal(await within(redrive.exited), 1, JSON.stringify(redrive.out()))
  assert.equal(redrive.out().stderr, '')
  const s = stored('interrupted')
  assert.deepEqual([s.status, s.cause], ['ABORTED', 'redrive stopped'])
  assert.deepEqual(s.events.map(e => e.id), s.events.map((_, i) => i + 1))
  assert.deepEqual(s.events.filter(e => /^Execution(Aborted|Redriven)$/.test(e.type)).map(e => e.type), ['ExecutionAborted', 'ExecutionRedriven', 'ExecutionAborted'])
  assert.equal(s.events.at(-1)!.type, 'ExecutionAborted')
})

test('an execution whose run died (kill -9), or whose owner pid now belongs to a later process, is stopped by executions stop itself', async () => {
  const runs = await Promise.all([startRun('orphan'), startRun('reused')])
  for (const run of runs) run.child.kill('SIGKILL')
  await Promise.all(runs.map(r => r.exited))
  // as if the dead run's pid had been given to a later process: a live pid (this test's), another start time
  const store = openStore(join(dir, '.rsqlflow', 'store.db'))
  const changed = store.db.prepare("UPDATE executions SET owner = ? WHERE name = 'reused'").run(`${process.pid}@0`).changes
  store.close()
  assert.equal(changed, 1)
  const [orphan, reused] = await Promise.all([
    rsqlflow('executions', 'stop', 'orphan', '--error', 'Manual', '--cause', 'orphaned'),
    rsqlflow('executions', 'stop', 'reused'),
  ])
  assert.equal(orphan.code, 0, orphan.stderr)
  assert.match(orphan.stdout, /^stopped \S+:orphan at \S+\n$/)
  assert.equal(reused.code, 0, reused.stderr)
  assert.match(reused.stdout, /^stopped \S+:reused at \S+\n$/)
  const o = stored('orphan')
  assert.deepEqual([o.status, o.error, o.cause], ['ABORTED', 'Manual', 'orphaned'])
  assertConsistent(o.events, 'ExecutionAborted')
  const r = stored('reused')
  assert.equal(r.status, 'ABORTED')
  assertConsistent(r.events, 'ExecutionAborted')
})

test('executions stop while a server runs the project: the server stops the execution it runs', async () => {
  const server = spawn(process.execPath, [BIN, 'server', '--port', '0'], { cwd: dir, env: { ...process.env, RSQLFLOW_DEBUG: '' } })
  children.add(server)
  const exited = new Promise<number | null>(resolve => server.once('exit', code => { children.delete(server); resolve(code) }))
  let out = ''
  server.stdout.on('data', (d: Buffer) => { out += d })
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout.on('data', () => { const m = /project \S+ at (http:\S+)/.exec(out); if (m) resolve(m[1]!) })
    void exited.then(code => reject(new Error(`server exited ${code}: ${out}`)))
  })
  const started = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.StartExecution' },
    body: JSON.stringify({ stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:waiter', name: 'served' }),
  })
  assert.equal(started.status, 200, await started.clone().text())
  const stop = await rsqlflow('executions', 'stop', 'served', '--cause', 'from the command line')
  assert.equal(stop.code, 0, stop.stderr)
  assert.match(stop.stdout, new RegExp(`^stopped \\S+:served at \\S+ \\(by the process that ran it, pid ${server.pid}\\)\\n$`))
  const s = stored('served')
  assert.deepEqual([s.status, s.cause], ['ABORTED', 'from the command line'])
  assertConsistent(s.events, 'ExecutionAborted')
  server.kill('SIGTERM')
  assert.equal(await exited, 0)
})

// SIGTERM and SIGHUP (the terminal closed) stop a live `run` or `executions redrive` as Ctrl-C does: the execution
// ends ABORTED, not left RUNNING, and the process exits as shells report the signal (143, 129).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ExecutionTables, openStore } from '../../src/store/index.ts'

const BIN = fileURLToPath(new URL('../../bin/rsqlflow.js', import.meta.url))
let root: string
let dir: string
const children = new Set<ChildProcessWithoutNullStreams>()

/** `rsqlflow ARGS` in a child process, once it printed `ready`. */
async function start(args: string[], ready: string) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, RSQLFLOW_DEBUG: '' } })
  children.add(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d })
  child.stderr.on('data', (d: Buffer) => { stderr += d })
  const exited = new Promise<number | string | null>(resolve => child.once('exit', (code, signal) => { children.delete(child); resolve(code ?? signal) }))
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => { if (stdout.includes(ready)) resolve() })
    void exited.then(code => reject(new Error(`exited ${code}: ${stdout}${stderr}`)))
  })
  return { child, exited: Promise.race([exited, new Promise<'hung'>(resolve => setTimeout(() => resolve('hung'), 30_000).unref())]), out: () => stdout + stderr }
}

function stored(name: string): { status: string; error: string | null; cause: string | null; last: string } {
  const store = openStore(join(dir, '.rsqlflow', 'store.db'))
  try {
    const t = new ExecutionTables(store.db)
    const row = t.listExecutions({ limit: 1000 }).find(r => r.name === name)!
    return { status: row.status, error: row.error, cause: row.cause, last: t.events(row.arn).at(-1)!.event.type }
  } finally {
    store.close()
  }
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'rsqlflow-signals-'))
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

test('kill -TERM on run --wait: the execution ends ABORTED (interrupted (SIGTERM)) and run exits 143', async () => {
  const run = await start(['run', 'waiter', '--name', 'termed', '--wait'], 'started ')
  run.child.kill('SIGTERM')
  assert.equal(await run.exited, 143, run.out())
  assert.deepEqual(stored('termed'), { status: 'ABORTED', error: 'States.Aborted', cause: 'interrupted (SIGTERM)', last: 'ExecutionAborted' })
  assert.match(run.out(), /ABORTED in /)
  assert.ok(!existsSync(join(dir, '.rsqlflow', 'warehouse', 'postmaster.pid')), 'no warehouse left running')
})

test('SIGHUP (the terminal closed) on run without --wait: ABORTED and exit 129', async () => {
  const run = await start(['run', 'waiter', '--name', 'hung-up'], 'started ')
  run.child.kill('SIGHUP')
  assert.equal(await run.exited, 129, run.out())
  assert.deepEqual(stored('hung-up'), { status: 'ABORTED', error: 'States.Aborted', cause: 'interrupted (SIGHUP: the terminal closed)', last: 'ExecutionAborted' })
})

test('kill -TERM on executions redrive: the redriven execution ends ABORTED again and redrive exits 143', async () => {
  const redrive = await start(['executions', 'redrive', 'termed'], 'redriven ')
  assert.equal(stored('termed').status, 'RUNNING')
  redrive.child.kill('SIGTERM')
  assert.equal(await redrive.exited, 143, redrive.out())
  assert.deepEqual(stored('termed'), { status: 'ABORTED', error: 'States.Aborted', cause: 'interrupted (SIGTERM)', last: 'ExecutionAborted' })
})

test('SIGHUP on server (its terminal closed): it stops as on SIGTERM, exit 0, the project lock released', async () => {
  const server = await start(['server', '--port', '0'], 'press Ctrl-C to stop')
  assert.ok(existsSync(join(dir, '.rsqlflow', 'server.pid')), 'the lock is held while it runs')
  server.child.kill('SIGHUP')
  assert.equal(await server.exited, 0, server.out())
  assert.match(server.out(), /rsqlflow server: stopping \(SIGHUP\)/)
  assert.ok(!existsSync(join(dir, '.rsqlflow', 'server.pid')), 'the lock is released')
})

// `rsqlflow server` as a user runs it: refuses a non-loopback bind without a token (exit 2), prints its URL,
// serves, takes RSQLFLOW_TOKEN from the environment, and stops cleanly on SIGTERM.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createServer as createNetServer, type AddressInfo } from 'node:net'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pass, writeProject } from './helpers.ts'

const BIN = fileURLToPath(new URL('../../bin/rsqlflow.js', import.meta.url))
/** How long a server may take to start (or to fail to): far less than the 600 s Wait a failed start once waited for. */
const START_MS = 120_000

function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, 'server', ...args], { env: { ...process.env, RSQLFLOW_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => { stdout += d })
  child.stderr.on('data', d => { stderr += d })
  const exit = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)))
  // the URL, once the whole banner is printed (its last line says how to stop): a start takes ~30 s on a
  // loaded 2-core machine (node, the app, the console)
  const printed = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL after ${START_MS} ms: ${stdout} ${stderr}`)), START_MS)
    timer.unref()
    child.stdout.on('data', () => {
      if (!stdout.includes('press Ctrl-C to stop\n')) return
      clearTimeout(timer)
      resolve(/http:\/\/[^\s/]+:\d+/.exec(stdout)![0])
    })
    child.on('exit', code => reject(new Error(`the server exited (${code}): ${stderr}`)))
  })
  printed.catch(() => {})
  const url = () => printed
  return { child, exit, url, out: () => stdout, err: () => stderr }
}

// a 2-second workflow: a server stopped during it leaves the execution RUNNING
const napThenDone = { StartAt: 'nap', States: { nap: { Type: 'Wait', Seconds: 2, Next: 'done' }, done: { Type: 'Pass', Result: 'rested', End: true } } }

/** Kills what a failed test left running. */
function killRunning(...servers: (ReturnType<typeof start> | undefined)[]): void {
  for (const s of servers) if (s && s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL')
}

async function sfn(url: string, op: string, body: object) {
  const r = await fetch(url, { method: 'POST', headers: { 'x-amz-target': `AWSStepFunctions.${op}` }, body: JSON.stringify(body) })
  return (await r.json()) as Record<string, unknown>
}

/** DescribeExecution until it is no longer RUNNING (at most 60 s). */
async function finished(url: string, executionArn: string) {
  let d: Record<string, unknown> = {}
  const deadline = Date.now() + 60_000
  while ((d.status === undefined || d.status === 'RUNNING') && Date.now() < deadline) {
    d = await sfn(url, 'DescribeExecution', { executionArn })
    await new Promise(r => setTimeout(r, 50))
  }
  return d
}

test('a non-loopback --host without a token is refused with exit 2 and a clear message', async () => {
  const dir = await writeProject({ name: 'cli-open' })
  try {
    const s = start(['--host', '0.0.0.0', '--port', '0', '--dir', dir])
    assert.equal(await s.exit, 2)
    assert.match(s.err(), /refusing to listen on 0\.0\.0\.0 without an access token: set --token or RSQLFLOW_TOKEN/)
    assert.equal(s.out(), '')
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('the server prints its URL, serves the project, enforces RSQLFLOW_TOKEN, owns the project alone, and stops on SIGTERM', async () => {
  const dir = await writeProject({ name: 'cli-serve' }, { hello: pass })
  const s = start(['--port', '0', '--dir', dir], { RSQLFLOW_TOKEN: 'tok-123' })
  try {
    const url = await s.url()
    assert.match(s.out(), /rsqlflow server: project cli-serve at http:\/\/127\.0\.0\.1:\d+/)
    const call = (key?: string) => fetch(url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AWSStepFunctions.ListStateMachines', 'content-type': 'application/x-amz-json-1.0',
        ...(key ? { authorization: `AWS4-HMAC-SHA256 Credential=${key}/20261126/us-east-1/states/aws4_request, SignedHeaders=host, Signature=00` } : {}),
      },
      body: '{}',
    })
    // the console is mounted whether the bin runs the sources or the build (dist/)
    assert.match(s.out(), /console +http:\/\/127\.0\.0\.1:\d+\/\?token=<token>/)
    const page = await fetch(`${url}/`, { headers: { authorization: 'Bearer tok-123' } })
    assert.equal(page.status, 200)
    assert.match(await page.text(), /<title>rsqlflow console<\/title>/)
    assert.equal((await call()).status, 403)
    const ok = await call('tok-123')
    assert.equal(ok.status, 200)
    assert.deepEqual(((await ok.json()) as { stateMachines: { name: string }[] }).stateMachines.map(m => m.name), ['hello'])
    // one server per project: a second one would resume the same executions and fire the same schedules
    const second = start(['--port', '0', '--dir', dir])
    assert.equal(await second.exit, 2)
    assert.match(second.err(), new RegExp(`another rsqlflow server \\(pid ${s.child.pid}\\) is running this project: .*server\\.pid`))
    s.child.kill('SIGTERM')
    assert.equal(await s.exit, 0)
    assert.match(s.err(), /stopping \(SIGTERM\)/)
    assert.ok(!existsSync(join(dir, '.rsqlflow', 'server.pid')), 'the lock is released')
  } finally {
    killRunning(s)
    await rm(dir, { recursive: true, force: true })
  }
})

/** Two servers of one project started at the same moment: one runs and holds the lock, the other exits 2 naming it. */
async function startTogether(dir: string) {
  const both = [start(['--port', '0', '--dir', dir]), start(['--port', '0', '--dir', dir])]
  try {
    const loser = await Promise.race(both.map(s => s.exit.then(() => s)))
    const winner = both.find(s => s !== loser)!
    assert.equal(loser.child.exitCode, 2, loser.err())
    assert.match(loser.err(), new RegExp(`another rsqlflow server \\(pid ${winner.child.pid}\\) is running this project: .*server\\.pid`))
    const url = await winner.url()
    assert.equal(winner.child.exitCode, null, 'the winner keeps running')
    assert.equal((await readFile(join(dir, '.rsqlflow', 'server.pid'), 'utf8')).split('\n')[0], String(winner.child.pid))
    const { stateMachines } = await sfn(url, 'ListStateMachines', {}) as { stateMachines: { name: string }[] }
    assert.deepEqual(stateMachines.map(m => m.name), ['hello'])
    winner.child.kill('SIGTERM')
    assert.equal(await winner.exit, 0)
    assert.ok(!existsSync(join(dir, '.rsqlflow', 'server.pid')), 'the lock is released')
  } finally {
    killRunning(...both)
  }
}

test('two servers started at the same moment: exactly one runs, the other exits 2 naming it', async () => {
  const dir = await writeProject({ name: 'cli-race' }, { hello: pass })
  try {
    await startTogether(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('a stale lock (its pid does not exist) is taken over, by exactly one of two servers started together', async () => {
  const dir = await writeProject({ name: 'cli-stale' }, { hello: pass })
  try {
    const crashed = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
    await new Promise(resolve => crashed.on('exit', resolve))
    await mkdir(join(dir, '.rsqlflow'))
    await writeFile(join(dir, '.rsqlflow', 'server.pid'), `${crashed.pid}\n`)
    await startTogether(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('an execution left RUNNING by a killed server resumes when the next one starts', async () => {
  const dir = await writeProject({ name: 'cli-recover' }, { nap: napThenDone })
  const first = start(['--port', '0', '--dir', dir])
  let second: ReturnType<typeof start> | undefined
  try {
    const { executionArn } = await sfn(await first.url(), 'StartExecution', { stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:nap' }) as { executionArn: string }
    assert.ok(executionArn)
    first.child.kill('SIGKILL')
    await first.exit
    second = start(['--port', '0', '--dir', dir])
    const url = await second.url()
    const d = await finished(url, executionArn)
    assert.equal(d.status, 'SUCCEEDED', JSON.stringify(d))
    assert.equal(d.output, '"rested"')
    const { events } = await sfn(url, 'GetExecutionHistory', { executionArn }) as { events: { type: string }[] }
    assert.equal(events.filter(e => e.type === 'ExecutionStarted').length, 1)
    assert.equal(events.at(-1)!.type, 'ExecutionSucceeded')
    second.child.kill('SIGTERM')
    assert.equal(await second.exit, 0)
  } finally {
    killRunning(first, second)
    await rm(dir, { recursive: true, force: true })
  }
})

test('an execution started from the console is not aborted when the server stops: it ends within the grace period or resumes', async () => {
  const dir = await writeProject({ name: 'cli-console-stop' }, { nap: napThenDone })
  const first = start(['--port', '0', '--dir', dir])
  let second: ReturnType<typeof start> | undefined
  try {
    const r = await fetch(`${await first.url()}/console/api/state-machines/nap/executions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    const { executionArn } = await r.json() as { executionArn: string }
    assert.ok(executionArn)
    first.child.kill('SIGTERM')
    assert.equal(await first.exit, 0)
    second = start(['--port', '0', '--dir', dir])
    const url = await second.url()
    const d = await finished(url, executionArn)
    assert.equal(d.status, 'SUCCEEDED', JSON.stringify(d))
    second.child.kill('SIGTERM')
    assert.equal(await second.exit, 0)
  } finally {
    killRunning(first, second)
    await rm(dir, { recursive: true, force: true })
  }
})

test('a start that fails (the port in use) exits 2 at once, without running the executions a killed server left RUNNING', async () => {
  const nap = { StartAt: 'nap', States: { nap: { Type: 'Wait', Seconds: 600, End: true } } }
  const dir = await writeProject({ name: 'cli-busy-port' }, { nap })
  const first = start(['--port', '0', '--dir', dir])
  let second: ReturnType<typeof start> | undefined
  const taken = createNetServer()
  try {
    const url = await first.url()
    const r = await fetch(url, { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.StartExecution' }, body: JSON.stringify({ stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:nap' }) })
    assert.equal(r.status, 200)
    first.child.kill('SIGKILL')
    await first.exit
    await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as AddressInfo).port
    second = start(['--port', String(port), '--dir', dir])
    // before, the failed start waited for the resumed 600 s Wait to end before it exited
    let timer: NodeJS.Timeout | undefined
    const code = await Promise.race([second.exit, new Promise(r => { timer = setTimeout(r, START_MS, 'still running') })])
    clearTimeout(timer)
    assert.equal(code, 2, second.err())
    assert.match(second.err(), new RegExp(`address already in use: 127\\.0\\.0\\.1:${port}`))
  } finally {
    taken.close()
    killRunning(first, second)
    await rm(dir, { recursive: true, force: true })
  }
})

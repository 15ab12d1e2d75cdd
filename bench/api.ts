// API benchmark: 200 concurrent clients start executions of a mocked workflow (a Pass and a 1-second Wait)
// over the Step Functions JSON 1.0 API and poll DescribeExecution until each ends, for 30 s, against
// `rsqlflow server` running as its own process. Prints requests/s and latency (p50/p99); the baseline is a
// bare node:http server answering the same requests with a fixed body, driven the same way in the same run.
// Fails (exit 1) if any request failed or any started execution is missing from the store or did not end.
//   npm run bench:api -- [--seconds 30] [--clients 200] [--poll-ms 100] [--url URL]
// `--url`: drive a server already running (with a `bench` workflow like the one below, e.g. to profile it).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, clients: { type: 'string', default: '200' }, 'poll-ms': { type: 'string', default: '100' }, url: { type: 'string' } } })
const SECONDS = Number(args.seconds)
const CLIENTS = Number(args.clients)
const POLL_MS = Number(args['poll-ms'])
const BASELINE_SECONDS = Math.max(5, Math.min(10, SECONDS / 3))
const BIN = fileURLToPath(new URL('../bin/rsqlflow.js', import.meta.url))
const STATE_MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:bench'
const FINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'])

const workflow = { StartAt: 'prepare', States: { prepare: { Type: 'Pass', Result: { table: 'orders' }, ResultPath: '$.load', Next: 'settle' }, settle: { Type: 'Wait', Seconds: 1, End: true } } }

// The baseline server: the same protocol answered without work (a fixed StartExecution/DescribeExecution reply).
const BARE = `
import { createServer } from 'node:http'
let n = 0
const s = createServer((req, res) => {
  const chunks = []
  req.on('data', c => chunks.push(c))
  req.on('end', () => {
    const target = req.headers['x-amz-target'] ?? ''
    const body = target.endsWith('StartExecution') ? { executionArn: 'arn:aws:states:us-east-1:000000000000:execution:bench:' + (++n), startDate: Date.now() / 1000 } : { status: 'SUCCEEDED' }
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' })
    res.end(JSON.stringify(body))
  })
})
s.keepAliveTimeout = 65000
s.listen(0, '127.0.0.1', () => console.log('listening at http://127.0.0.1:' + s.address().port))
`

function startChild(argv: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RSQLFLOW_TOKEN: '' } })
  let out = ''
  let err = ''
  child.stderr!.on('data', d => { err += d })
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', d => {
      out += d
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out)
      if (m) resolve({ child, url: m[0] })
    })
    child.on('exit', code => reject(new Error(`the server exited (${code}): ${err}`)))
  })
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise(r => child.once('exit', r))
  child.kill('SIGTERM')
  await Promise.race([exited, new Promise(r => setTimeout(r, 15_000))])
  if (child.exitCode === null) child.kill('SIGKILL')
}

interface Stats { requests: number; failures: string[]; latency: number[]; started: string[]; completion: number[]; unfinished: number }

async function call(url: string, op: string, body: object, stats: Stats): Promise<Record<string, unknown> | undefined> {
  const t = performance.now()
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'x-amz-target': `AWSStepFunctions.${op}`, 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify(body) })
    const text = await res.text()
    stats.latency.push(performance.now() - t)
    stats.requests++
    if (res.status !== 200) { stats.failures.push(`${op}: HTTP ${res.status} ${text.slice(0, 200)}`); return undefined }
    return JSON.parse(text) as Record<string, unknown>
  } catch (err) {
    stats.failures.push(`${op}: ${(err as Error).message}`)
    return undefined
  }
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

/** One client: start an execution, poll it to its end, repeat until the time is up (then finish the one in flight). */
async function client(url: string, until: number, stats: Stats): Promise<void> {
  while (performance.now() < until) {
    const t0 = performance.now()
    const started = await call(url, 'StartExecution', { stateMachineArn: STATE_MACHINE, input: '{"n":1}' }, stats)
    if (!started) { await sleep(POLL_MS); continue }
    const executionArn = started.executionArn as string
    stats.started.push(executionArn)
    const giveUp = Math.max(until, performance.now()) + 30_000
    for (;;) {
      await sleep(POLL_MS)
      const d = await call(url, 'DescribeExecution', { executionArn }, stats)
      if (d && FINAL.has(d.status as string)) { stats.completion.push(performance.now() - t0); break }
      if (performance.now() > giveUp) { stats.unfinished++; break }
    }
  }
}

async function load(url: string, seconds: number): Promise<Stats & { seconds: number; warmUp: Stats }> {
  // warm-up, not counted: every client opens its connection with one ListStateMachines, so the timed phase
  // measures requests rather than 200 simultaneous TCP handshakes (which a starved process accepts slowly)
  const warmUp: Stats = { requests: 0, failures: [], latency: [], started: [], completion: [], unfinished: 0 }
  await Promise.all(Array.from({ length: CLIENTS }, () => call(url, 'ListStateMachines', {}, warmUp)))
  const stats: Stats = { requests: 0, failures: [], latency: [], started: [], completion: [], unfinished: 0 }
  const t0 = performance.now()
  await Promise.all(Array.from({ length: CLIENTS }, () => client(url, t0 + seconds * 1000, stats)))
  return { ...stats, seconds: (performance.now() - t0) / 1000, warmUp }
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN }

/** Every started execution, found in the store through ListExecutions, and its status. */
async function listAll(url: string, stats: Stats): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  let nextToken: string | undefined
  do {
    const page = await call(url, 'ListExecutions', { stateMachineArn: STATE_MACHINE, maxResults: 1000, nextToken }, stats)
    if (!page) break
    for (const e of page.executions as { executionArn: string; status: string }[]) found.set(e.executionArn, e.status)
    nextToken = page.nextToken as string | undefined
  } while (nextToken)
  return found
}

const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-bench-api-'))
let exitCode = 0
try {
  mkdirSync(join(dir, 'workflows'))
  writeFileSync(join(dir, 'rsqlflow.json'), JSON.stringify({ name: 'bench' }))
  writeFileSync(join(dir, 'workflows', 'bench.asl.json'), JSON.stringify(workflow))

  const bare = await startChild(['--input-type=module', '-e', BARE])
  const baseline = await load(bare.url, BASELINE_SECONDS)
  await stopChild(bare.child)

  const server = args.url ? { url: args.url, child: undefined } : await startChild([BIN, 'server', '--port', '0', '--dir', dir])
  const api = await load(server.url, SECONDS)
  const verify: Stats = { requests: 0, failures: [], latency: [], started: [], completion: [], unfinished: 0 }
  const found = await listAll(server.url, verify)
  if (server.child) await stopChild(server.child)

  const missing = api.started.filter(arn => !found.has(arn))
  const notFinal = api.started.filter(arn => found.has(arn) && !FINAL.has(found.get(arn)!))
  const notSucceeded = api.started.filter(arn => found.get(arn) !== undefined && found.get(arn) !== 'SUCCEEDED')
  const row = (name: string, s: Stats & { seconds: number }) =>
    `${name.padEnd(34)}${(s.requests / s.seconds).toFixed(0).padStart(9)}${pct(s.latency, 0.5).toFixed(1).padStart(10)}${pct(s.latency, 0.99).toFixed(1).padStart(10)}${String(s.failures.length).padStart(9)}`
  console.log(`api bench: ${CLIENTS} clients start and poll (every ${POLL_MS} ms) executions of a Pass + 1 s Wait workflow; ${SECONDS} s against rsqlflow server (a child process), ${BASELINE_SECONDS.toFixed(0)} s against the baseline`)
  console.log(`${''.padEnd(34)}${'req/s'.padStart(9)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'failed'.padStart(9)}`)
  console.log(row('bare node:http, fixed reply (base)', baseline))
  console.log(row('rsqlflow server (JSON 1.0 API)', api))
  console.log(`warm-up (one request per client, not counted): the slowest took ${Math.max(...baseline.warmUp.latency).toFixed(0)} ms (baseline), ${Math.max(...api.warmUp.latency).toFixed(0)} ms (rsqlflow)`)
  console.log(`ratio: rsqlflow ${(api.requests / api.seconds / (baseline.requests / baseline.seconds)).toFixed(2)}x the baseline's requests/s, p99 ${(pct(api.latency, 0.99) / pct(baseline.latency, 0.99)).toFixed(1)}x`)
  console.log(`executions: ${api.started.length} started (${(api.started.length / api.seconds).toFixed(1)}/s), ${found.size} in the store, ${missing.length} missing, ${notFinal.length} not final, ${notSucceeded.length} not SUCCEEDED, ${api.unfinished} given up on; start-to-observed-end p50 ${pct(api.completion, 0.5).toFixed(0)} ms, p99 ${pct(api.completion, 0.99).toFixed(0)} ms`)
  const failures = [...api.warmUp.failures, ...api.failures, ...verify.failures]
  if (failures.length) console.log(`failed requests (first 5):\n  ${failures.slice(0, 5).join('\n  ')}`)
  if (failures.length || missing.length || notFinal.length || notSucceeded.length || api.unfinished || baseline.failures.length) {
    console.log('FAIL: a request failed or an execution was lost or did not end')
    exitCode = 1
  } else console.log('OK: no request failed; every started execution is in the store and SUCCEEDED')
} finally {
  rmSync(dir, { recursive: true, force: true })
}
process.exitCode = exitCode

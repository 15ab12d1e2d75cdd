// `rsqlflow demo` ends cleanly: Ctrl-C leaves no execution RUNNING and no warehouse running; a --dir of another
// project is refused before anything is written.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stopLocalServer } from '../../src/warehouse/index.ts'

const BIN = fileURLToPath(new URL('../../bin/rsqlflow.js', import.meta.url))
const env = { ...process.env, RSQLFLOW_DEBUG: '' }
let root: string

function rsqlflow(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(process.execPath, [BIN, ...args], { cwd, env }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
    })
  })
}

/** Runs `rsqlflow demo ARGS`, sends SIGINT (or `signal`) once stdout matches `when`, and reports how it ended. */
function demoInterrupted(args: string[], when: RegExp, signal: NodeJS.Signals = 'SIGINT'): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'demo', ...args], { cwd: root, env })
    let stdout = ''
    let stderr = ''
    let sent = false
    child.stdout.on('data', (d: Buffer) => {
      stdout += d
      if (!sent && when.test(stdout)) { sent = true; child.kill(signal) }
    })
    child.stderr.on('data', (d: Buffer) => { stderr += d })
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

const warehouseOf = (dir: string) => join(root, dir, '.rsqlflow', 'warehouse')

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'rsqlflow-demo-int-'))
  await chmod(root, 0o755)
})

after(async () => {
  for (const dir of ['during', 'before', 'termed']) await stopLocalServer(warehouseOf(dir))
  await rm(root, { recursive: true, force: true })
})

test('Ctrl-C while the demo\'s execution runs stops it (ABORTED, exit 1 as run --wait) and stops the warehouse', async () => {
  const r = await demoInterrupted(['--scale', '0.01', '--dir', 'during'], /copy-customer: job \S+ submitted/)
  // was: killed by the signal (130), the execution left RUNNING and the warehouse running
  assert.equal(r.code, 1, r.stderr)
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace')
  assert.match(r.stdout, /\nABORTED in .*\nerror: States\.Aborted\ncause: interrupted \(Ctrl-C\)\n/)
  const list = await rsqlflow(join(root, 'during'), ['executions', 'list', '--json'])
  assert.equal(list.code, 0, list.stderr)
  const statuses = (JSON.parse(list.stdout) as { executions: { status: string }[] }).executions.map(e => e.status)
  assert.deepEqual(statuses, ['ABORTED'])
  assert.equal(await stopLocalServer(warehouseOf('during')), false, 'the demo stopped the warehouse it started')
})

test('SIGTERM while the demo\'s execution runs stops it as Ctrl-C does (ABORTED, the warehouse stopped), exit 143', async () => {
  const r = await demoInterrupted(['--scale', '0.01', '--dir', 'termed'], /copy-customer: job \S+ submitted/, 'SIGTERM')
  assert.equal(r.code, 143, r.stderr)
  assert.match(r.stdout, /\nABORTED in .*\nerror: States\.Aborted\ncause: interrupted \(SIGTERM\)\n/)
  const list = await rsqlflow(join(root, 'termed'), ['executions', 'list', '--json'])
  assert.deepEqual((JSON.parse(list.stdout) as { executions: { status: string }[] }).executions.map(e => e.status), ['ABORTED'])
  assert.equal(await stopLocalServer(warehouseOf('termed')), false, 'the demo stopped the warehouse it started')
})

test('Ctrl-C before the demo\'s execution starts ends it with 130, nothing started, the warehouse stopped', async () => {
  // the project line comes before the data and the warehouse start (seconds)
  const r = await demoInterrupted(['--scale', '0.01', '--dir', 'before'], /^project /m)
  assert.equal(r.code, 130, r.stderr)
  assert.equal(r.stderr, 'rsqlflow: demo interrupted (Ctrl-C) before the execution started\n')
  assert.doesNotMatch(r.stdout, /running {4}workflow etl/)
  const list = await rsqlflow(join(root, 'before'), ['executions', 'list', '--json'])
  assert.deepEqual((JSON.parse(list.stdout) as { executions: unknown[] }).executions, [])
  assert.equal(await stopLocalServer(warehouseOf('before')), false, 'the warehouse started meanwhile was stopped')
})

test('demo --dir of a project that is not the sample is refused (exit 2) before data, warehouse or buckets', async () => {
  const init = await rsqlflow(root, ['init', 'other'])
  assert.equal(init.code, 0, init.stderr)
  const r = await rsqlflow(root, ['demo', '--scale', '0.01', '--dir', 'other'])
  // was: TPC-H data written into other/data/, the warehouse started, the sample published, then this error (exit 2)
  assert.equal(r.code, 2)
  assert.equal(r.stderr, 'rsqlflow: other/workflows/etl.asl.json: no such workflow: demo runs the TPC-H sample\'s etl in a folder without rsqlflow.json or one made by "rsqlflow init --sample tpch"\n')
  assert.deepEqual(await readdir(join(root, 'other', 'data')), ['README.md'])
  await assert.rejects(stat(join(root, 'other', '.rsqlflow', 'warehouse')), 'no warehouse was created')
})

test('demo --scale has an upper bound: a typo (1000 for 10) is refused (exit 2) before anything is generated', async () => {
  const [typo, zero, largest] = await Promise.all([
    rsqlflow(root, ['demo', '--scale', '1000', '--dir', 'typo']),
    rsqlflow(root, ['demo', '--scale', '0', '--dir', 'zero']),
    rsqlflow(root, ['demo', '--help']),
  ])
  assert.equal(typo.code, 2)
  assert.equal(typo.stderr, 'rsqlflow: error: --scale must be a number above 0 and at most 100, not "1000" (SF 100 is 15 million customers, about 15 GB of disk)\n')
  await assert.rejects(stat(join(root, 'typo')), 'no project, data or warehouse')
  assert.equal(zero.code, 2)
  assert.match(zero.stderr, /^rsqlflow: error: --scale must be a number above 0 and at most 100, not "0"/)
  assert.match(largest.stdout.replace(/\s+/g, ' '), /--scale <sf> TPC-H scale factor, above 0 and at most 100 /)
})

// `rsqlflow warehouse stop` stops the project's local warehouse whatever rsqlflow.json says by now.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureLocalServer, stopLocalServer } from '../../src/warehouse/index.ts'

const BIN = fileURLToPath(new URL('../../bin/rsqlflow.js', import.meta.url))
let root: string

function rsqlflow(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, RSQLFLOW_DEBUG: '' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
    })
  })
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true } catch { return false } }

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'rsqlflow-wh-stop-'))
  await chmod(root, 0o755)
})

after(async () => {
  for (const p of ['wh', 'busy']) await stopLocalServer(join(root, p, '.rsqlflow', 'warehouse'))
  await rm(root, { recursive: true, force: true })
})

test('warehouse stop stops a local warehouse started before rsqlflow.json moved to another target or broke', async () => {
  const init = await rsqlflow(root, 'init', 'wh')
  assert.equal(init.code, 0, init.stderr)
  const dir = join(root, 'wh')
  const config = join(dir, 'rsqlflow.json')
  const warehouse = join(dir, '.rsqlflow', 'warehouse')

  // the local warehouse ran; then the project moved to a remote target: it was refused (exit 2) and kept running
  let server = await ensureLocalServer(warehouse)
  await writeFile(config, JSON.stringify({ name: 'wh', warehouse: { target: 'postgres://etl@db.example:5432/dev' } }))
  const moved = await rsqlflow(dir, 'warehouse', 'stop')
  assert.equal(moved.code, 0, moved.stderr)
  assert.equal(moved.stdout, 'stopped the local warehouse\n')
  assert.equal(alive(server.pid), false)
  // nothing local runs now: the remote target is not rsqlflow's to stop
  const remote = await rsqlflow(dir, 'warehouse', 'stop')
  assert.equal(remote.code, 2)
  assert.equal(remote.stderr, "rsqlflow: error: rsqlflow.json: warehouse: the project's warehouse is not the local one (postgres); rsqlflow does not manage it\n")

  // an rsqlflow.json with a syntax error: the running warehouse is stopped all the same
  server = await ensureLocalServer(warehouse)
  await writeFile(config, '{ "name": "wh", }\n')
  const broken = await rsqlflow(dir, 'warehouse', 'stop')
  assert.equal(broken.code, 0, broken.stderr)
  assert.equal(broken.stdout, 'stopped the local warehouse\n')
  assert.equal(alive(server.pid), false)
  // and with nothing to stop, the broken file is reported as every command reports it
  const after = await rsqlflow(dir, 'warehouse', 'stop')
  assert.equal(after.code, 2)
  assert.match(after.stderr, /^rsqlflow: rsqlflow\.json:1:\d+: invalid JSON: /)
})

test('warehouse stop refuses (exit 2) while a run\'s job uses the warehouse; --force stops it and the job fails', async () => {
  assert.equal((await rsqlflow(root, 'init', 'busy')).code, 0)
  const dir = join(root, 'busy')
  const hello = await readFile(join(dir, 'workflows', 'hello.asl.json'), 'utf8')
  await writeFile(join(dir, 'workflows', 'slow.asl.json'), hello.replaceAll('hello.sql', 'slow.sql'))
  await writeFile(join(dir, 'scripts', 'slow.sql'), 'select pg_sleep(60);\n\\if :ERROR <> 0\n  \\exit 1\n\\endif\n')
  assert.equal((await rsqlflow(dir, 'publish')).code, 0)
  const run = spawn(process.execPath, [BIN, 'run', 'slow', '--wait'], { cwd: dir, env: { ...process.env, RSQLFLOW_DEBUG: '' } })
  let out = ''
  const ended = new Promise<number | null>(resolve => run.on('close', resolve))
  await new Promise<void>(resolve => run.stdout.on('data', (d: Buffer) => { out += d; if (/job \S+ submitted/.test(out)) resolve() }))
  // the job runs once its session is open: until then the warehouse may still be starting
  let done = false
  void ended.then(() => { done = true })
  let refused
  for (let i = 0; i < 30 && !done; i++) {
    refused = await rsqlflow(dir, 'warehouse', 'stop')
    if (refused.code === 2) break
    await new Promise(r => setTimeout(r, 200))
  }
  // was: stopped, and the run's job failed with 'terminating connection due to administrator command'
  assert.equal(refused!.code, 2, refused!.stdout + out)
  assert.match(refused!.stderr, /^rsqlflow: error: 1 job running: [0-9a-f-]{36} \(pid \d+\); stopping the warehouse would fail it \(wait, or use --force\)\n$/)
  const forced = await rsqlflow(dir, 'warehouse', 'stop', '--force')
  assert.equal(forced.code, 0, forced.stderr)
  assert.equal(forced.stdout, 'stopped the local warehouse\n')
  assert.equal(await ended, 1)
  assert.match(out, /\nFAILED in /)
})

// `rsqlflow warehouse stop` stops the project's local warehouse whatever rsqlflow.json says by now.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
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
  await stopLocalServer(join(root, 'wh', '.rsqlflow', 'warehouse'))
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

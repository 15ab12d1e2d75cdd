// The commands init and demo tell a newcomer to run next must work as printed.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stopLocalServer } from '../../src/warehouse/index.ts'

const BIN = fileURLToPath(new URL('../../bin/rsqlflow.js', import.meta.url))
let root: string

function rsqlflow(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, RSQLFLOW_DEBUG: '' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
    })
  })
}

/** `rsqlflow a b --input '{"x":1}' c` as the argument list a shell would give. */
function shellWords(text: string): string[] {
  return [...text.matchAll(/'([^']*)'|(\S+)/g)].map(m => m[1] ?? m[2])
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'rsqlflow-hints-'))
  await chmod(root, 0o755)
})

after(async () => {
  await stopLocalServer(join(root, 'tp', '.rsqlflow', 'warehouse'))
  await rm(root, { recursive: true, force: true })
})

test('init --sample tpch points at demo (the sample has no data), and demo\'s "again" line runs the same scale again', async () => {
  const init = await rsqlflow(root, ['init', 'tp', '--sample', 'tpch'])
  assert.equal(init.code, 0, init.stderr)
  // it said `rsqlflow run etl --wait`, which fails: no data was generated for the sample
  assert.match(init.stdout, /\nnext: cd tp && rsqlflow demo --dir \. {3}\(generates the TPC-H data, publishes it and runs etl; then rsqlflow run etl --wait\)\n$/)
  const dir = join(root, 'tp')
  const demo = await rsqlflow(dir, ['demo', '--dir', '.', '--scale', '0.01'])
  assert.equal(demo.code, 0, demo.stdout + demo.stderr)
  const again = /\nagain +cd \. && rsqlflow (.*?) {3}\(or rsqlflow demo --fail/.exec(demo.stdout)
  assert.ok(again, demo.stdout)
  // it said `rsqlflow run etl --wait`, which looks for scale factor 1's data
  assert.equal(again[1], `run etl --input '{"scaleFactor":0.01}' --wait`)
  const run = await rsqlflow(dir, shellWords(again[1]))
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.match(run.stdout, /\nSUCCEEDED in /)
})

test('init\'s next line quotes a folder the shell would split: it runs as printed', async () => {
  const init = await rsqlflow(root, ['init', "my team's etl"])
  assert.equal(init.code, 0, init.stderr)
  const next = /\nnext: (.*)\n$/.exec(init.stdout)?.[1] ?? ''
  // it said `cd my team's etl && …`, which a shell splits (and here never closes the quote)
  assert.equal(next, `cd 'my team'\\''s etl' && rsqlflow validate && rsqlflow publish && rsqlflow run hello --wait`)
  const validate = next.replace(/ && rsqlflow publish.*/, '').replace('rsqlflow validate', `"${process.execPath}" "${BIN}" validate`)
  const r = await new Promise<{ code: number; stdout: string }>(resolve => {
    execFile('/bin/sh', ['-c', validate], { cwd: root, env: { ...process.env, RSQLFLOW_DEBUG: '' } }, (err, stdout) => resolve({ code: err ? 1 : 0, stdout }))
  })
  assert.equal(r.code, 0)
  assert.equal(r.stdout, 'rsqlflow.json, 1 workflow and 1 script: valid\n')
})

// `rsqlflow logs JOB --attempt N`: an attempt the job does not have is a missing thing (exit 2), said with the attempts it has.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createBatch } from '../../src/batch/index.ts'
import { openStore } from '../../src/store/index.ts'

const BIN = fileURLToPath(new URL('../../bin/rsqlflow.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-logs-'))
chmodSync(dir, 0o755)
writeFileSync(join(dir, 'rsqlflow.json'), JSON.stringify({ name: 'logstest' }))
after(() => rmSync(dir, { recursive: true, force: true }))

let jobId: string

const rsqlflow = (...args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>(resolve => {
  execFile(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, RSQLFLOW_DEBUG: '' } }, (err, stdout, stderr) => {
    resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
  })
})

before(async () => {
  const store = openStore(join(dir, '.rsqlflow', 'store.db'))
  const batch = createBatch({
    store, config: {
      computeEnvironments: [{ name: 'local', maxvCpus: 1 }], jobQueues: [{ name: 'q', computeEnvironmentOrder: ['local'] }],
      jobDefinitions: [{ name: 'sh', executor: 'subprocess', containerProperties: { command: ['/bin/sh', '-c', 'echo "try $AWS_BATCH_JOB_ATTEMPT"'] } }],
    },
  })
  ;({ jobId } = batch.submitJob({ jobName: 'once', jobQueue: 'q', jobDefinition: 'sh' }))
  await batch.waitForJob(jobId)
  await batch.close()
  store.close()
})

test('logs --attempt: the one attempt prints; a missing attempt names the ones the job has (exit 2); 0, negative and non-numeric are usage errors', async () => {
  const [one, nine, nineFollow, zero, negative, word] = await Promise.all([
    rsqlflow('logs', 'once', '--attempt', '1'),
    rsqlflow('logs', 'once', '--attempt', '9'),
    rsqlflow('logs', jobId, '--attempt', '9', '--follow'),
    rsqlflow('logs', 'once', '--attempt', '0'),
    rsqlflow('logs', 'once', '--attempt=-1'),
    rsqlflow('logs', 'once', '--attempt', 'last'),
  ])
  assert.deepEqual([one.code, one.stdout, one.stderr], [0, 'try 1\n', ''])
  for (const r of [nine, nineFollow]) {
    assert.equal(r.code, 2, r.stderr)
    assert.equal(r.stdout, '')
    assert.equal(r.stderr, `rsqlflow: error: job ${jobId} has no attempt 9 (attempts: 1)\n`)
  }
  assert.deepEqual([zero.code, zero.stderr], [2, 'rsqlflow: error: --attempt must be a positive integer, got 0\n'])
  assert.deepEqual([negative.code, negative.stderr], [2, 'rsqlflow: error: --attempt must be a positive integer, got -1\n'])
  assert.deepEqual([word.code, word.stderr], [2, 'rsqlflow: error: --attempt must be a positive integer, got last\n'])
})

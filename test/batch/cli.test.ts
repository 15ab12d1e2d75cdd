import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openStore } from '../../src/store/index.ts'
import { openObjectStore } from '../../src/objects/index.ts'
import { stopLocalServer } from '../../src/warehouse/index.ts'
import { createBatch } from '../../src/batch/index.ts'

const bin = fileURLToPath(new URL('../../bin/rsqlflow.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-cli-'))
chmodSync(dir, 0o755)
writeFileSync(join(dir, 'rsqlflow.json'), JSON.stringify({ name: 'clitest' }))
after(async () => { await stopLocalServer(join(dir, '.rsqlflow', 'warehouse')); rmSync(dir, { recursive: true, force: true }) })

const cli = (args: string[], env: Record<string, string> = {}) => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['BATCH_SCRIPT_LOCATION', 'DATA_BUCKET_NAME', 'COPY_IAM_ROLE_ARN'].includes(k)))
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env: { ...clean, ...env }, encoding: 'utf8', timeout: 120_000 })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

test('rsqlflow jobs and logs read the project store: table, --json, one attempt', async () => {
  const store = openStore(join(dir, '.rsqlflow', 'store.db'))
  const batch = createBatch({
    store, config: {
      computeEnvironments: [{ name: 'local', maxvCpus: 1 }], jobQueues: [{ name: 'etl-queue', computeEnvironmentOrder: ['local'] }],
      jobDefinitions: [{ name: 'sh', executor: 'subprocess', containerProperties: { command: ['/bin/sh', '-c', 'echo "try $AWS_BATCH_JOB_ATTEMPT"; echo oops >&2; exit 3'] }, retryStrategy: { attempts: 2 } }],
    },
  })
  const { jobId } = batch.submitJob({ jobName: 'shell-job', jobQueue: 'etl-queue', jobDefinition: 'sh' })
  await batch.waitForJob(jobId)
  await batch.close()
  store.close()
  const list = cli(['jobs'])
  assert.equal(list.code, 0, list.err)
  assert.match(list.out, /^JOB ID\s+NAME\s+QUEUE\s+STATUS\s+EXIT\s+ATTEMPTS/)
  assert.match(list.out, new RegExp(`${jobId}\\s+shell-job\\s+etl-queue\\s+FAILED\\s+3\\s+2`))
  const json = JSON.parse(cli(['jobs', '--json']).out)
  assert.equal(json.jobs[0].jobId, jobId)
  assert.equal(json.jobs[0].container.reason, 'oops')
  const logs = cli(['logs', 'shell-job'])
  assert.equal(logs.out, 'try 1\n--- attempt 2 ---\ntry 2\n')
  assert.equal(logs.err, 'oops\noops\n')
  const second = cli(['logs', jobId, '--attempt', '2', '--json', '--follow'])
  assert.deepEqual(second.out.trim().split('\n').map(l => JSON.parse(l)).map(e => [e.attempt, e.stream, e.message]), [[2, 'stdout', 'try 2'], [2, 'stderr', 'oops']])
  const missing = cli(['logs', 'nope'])
  assert.equal(missing.code, 2) // a job that does not exist is the user's mistake (README: exit 2)
  assert.equal(missing.err, 'rsqlflow: error: job does not exist: nope (ClientException)\n')
})

test('rsqlflow fetch-and-run: exit 1 naming missing variables; in a project, runs the script from the project\'s buckets', async () => {
  const none = cli(['fetch-and-run'])
  assert.equal(none.code, 1)
  assert.equal(none.err, 'fetch-and-run: missing environment variables BATCH_SCRIPT_LOCATION, DATA_BUCKET_NAME, COPY_IAM_ROLE_ARN: nothing to run\n')
  const objects = openObjectStore({ type: 'local' }, dir)
  await objects.createBucket('clitest-scripts')
  await objects.put('s3://clitest-scripts/hello.sql', "select '${DATA_BUCKET_NAME}' as bucket;\n\\exit 4\n")
  const env = { BATCH_SCRIPT_LOCATION: 's3://clitest-scripts/hello.sql', DATA_BUCKET_NAME: 'clitest-data', COPY_IAM_ROLE_ARN: 'arn:aws:iam::000000000000:role/r' }
  const ran = cli(['fetch-and-run'], env)
  assert.equal(ran.code, 4, ran.err)
  assert.match(ran.out, /clitest-data/)
})

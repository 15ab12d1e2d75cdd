import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { LocalObjectStore } from '../../src/objects/index.ts'
import { connect, stopLocalServer, type Session } from '../../src/warehouse/index.ts'
import { createBatch, substituteDeclared, SubstitutionError, type Batch } from '../../src/batch/index.ts'

const root = mkdtempSync(join(tmpdir(), 'rsqlflow-far-'))
chmodSync(root, 0o755)
const warehouseDir = join(root, 'warehouse')
const objects = new LocalObjectStore(join(root, 'objects'))
let batch: Batch
let sql: Session

const env = (location: string, extra: { name: string; value?: string }[] = []) => [
  { name: 'BATCH_SCRIPT_LOCATION', value: location }, { name: 'DATA_BUCKET_NAME', value: 'tpch-data' },
  { name: 'COPY_IAM_ROLE_ARN', value: 'arn:aws:iam::000000000000:role/copy' }, ...extra,
]

before(async () => {
  await objects.createBucket('scripts')
  batch = createBatch({
    store: new Database(':memory:'), objects, warehouse: { type: 'local', dir: warehouseDir },
    config: {
      computeEnvironments: [{ name: 'local', maxvCpus: 2 }],
      jobQueues: [{ name: 'etl-queue', computeEnvironmentOrder: ['local'] }],
      jobDefinitions: [{ name: 'rsql-job', containerProperties: { command: ['fetch-and-run'] } }],
    },
  })
  sql = await connect({ type: 'local', dir: warehouseDir })
})
after(async () => {
  await sql?.close()
  await stopLocalServer(warehouseDir)
  rmSync(root, { recursive: true, force: true })
})

const run = async (key: string, extra: { name: string; value?: string }[] = [], location = `s3://scripts/${key}`) => {
  const { jobId } = batch.submitJob({ jobName: key.replace(/\W/g, '-'), jobQueue: 'etl-queue', jobDefinition: 'rsql-job', containerOverrides: { environment: env(location, extra) } })
  const job = await batch.waitForJob(jobId)
  return { job, log: batch.store.logs(jobId).map(l => l.message).join('\n') }
}

test('substitution touches only declared ${VAR}s; an unset declared one is an error with its line', () => {
  const src = "select '${A}', '$A', '${B}', $$ ${A} $$, $body$ x $body$, '^\\$[0-9]+$' ~ 'x';\n-- ${C}"
  assert.equal(substituteDeclared(src, { A: 'one', B: 'two' }, ['A']), "select 'one', '$A', '${B}', $$ one $$, $body$ x $body$, '^\\$[0-9]+$' ~ 'x';\n-- ${C}")
  assert.throws(() => substituteDeclared(src, {}, ['C']), (e: unknown) => e instanceof SubstitutionError && e.line === 2 && e.message === 'variable ${C} is declared but not set')
})

test('a job downloads its script, substitutes declared variables, runs it against the warehouse and succeeds', async () => {
  await objects.put('s3://scripts/customer/copy.sql', [
    'create table if not exists far_loads (bucket text, note text);',
    "insert into far_loads values ('${DATA_BUCKET_NAME}', '${NOT_DECLARED} and $HOME');",
    'create or replace function far_body() returns text language plpgsql as $body$ begin return $$dollar$$; end $body$;',
    "select far_body() as body, 'a$1' ~ '^a\\$[0-9]$' as regex;",
  ].join('\n'))
  const { job, log } = await run('customer/copy.sql')
  assert.equal(job.status, 'SUCCEEDED', log)
  assert.equal(job.attempts[0].container.exitCode, 0)
  const [rows] = await sql.query('select bucket, note from far_loads')
  assert.deepEqual(rows.rows, [['tpch-data', '${NOT_DECLARED} and $HOME']])
  assert.match(log, /dollar/)
  assert.match(log, /\bt\b/)
})

test('the script exit code is the job exit code (\\exit and an ON_ERROR_STOP failure)', async () => {
  await objects.put('s3://scripts/exit3.sql', 'select 1;\n\\exit 3\n')
  const a = await run('exit3.sql')
  assert.equal(a.job.status, 'FAILED')
  assert.equal(a.job.attempts[0].container.exitCode, 3)
  await objects.put('s3://scripts/bad.sql', '\\set ON_ERROR_STOP on\nselect * from no_such_table;\nselect 1;\n')
  const b = await run('bad.sql')
  assert.equal(b.job.status, 'FAILED')
  assert.notEqual(b.job.attempts[0].container.exitCode, 0)
  assert.match(b.log, /relation "no_such_table" does not exist/)
})

test('a script that is not UTF-8 reaches the warehouse as its bytes, as rsql -f sends it: a Latin-1 literal is refused, not stored as U+FFFD', async () => {
  await objects.put('s3://scripts/latin1.sql', Buffer.concat([
    Buffer.from('\\set ON_ERROR_STOP on\ncreate table far_latin (s text);\ninsert into far_latin values (\'caf'), Buffer.from([0xe9]), Buffer.from('\');\n'),
  ]))
  const { job, log } = await run('latin1.sql')
  assert.equal(job.status, 'FAILED', log)
  assert.match(log, /invalid byte sequence for encoding "UTF8": 0xe9 0x27/)
  const [rows] = await sql.query('select count(*)::int as n from far_latin')
  assert.deepEqual(rows.rows, [['0']])
})

test('reference bugs fixed: a failed download, a missing variable and an unset declared variable all fail the job with exit 1', async () => {
  const missingObject = await run('nope.sql')
  assert.equal(missingObject.job.attempts[0].container.exitCode, 1)
  assert.match(missingObject.log, /^fetch-and-run: cannot download s3:\/\/scripts\/nope\.sql: /m)
  const { jobId } = batch.submitJob({ jobName: 'nothing', jobQueue: 'etl-queue', jobDefinition: 'rsql-job', containerOverrides: { environment: [{ name: 'DATA_BUCKET_NAME', value: 'd' }] } })
  const missingVars = await batch.waitForJob(jobId)
  assert.equal(missingVars.attempts[0].container.exitCode, 1)
  assert.deepEqual(batch.store.logs(jobId).map(l => l.message), ['fetch-and-run: missing environment variables BATCH_SCRIPT_LOCATION, COPY_IAM_ROLE_ARN: nothing to run'])
  await objects.put('s3://scripts/unset.sql', 'select 1;\nselect \'${STAGE}\';\n')
  const unset = await run('unset.sql', [{ name: 'STAGE' }])
  assert.equal(unset.job.attempts[0].container.exitCode, 1)
  assert.equal(unset.log, 'fetch-and-run: s3://scripts/unset.sql:2: variable ${STAGE} is declared but not set')
})

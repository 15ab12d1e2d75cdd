import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, publishProject, runDemo, type DemoResult } from '../../src/app.ts'
import { loadProject } from '../../src/project/index.ts'
import { customerChunks, tpchDataPrefix, writeTpchData } from '../../src/samples/index.ts'
import { stopLocalServer } from '../../src/warehouse/index.ts'

// The whole sample pipeline at SF 0.01 (1,500 customers) on the local warehouse: one warehouse for every run.
const SCALE = 0.01
let root: string
let dir: string
let first: DemoResult

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'rsqlflow-pipeline-'))
  await chmod(root, 0o755) // the warehouse may run as another user when the tests run as root
  dir = join(root, 'demo')
  first = await runDemo({ dir, scale: SCALE, seed: 1, keepWarehouse: true })
})

after(async () => {
  if (dir) await stopLocalServer(join(dir, '.rsqlflow', 'warehouse'))
  if (root) await rm(root, { recursive: true, force: true })
})

test('the pipeline loads every table and succeeds', () => {
  assert.equal(first.result.status, 'SUCCEEDED')
  assert.deepEqual(first.counts, { customer: '1500', nation: '25', region: '5' })
})

test('the success message is published to the file outbox', () => {
  assert.equal(first.notification?.subject, 'tpch-etl finished successfully')
  assert.match(first.notification!.message, /^The tpch-etl pipeline finished successfully\./)
  assert.ok(first.notification!.message.includes(`Execution:    ${first.run.executionArn}`))
  assert.ok(first.notification!.message.includes('Data:         s3://tpch-etl-data/tpch/sf0.01/'))
})

test('the history has the graph\'s event sequence', () => {
  const entered = first.run.events.filter(e => e.type.endsWith('StateEntered')).map(e => (e.stateEnteredEventDetails as { name: string }).name)
  assert.deepEqual(entered.slice(0, 2), ['apply-defaults', 'tpc-benchmark-demo-load'])
  assert.deepEqual(entered.slice(-3), ['vacuum-analyze', 'notify-success', 'success'])
  const branch = (names: string[]) => entered.filter(n => names.includes(n))
  assert.deepEqual(branch(['copy-customer', 'merge-customer']), ['copy-customer', 'merge-customer'])
  assert.deepEqual(branch(['copy-region', 'merge-region', 'copy-nation', 'merge-nation']), ['copy-region', 'merge-region', 'copy-nation', 'merge-nation'])
  const types = first.run.events.map(e => e.type)
  assert.equal(types[0], 'ExecutionStarted')
  assert.equal(types.at(-1), 'ExecutionSucceeded')
  assert.equal(types.filter(t => t === 'TaskSucceeded').length, 8, '7 Batch jobs and one SNS publish')
  assert.ok(!types.includes('TaskFailed'))
  const ids = first.run.events.map(e => e.id)
  assert.deepEqual(ids, ids.map((_, i) => i + 1), 'event ids count up from 1')
})

test('a second run with changed and new rows upserts: staged keys replaced, new keys added, others kept', async () => {
  const project = await loadProject({ dir })
  // keys 1001..2500 from another seed: 500 overlap the first load, 1,000 are new
  await writeTpchData(join(project.paths.data, tpchDataPrefix(SCALE, 'tpch-delta/')), { scale: SCALE, seed: 2, startKey: 1001, lzop: true })
  const app = await createApp(project)
  try {
    await publishProject(project, app.objects)
    const run = await app.startWorkflow('etl', { input: { scaleFactor: SCALE, dataPrefix: 'tpch-delta/' } })
    assert.equal((await run.done).status, 'SUCCEEDED')
    const session = await app.openSession()
    try {
      const [count, row1, row1001] = await session.query(
        'select count(*) from customer; select c_address from customer where c_custkey = 1; select c_address from customer where c_custkey = 1001')
      assert.equal(count.rows[0][0], '2500')
      const field = (text: string, key: number) => text.split('\n').find(l => l.startsWith(`${key}|`))!.split('|')[2]
      const seed1 = [...customerChunks({ scale: SCALE, seed: 1 })].join('')
      const seed2 = [...customerChunks({ scale: SCALE, seed: 2, startKey: 1001 })].join('')
      assert.equal(row1.rows[0][0], field(seed1, 1), 'a key only in the first load is kept')
      assert.equal(row1001.rows[0][0], field(seed2, 1001), 'a staged key takes the new values')
      assert.notEqual(field(seed1, 1001), field(seed2, 1001))
      const [regions] = await session.query('select count(*) from region')
      assert.equal(regions.rows[0][0], '5')
    } finally {
      await session.close()
    }
  } finally {
    await app.close()
  }
})

test('the failure variant fails copy-nation, publishes a readable message and ends in Fail', async () => {
  const r = await runDemo({ dir, scale: SCALE, fail: true, keepWarehouse: true })
  assert.equal(r.result.status, 'FAILED')
  assert.equal(r.result.error, 'States.TaskFailed')
  const cause = JSON.parse(r.result.cause!) as { JobName: string; Status: string }
  assert.equal(cause.JobName, 'copy-nation')
  assert.equal(cause.Status, 'FAILED')
  const types = r.run.events.map(e => e.type)
  assert.equal(types.at(-1), 'ExecutionFailed')
  const entered = r.run.events.filter(e => e.type.endsWith('StateEntered')).map(e => (e.stateEnteredEventDetails as { name: string }).name)
  assert.deepEqual(entered.slice(-2), ['notify-failure', 'fail'])
  assert.ok(!entered.includes('vacuum-analyze'))
  assert.equal(r.notification?.subject, 'tpch-etl failed')
  const m = r.notification!.message
  assert.match(m, /^The tpch-etl pipeline failed\./)
  assert.match(m, /^Step: {7}copy-nation$/m)
  assert.match(m, /^Job: {8}copy-nation \([0-9a-f-]{36}\), exit code 1$/m)
  assert.match(m, /^Error: {6}States\.TaskFailed$/m)
  assert.match(m, /^Last error: rsql:s3:\/\/tpch-etl-scripts\/nation\/copy\.sql:\d+: ERROR: {2}Load into table 'nation_stage' failed\./m)
  // the failed load changed nothing: the merge of nation never ran
  assert.equal(r.counts.nation, '25')
})

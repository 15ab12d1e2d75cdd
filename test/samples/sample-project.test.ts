import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { validateProject } from '../../src/app.ts'
import { TPCH_SAMPLE_DIR } from '../../src/samples/index.ts'

type State = { Type: string; Next?: string; End?: boolean; Catch?: { ErrorEquals: string[]; Next: string }[]; Retry?: unknown[]; Resource?: string; Branches?: { StartAt: string; States: Record<string, State> }[]; Parameters?: Record<string, unknown> }
const asl = async () => JSON.parse(await readFile(join(TPCH_SAMPLE_DIR, 'workflows', 'etl.asl.json'), 'utf8')) as { StartAt: string; States: Record<string, State> }

test('the sample project validates: config, workflow and every script', async () => {
  const r = await validateProject(TPCH_SAMPLE_DIR)
  assert.deepEqual(r.problems, [])
  assert.equal(r.workflows, 1)
  assert.equal(r.scripts, 7)
})

test('the graph: a Parallel of the two chains, then vacuum-analyze, then the success message', async () => {
  const { StartAt, States } = await asl()
  assert.equal(StartAt, 'apply-defaults')
  const load = States[States['apply-defaults'].Next!]
  assert.equal(load.Type, 'Parallel')
  const chain = (b: { StartAt: string; States: Record<string, State> }) => {
    const names: string[] = []
    for (let n: string | undefined = b.StartAt; n; n = b.States[n].Next) names.push(n)
    return names
  }
  assert.deepEqual(load.Branches!.map(chain), [
    ['copy-customer', 'merge-customer'],
    ['copy-region', 'merge-region', 'copy-nation', 'merge-nation'],
  ])
  assert.equal(load.Next, 'vacuum-analyze')
  assert.equal(States['vacuum-analyze'].Next, 'notify-success')
  assert.equal(States['notify-success'].Resource, 'arn:aws:states:::sns:publish')
  assert.equal(States[States['notify-success'].Next!].Type, 'Succeed')
})

test('a Catch covers every step that can fail, and leads to the failure message and then Fail', async () => {
  const { States } = await asl()
  for (const [name, s] of Object.entries(States)) {
    if (s.Type !== 'Task' && s.Type !== 'Parallel') continue
    if (name === 'notify-failure') { assert.equal(States[s.Next!].Type, 'Fail'); continue }
    assert.deepEqual(s.Catch?.map(c => [c.ErrorEquals, c.Next]), [[['States.ALL'], 'notify-failure']], name)
  }
})

test('every Batch task retries transient Batch errors and names its job after its state', async () => {
  const { States } = await asl()
  const tasks = Object.entries(States).flatMap(([n, s]) => s.Branches ? s.Branches.flatMap(b => Object.entries(b.States)) : [[n, s] as const])
    .filter(([, s]) => s.Resource === 'arn:aws:states:::batch:submitJob.sync')
  assert.equal(tasks.length, 7)
  for (const [name, s] of tasks) {
    assert.equal(s.Parameters!.JobName, name)
    assert.equal(s.Parameters!.JobQueue, 'etl-queue')
    assert.equal(s.Parameters!.JobDefinition, 'rsql-job')
    assert.ok(Array.isArray(s.Retry) && s.Retry.length > 0, name)
    const env = (s.Parameters!.ContainerOverrides as { Environment: { Name: string }[] }).Environment.map(e => e.Name)
    assert.deepEqual(env, ['BATCH_SCRIPT_LOCATION', 'DATA_BUCKET_NAME', 'DATA_PREFIX', 'COPY_IAM_ROLE_ARN'])
  }
})

test('the scripts check every statement and exit non-zero with the message', async () => {
  for (const table of ['customer', 'nation', 'region']) {
    for (const script of ['copy', 'merge']) {
      const text = await readFile(join(TPCH_SAMPLE_DIR, 'scripts', table, `${script}.sql`), 'utf8')
      const lines = text.split('\n')
      lines.forEach((line, i) => {
        if (!/;\s*$/.test(line) || line.startsWith('--')) return
        const next = lines.slice(i + 1).find(l => l.trim() !== '')
        assert.equal(next, '\\if :ERROR <> 0', `${table}/${script}.sql:${i + 1} is followed by an error check`)
      })
      assert.match(text, /\\remark :LAST_ERROR_MESSAGE\n {2}\\exit 1\n/)
    }
  }
  const copy = await readFile(join(TPCH_SAMPLE_DIR, 'scripts', 'customer', 'copy.sql'), 'utf8')
  assert.match(copy, /copy customer_stage from 's3:\/\/\$\{DATA_BUCKET_NAME\}\/\$\{DATA_PREFIX\}customer\.tbl\.lzo'\niam_role '\$\{COPY_IAM_ROLE_ARN\}'\nlzop delimiter '\|'/)
})

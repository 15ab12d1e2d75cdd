import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, ensureBucket, validateProject, warehouseTarget } from '../../src/app.ts'
import { loadProject } from '../../src/project/index.ts'

async function project(config: object, workflows: Record<string, object>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rsqlflow-app-'))
  await mkdir(join(dir, 'workflows'))
  await writeFile(join(dir, 'rsqlflow.json'), JSON.stringify(config))
  for (const [name, definition] of Object.entries(workflows)) await writeFile(join(dir, 'workflows', `${name}.asl.json`), JSON.stringify(definition))
  return dir
}

const pass = { StartAt: 'p', States: { p: { Type: 'Pass', Parameters: { 'key.$': '$.detail.object.key' }, End: true } } }

test('an object-created trigger starts its workflow with the S3 event as input', async () => {
  const dir = await project({
    name: 'trig',
    triggers: [{ name: 'on-upload', workflow: 'ingest', eventPattern: { source: ['aws.s3'], detail: { object: { key: [{ prefix: 'incoming/' }] } } } }],
  }, { ingest: pass })
  const app = await createApp(await loadProject({ dir }), { triggers: true })
  try {
    await ensureBucket(app.objects, 'trig-data')
    await app.objects.put('s3://trig-data/other/x.csv', 'a')
    await app.objects.put('s3://trig-data/incoming/orders.csv', 'a,b')
    await app.triggers!.drain()
    const { executions } = app.states.listExecutions({ stateMachine: 'ingest' })
    assert.equal(executions.length, 1, 'only the matching key starts an execution')
    const result = await app.states.waitFor(executions[0].executionArn)
    assert.deepEqual(result.output, { key: 'incoming/orders.csv' })
  } finally {
    await app.close()
    await rm(dir, { recursive: true, force: true })
  }
})

test('every workflow is a state machine: a nested .sync execution finds another workflow', async () => {
  const dir = await project({ name: 'nest' }, {
    child: { StartAt: 'c', States: { c: { Type: 'Pass', Result: 'from child', End: true } } },
    parent: {
      StartAt: 'call',
      States: {
        call: {
          Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:child', Input: {} },
          OutputPath: '$.Output', End: true,
        },
      },
    },
  })
  const app = await createApp(await loadProject({ dir }))
  try {
    const run = await app.startWorkflow('parent')
    const result = await run.done
    assert.equal(result.status, 'SUCCEEDED', result.cause)
    assert.equal(result.output, 'from child')
    assert.equal(app.states.listExecutions({ stateMachine: 'child' }).executions.length, 1)
  } finally {
    await app.close()
    await rm(dir, { recursive: true, force: true })
  }
})

test('the warehouse target comes from the config', async () => {
  const dir = await project({ name: 'wh', warehouse: { target: 'postgres://etl:pw@db.example:5433/dev' } }, {})
  try {
    const p = await loadProject({ dir })
    assert.deepEqual(warehouseTarget(p), { type: 'postgres', host: 'db.example', port: 5433, database: 'dev', user: 'etl', password: 'pw', ssl: undefined, sslRootCert: undefined })
    p.config.warehouse = { target: 'postgres://etl@db.example/dev?sslmode=verify' }
    assert.throws(() => warehouseTarget(p), /^ConfigError: rsqlflow\.json:1:36: warehouse\.target: invalid sslmode value: "verify"$/)
    p.config.warehouse = { target: 'postgres://etl@db.example:99999/dev' }
    assert.throws(() => warehouseTarget(p), /^ConfigError: rsqlflow\.json:1:36: warehouse\.target: invalid port number: "99999"$/)
    p.config.warehouse = { target: 'local' }
    assert.deepEqual(warehouseTarget(p), { type: 'local', dir: join(dir, '.rsqlflow', 'warehouse') })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('validateProject reports workflow and resource problems with JSON pointers', async () => {
  const dir = await project({ name: 'val', topics: [{ name: 'alerts' }] }, {
    bad: { StartAt: 'missing', States: { a: { Type: 'Pass', End: true } } },
    refs: {
      StartAt: 'n',
      States: { n: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: 'arn:aws:sns:us-east-1:000000000000:alert', Message: 'x' }, End: true } },
    },
  })
  await writeFile(join(dir, 'workflows', 'syntax.asl.json'), '{\n  "StartAt": "a",\n}')
  await mkdir(join(dir, 'scripts'), { recursive: true })
  await writeFile(join(dir, 'scripts', 'latin1.sql'), Buffer.from('select 1;\nselect \'caf\xe9\';\n', 'latin1'))
  try {
    const r = await validateProject(dir)
    const lines = r.problems.map(p => `${p.file}: ${p.path}: ${p.message}`)
    assert.ok(lines.some(l => l.startsWith('workflows/bad.asl.json:1:12: /StartAt: ')), lines.join('\n'))
    assert.ok(lines.includes('workflows/refs.asl.json:1:112: /States/n/Parameters/TopicArn: unknown topic "alert" (rsqlflow.json has "alerts")'), lines.join('\n'))
    assert.ok(lines.includes('workflows/syntax.asl.json:3:1: : invalid JSON: trailing comma before "}"'), lines.join('\n'))
    assert.ok(lines.includes('scripts/latin1.sql:2: : invalid byte sequence for encoding "UTF8": 0xe9 0x27 0x3b'), lines.join('\n'))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

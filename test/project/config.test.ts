import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  checkConfigParts, checkConfigText, ConfigError, formatProblem, loadProject, parseConfig, projectSchema, validateSchema, resourceName, stateMachineArn, topicArn,
} from '../../src/project/index.ts'

const problems = (text: string, workflows?: string[]) => checkConfigText(text, { workflows }).problems.map(formatProblem)

test('a config error names the field and what is wrong', () => {
  assert.deepEqual(problems(JSON.stringify({ name: 'tpch-etl', jobDefinitions: [{ name: 'rsql-job', retryStrategy: { attempts: 11 } }] })),
    ['rsqlflow.json:1:85: jobDefinitions[0].retryStrategy.attempts: must be 1 to 10'])
  assert.deepEqual(problems('{"name":"x1","jobQueus":[]}'), ['rsqlflow.json:1:25: jobQueus: unknown field (did you mean "jobQueues"?)'])
  assert.deepEqual(problems('{}'), ['rsqlflow.json:1:1: name: is required'])
  assert.deepEqual(problems('{"name":"Bad Name"}'),
    ['rsqlflow.json:1:9: name: must be 2 to 42 lower-case letters, digits and hyphens, starting and ending with a letter or digit'])
  assert.deepEqual(problems('{"name":"ab","objectStore":{"type":"ftp"}}'), ['rsqlflow.json:1:36: objectStore.type: must be one of "local", "s3"'])
  assert.deepEqual(problems('{"name":"ab","buckets":{"data":"Data_Bucket"}}'),
    ['rsqlflow.json:1:32: buckets.data: must be a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens'])
  assert.deepEqual(problems('{"name":"ab","smtp":{"port":"25"}}'), ['rsqlflow.json:1:29: smtp.port: must be an integer'])
})

test('every problem is reported at once', () => {
  const all = problems(JSON.stringify({
    name: 'ab', region: 'mars', jobQueues: [{ name: 'q', priority: -1 }], topics: [{ name: 't', subscriptions: [{ protocol: 'sms' }] }],
  }))
  assert.deepEqual(all, [
    'rsqlflow.json:1:23: region: must be an AWS region such as us-east-1',
    'rsqlflow.json:1:66: jobQueues[0].priority: must be 0 to 1000',
    'rsqlflow.json:1:122: topics[0].subscriptions[0].protocol: must be one of "file", "email", "email-json", "http", "https"',
  ])
})

test('references between entries are checked', () => {
  const all = problems(JSON.stringify({
    name: 'ab',
    computeEnvironments: [{ name: 'local' }],
    jobQueues: [{ name: 'q', computeEnvironmentOrder: ['locl'] }, { name: 'q' }],
    jobDefinitions: [{ name: 'j', retryStrategy: { evaluateOnExit: [{ onExitCode: '1', action: 'EXIT' }] } }],
    topics: [{ name: 't', subscriptions: [{ protocol: 'email' }, { protocol: 'https', endpoint: 'http://x' }] }],
    warehouse: { target: 'local', dsn: 'etl' },
    schedules: [{ name: 's', workflow: 'elt', scheduleExpression: 'rate(1 hour)' }],
  }, null, 2), ['etl'])
  assert.deepEqual(all, [
    'rsqlflow.json:16:15: jobQueues[1].name: duplicate name "q" (also jobQueues[0])',
    'rsqlflow.json:46:16: warehouse: set either target or dsn, not both',
    'rsqlflow.json:12:9: jobQueues[0].computeEnvironmentOrder[0]: unknown compute environment "locl" (did you mean "local"?)',
    'rsqlflow.json:22:24: jobDefinitions[0].retryStrategy.attempts: is required when evaluateOnExit is set',
    'rsqlflow.json:36:9: topics[0].subscriptions[0].endpoint: is required for protocol "email"',
    'rsqlflow.json:41:23: topics[0].subscriptions[1].endpoint: must be a https:// URL',
    'rsqlflow.json:53:19: schedules[0].workflow: no workflow "elt" (workflows/elt.asl.json does not exist); did you mean "etl"?',
  ])
})

test('a field problem is located at the line and column of its value, as a compiler locates an error', () => {
  const text = [
    '{',
    '  "name": "p1",',
    '  "jobQueues": [',
    '    { "name": "etl-queue", "priority": "high" }',
    '  ],',
    '  "warehouse": {',
    '    "target": 5432',
    '  },',
    '  "jobQueus": [],',
    '  "triggers": [{ "name": "t", "workflow": "hello" }],',
    '  "buckets": { "data": "ok-data", "data": "Bad" },',
    '  "tags": { "odd key": 1 }',
    '}',
  ].join('\r\n') // Windows line ends: the column is still counted from the line's start
  assert.deepEqual(problems(text, ['hello']), [
    'rsqlflow.json:4:40: jobQueues[0].priority: must be an integer',
    'rsqlflow.json:7:15: warehouse.target: must be a string',
    'rsqlflow.json:9:15: jobQueus: unknown field (did you mean "jobQueues"?)',
    // a field that is missing: the object that lacks it
    'rsqlflow.json:10:16: triggers[0].eventPattern: is required',
    // a key given twice: the last, the one JSON.parse keeps
    'rsqlflow.json:11:43: buckets.data: must be a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens',
    'rsqlflow.json:12:11: tags: unknown field',
  ])
  // a problem of the document itself: where it starts
  assert.deepEqual(problems('\n  []'), ['rsqlflow.json:2:3: must be an object'])
  assert.deepEqual(checkConfigParts('\n  []').problems.map(formatProblem), ['rsqlflow.json:2:3: must be an object'])
})

test('JSON syntax errors are located by line and column', () => {
  assert.deepEqual(problems('{\n  "name": "ab",\n}\n'), ['rsqlflow.json:3:1: invalid JSON: trailing comma before "}"'])
  assert.deepEqual(problems('{\n  // comment\n}'), ['rsqlflow.json:2:3: invalid JSON: expected a property name in double quotes, found a comment (JSON has none)'])
  assert.deepEqual(problems('{"name": "ab" /* c */}'), ['rsqlflow.json:1:15: invalid JSON: expected "," or "}" after a property value, found a comment (JSON has none)'])
  // an editor's byte order mark is invisible: said in words, not as the character itself
  assert.deepEqual(problems('\ufeff{"name": "ab"}'), ['rsqlflow.json:1:1: invalid JSON: a byte order mark (U+FEFF) at the start: save the file as UTF-8 without one'])
})

test('defaults give the zero-config local setup', () => {
  const c = parseConfig('{"name":"tpch-etl"}')
  assert.equal(c.region, 'us-east-1')
  assert.equal(c.accountId, '000000000000')
  assert.deepEqual(c.warehouse, { target: 'local' })
  assert.deepEqual(c.objectStore, { type: 'local' })
  assert.deepEqual(c.buckets, { scripts: 'tpch-etl-scripts', data: 'tpch-etl-data' })
  assert.deepEqual(c.computeEnvironments.map(ce => [ce.name, ce.maxvCpus]), [['local', 4]])
  assert.deepEqual(c.jobQueues.map(q => [q.name, q.computeEnvironmentOrder]), [['etl-queue', ['local']]])
  assert.equal(c.jobDefinitions[0].name, 'rsql-job')
  assert.equal(c.jobDefinitions[0].executor, 'fetch-and-run')
  assert.deepEqual(c.jobDefinitions[0].containerProperties.command, ['fetch-and-run'])
  assert.deepEqual(c.topics, [])
  assert.equal(c.smtp.port, 25)
  assert.throws(() => parseConfig('{"name":"x"}'), (e: unknown) => e instanceof ConfigError && e.code === 'ValidationException' && /^rsqlflow\.json:1:9: name: must be/.test(e.message))
})

test('the contract example validates', () => {
  const example = {
    $schema: 'https://rsqlflow.dev/schema/rsqlflow.schema.json', name: 'tpch-etl', region: 'us-east-1', accountId: '000000000000',
    warehouse: { target: 'postgres://user:pw@host:5432/db' },
    objectStore: { type: 's3', endpoint: 'http://127.0.0.1:4569', region: 'us-east-1', forcePathStyle: true },
    buckets: { scripts: 'tpch-etl-scripts', data: 'tpch-etl-data' },
    computeEnvironments: [{ name: 'local', maxvCpus: 4 }],
    jobQueues: [{ name: 'etl-queue', priority: 1, computeEnvironmentOrder: ['local'] }],
    jobDefinitions: [{
      name: 'rsql-job', executor: 'fetch-and-run', parameters: {},
      containerProperties: {
        command: ['fetch-and-run'], environment: [{ name: 'DATA_BUCKET_NAME', value: 'tpch-etl-data' }],
        resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '2048' }],
      },
      retryStrategy: { attempts: 2, evaluateOnExit: [{ onExitCode: '1', action: 'EXIT' }] },
      timeout: { attemptDurationSeconds: 3600 },
    }],
    topics: [{ name: 'etl-notifications', subscriptions: [{ protocol: 'file' }, { protocol: 'email', endpoint: 'ops@example.com' }] }],
    smtp: { host: '127.0.0.1', port: 25, secure: false, from: 'rsqlflow@localhost' },
    triggers: [{ name: 'on-upload', workflow: 'etl', eventPattern: { source: ['aws.s3'] } }],
    schedules: [{ name: 'nightly', workflow: 'etl', scheduleExpression: 'cron(0 2 * * ? *)', input: {} }],
  }
  assert.deepEqual(problems(JSON.stringify(example), ['etl']), [])
})

test('the sample project config validates against the schema', async () => {
  const text = await readFile(new URL('../../src/samples/tpch/rsqlflow.json', import.meta.url), 'utf8')
  assert.deepEqual(validateSchema(JSON.parse(text), projectSchema()), [])
})

test('loadProject finds the project walking up from a sub-folder', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rsqlflow-project-'))
  try {
    await mkdir(join(dir, 'workflows'), { recursive: true })
    await mkdir(join(dir, 'scripts', 'deep'), { recursive: true })
    await writeFile(join(dir, 'rsqlflow.json'), '{"name":"walk-up"}')
    await writeFile(join(dir, 'workflows', 'etl.asl.json'), '{}')
    await writeFile(join(dir, 'workflows', 'notes.txt'), '')
    const p = await loadProject({ cwd: join(dir, 'scripts', 'deep') })
    assert.equal(p.dir, dir)
    assert.equal(p.config.name, 'walk-up')
    assert.deepEqual(p.workflows.map(w => [w.name, w.path]), [['etl', 'workflows/etl.asl.json']])
    assert.equal(p.paths.store, join(dir, '.rsqlflow', 'store.db'))
    await assert.rejects(loadProject({ cwd: tmpdir() === '/' ? '/' : join(dir, '..') }), (e: unknown) =>
      e instanceof ConfigError && e.code === 'ProjectNotFound' && /rsqlflow init/.test(e.message))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('ARNs are built from the config and names read back from ARNs', () => {
  const c = parseConfig('{"name":"ab","region":"eu-west-1","accountId":"123456789012"}')
  assert.equal(stateMachineArn(c, 'etl'), 'arn:aws:states:eu-west-1:123456789012:stateMachine:etl')
  assert.equal(topicArn(c, 'n'), 'arn:aws:sns:eu-west-1:123456789012:n')
  assert.equal(resourceName('arn:aws:batch:us-east-1:000000000000:job-definition/rsql-job:3'), 'rsql-job')
  assert.equal(resourceName('arn:aws:batch:us-east-1:000000000000:job-queue/etl-queue'), 'etl-queue')
  assert.equal(resourceName('arn:aws:states:us-east-1:000000000000:stateMachine:etl'), 'etl')
  assert.equal(resourceName('arn:aws:sns:us-east-1:000000000000:tpch-etl-notifications'), 'tpch-etl-notifications')
  assert.equal(resourceName('rsql-job:2'), 'rsql-job')
})

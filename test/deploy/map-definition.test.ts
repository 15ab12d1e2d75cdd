import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { mapDefinition, type DeployedNames } from '../../src/deploy/index.ts'
import { TPCH_SAMPLE_DIR } from '../../src/samples/index.ts'
import { validateDefinition } from '../../src/states/index.ts'

const names: DeployedNames = {
  partition: 'PARTITION',
  jobQueues: { 'etl-queue': 'QUEUE_ARN' },
  jobDefinitions: { 'rsql-job': 'JOBDEF_ARN' },
  topics: { 'etl-notifications': 'TOPIC_ARN' },
  stateMachines: { etl: 'ETL_ARN', child: 'CHILD_ARN' },
  buckets: { 'tpch-etl-scripts': 'SCRIPTS_BUCKET', 'tpch-etl-data': 'DATA_BUCKET' },
  roles: { 'tpch-etl-copy': 'COPY_ROLE_ARN' },
}

const task = (parameters: object, resource = 'arn:aws:states:::batch:submitJob.sync') =>
  ({ StartAt: 'a', States: { a: { Type: 'Task', Resource: resource, Parameters: parameters, End: true } } })

const params = (def: unknown) => (def as { States: { a: { Parameters: Record<string, unknown> } } }).States.a.Parameters

test('batch JobQueue and JobDefinition names become the deployed ARNs; unknown names stay', () => {
  const out = mapDefinition(task({ JobName: 'etl-queue', JobQueue: 'etl-queue', JobDefinition: 'rsql-job:3' }), names)
  assert.deepEqual(params(out.definition), { JobName: 'etl-queue', JobQueue: 'QUEUE_ARN', JobDefinition: 'JOBDEF_ARN' })
  assert.deepEqual([...out.references.jobQueues], ['etl-queue'])
  const other = mapDefinition(task({ JobQueue: 'other-queue', JobDefinition: 'other-job' }), names)
  assert.deepEqual(params(other.definition), { JobQueue: 'other-queue', JobDefinition: 'other-job' })
  // A bare name outside a Batch task is just text.
  const sns = mapDefinition(task({ JobQueue: 'etl-queue' }, 'arn:aws:states:::sns:publish'), names)
  assert.equal(params(sns.definition).JobQueue, 'etl-queue')
})

test('local ARNs of any region and account map; the job definition revision is dropped', () => {
  const out = mapDefinition(task({
    JobQueue: 'arn:aws:batch:us-east-1:000000000000:job-queue/etl-queue',
    JobDefinition: 'arn:aws:batch:eu-west-1:123456789012:job-definition/rsql-job:7',
    TopicArn: 'arn:aws:sns:us-east-1:000000000000:etl-notifications',
    StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:child',
    Role: 'arn:aws:iam::000000000000:role/tpch-etl-copy',
  }), names)
  assert.deepEqual(params(out.definition), {
    JobQueue: 'QUEUE_ARN', JobDefinition: 'JOBDEF_ARN', TopicArn: 'TOPIC_ARN', StateMachineArn: 'CHILD_ARN', Role: 'COPY_ROLE_ARN',
  })
  assert.deepEqual([...out.references.stateMachines], ['child'])
  assert.deepEqual([...out.references.roles], ['tpch-etl-copy'])
})

test('a name is mapped only as a whole name, never as part of a longer one', () => {
  const texts = {
    a: 'arn:aws:sns:us-east-1:000000000000:etl-notifications-archive',
    b: 'arn:aws:states:us-east-1:000000000000:execution:etl:run-1',
    c: 'arn:aws:states:us-east-1:000000000000:stateMachine:etl2',
    d: 's3://tpch-etl-data-archive/x', e: 's3://my-tpch-etl-data/x', f: 'tpch-etl-data.example.com',
    g: 'arn:aws:iam::000000000000:role/tpch-etl-copy-admin',
    h: 'arn:aws:batch:us-east-1:000000000000:job-queue/etl-queue-2',
  }
  const out = mapDefinition(task(texts, 'arn:aws:states:::sns:publish'), names)
  assert.deepEqual(params(out.definition), texts)
  for (const set of Object.values(out.references)) assert.equal(set.size, 0)
})

test('bucket names and ARNs inside JSONata and intrinsic expressions are mapped in place', () => {
  const out = mapDefinition(task({
    'Location.$': "States.Format('s3://tpch-etl-scripts/{}', $.key)",
    Settings: "{% $merge([{ 'dataBucket': 'tpch-etl-data', 'copy': 'arn:aws:iam::000000000000:role/tpch-etl-copy' }, $states.input]) %}",
    Arn: 'arn:aws:s3:::tpch-etl-data/incoming/*',
  }, 'arn:aws:states:::sns:publish'), names)
  assert.deepEqual(params(out.definition), {
    'Location.$': "States.Format('s3://SCRIPTS_BUCKET/{}', $.key)",
    Settings: "{% $merge([{ 'dataBucket': 'DATA_BUCKET', 'copy': 'COPY_ROLE_ARN' }, $states.input]) %}",
    Arn: 'arn:aws:s3:::DATA_BUCKET/incoming/*',
  })
})

test('Task resources get the deployed partition and are listed with their JSON pointers, nested machines included', () => {
  const def = {
    StartAt: 'p',
    States: {
      p: {
        Type: 'Parallel', Next: 'm',
        Branches: [{ StartAt: 'x/y', States: { 'x/y': { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { Message: 'hi' }, End: true } } }],
      },
      m: {
        Type: 'Map', End: true,
        ItemProcessor: { StartAt: 'q', States: { q: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:child' }, End: true } } },
      },
    },
  }
  const out = mapDefinition(def, names)
  assert.deepEqual(out.integrations, [
    { resource: 'arn:aws:states:::sns:publish', pointer: '/States/p/Branches/0/States/x~1y/Resource' },
    { resource: 'arn:aws:states:::states:startExecution.sync:2', pointer: '/States/m/ItemProcessor/States/q/Resource' },
  ])
  const mapped = out.definition as typeof def
  assert.equal(mapped.States.p.Branches[0].States['x/y'].Resource, 'arn:PARTITION:states:::sns:publish')
  assert.equal(mapped.States.m.ItemProcessor.States.q.Parameters.StateMachineArn, 'CHILD_ARN')
})

test('keys, numbers, booleans and nulls are untouched, and the input is not modified', () => {
  const def = task({ 'tpch-etl-data': 1, n: null, t: true, list: ['tpch-etl-data', 2] }, 'arn:aws:states:::sns:publish')
  const before = structuredClone(def)
  const out = mapDefinition(def, names)
  assert.deepEqual(def, before)
  assert.deepEqual(params(out.definition), { 'tpch-etl-data': 1, n: null, t: true, list: ['DATA_BUCKET', 2] })
})

test('with every name mapped to itself the sample workflow comes back unchanged', () => {
  const local = JSON.parse(readFileSync(join(TPCH_SAMPLE_DIR, 'workflows/etl.asl.json'), 'utf8'))
  const identity: DeployedNames = {
    partition: 'aws',
    jobQueues: { 'etl-queue': 'etl-queue' }, jobDefinitions: { 'rsql-job': 'rsql-job' },
    topics: { 'tpch-etl-notifications': 'arn:aws:sns:us-east-1:000000000000:tpch-etl-notifications' },
    stateMachines: { etl: 'arn:aws:states:us-east-1:000000000000:stateMachine:etl' },
    buckets: { 'tpch-etl-scripts': 'tpch-etl-scripts', 'tpch-etl-data': 'tpch-etl-data' },
    roles: { 'tpch-etl-copy': 'arn:aws:iam::000000000000:role/tpch-etl-copy' },
  }
  const out = mapDefinition(local, identity)
  assert.deepEqual(out.definition, local)
  assert.deepEqual([...out.references.topics], ['tpch-etl-notifications'])
  assert.deepEqual([...out.references.buckets].sort(), ['tpch-etl-data', 'tpch-etl-scripts'])
  // 7 Batch tasks (6 in the Parallel, vacuum-analyze) and 2 SNS publishes.
  assert.equal(out.integrations.length, 9)
})

test('the sample workflow mapped to deployed-looking ARNs still passes the local validator', () => {
  const local = JSON.parse(readFileSync(join(TPCH_SAMPLE_DIR, 'workflows/etl.asl.json'), 'utf8'))
  const deployed: DeployedNames = {
    partition: 'aws-cn',
    jobQueues: { 'etl-queue': 'arn:aws-cn:batch:cn-north-1:123456789012:job-queue/tpch-etl-prod-etl-queue' },
    jobDefinitions: { 'rsql-job': 'arn:aws-cn:batch:cn-north-1:123456789012:job-definition/tpch-etl-prod-rsql-job' },
    topics: { 'tpch-etl-notifications': 'arn:aws-cn:sns:cn-north-1:123456789012:tpch-etl-prod-tpch-etl-notifications' },
    stateMachines: {},
    buckets: { 'tpch-etl-scripts': 'tpch-etl-prod-storage-bucketscripts-1a2b3c', 'tpch-etl-data': 'tpch-etl-prod-storage-bucketdata-4d5e6f' },
    roles: { 'tpch-etl-copy': 'arn:aws-cn:iam::123456789012:role/tpch-etl-prod-warehouse-CopyRole-XYZ' },
  }
  const out = mapDefinition(local, deployed)
  assert.deepEqual(validateDefinition(out.definition), [])
  const text = JSON.stringify(out.definition)
  assert.doesNotMatch(text, /arn:aws:/)
  assert.doesNotMatch(text, /000000000000|'tpch-etl-data'|s3:\/\/tpch-etl-scripts/)
  assert.match(text, /arn:aws-cn:states:::batch:submitJob\.sync/)
})

// A richer copy of the sample: a provisioned cluster, a concrete account and region, a trigger on the data
// bucket, a schedule, an email subscription, a data/ folder and a second workflow that starts the first
// and queries Redshift through the Data API. Synthesized once.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Match } from 'aws-cdk-lib/assertions'
import { list, nagFindings, resources, sampleCopy, statements, symbolic, synthesize, writeText, type Synthesized } from './helpers.ts'

const PREFIX = 'tpch-etl-prod'
let s: Synthesized
let cleanup: () => Promise<void>

const nightly = {
  StartAt: 'load',
  States: {
    load: {
      Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Arguments: { StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:etl', Input: { scaleFactor: 1 } },
      QueryLanguage: 'JSONata', Next: 'count',
    },
    count: {
      Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:redshiftdata:executeStatement', QueryLanguage: 'JSONata',
      Arguments: { Database: 'etl', Sql: 'select count(*) from customer' }, End: true,
    },
  },
}

before(async () => {
  const copy = await sampleCopy(async (config, dir) => {
    config.topics[0].subscriptions.push({ protocol: 'email', endpoint: 'ops@example.com' })
    config.triggers = [{ name: 'on-upload', workflow: 'etl', eventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['tpch-etl-data'] }, object: { key: [{ prefix: 'incoming/' }] } } } }]
    config.schedules = [{ name: 'nightly', workflow: 'nightly', scheduleExpression: 'cron(0 2 * * ? *)', scheduleExpressionTimezone: 'Europe/Paris', input: { dataBucket: 'tpch-etl-data' } }]
    await writeText(dir, 'workflows/nightly.asl.json', JSON.stringify(nightly, null, 2))
    await writeText(dir, 'data/seed/region.tbl', '0|AFRICA|lar deposits|\n')
  })
  cleanup = copy.cleanup
  s = await synthesize(copy.project, { stage: 'prod', account: '123456789012', region: 'eu-west-1', warehouse: 'provisioned' }, false)
})
after(async () => { await cleanup?.(); if (s) await rm(s.outdir, { recursive: true, force: true }) })

test('a provisioned single-node cluster: encrypted, private, TLS-only parameter group, managed admin password, CloudWatch audit logs', () => {
  const t = s.templates.Warehouse
  t.resourceCountIs('AWS::RedshiftServerless::Workgroup', 0)
  t.hasResourceProperties('AWS::Redshift::Cluster', {
    ClusterIdentifier: `${PREFIX}-warehouse`, ClusterType: 'single-node', NodeType: 'ra3.large', DBName: 'etl',
    Encrypted: true, PubliclyAccessible: false, EnhancedVpcRouting: true, ManageMasterPassword: true,
    LoggingProperties: { LogDestinationType: 'cloudwatch', LogExports: Match.arrayWith(['useractivitylog']) },
  })
  t.hasResourceProperties('AWS::Redshift::ClusterParameterGroup', { Parameters: Match.arrayWith([{ ParameterName: 'require_ssl', ParameterValue: 'true' }]) })
  const services = resources(s.json, 'AWS::EC2::VPCEndpoint').map(([, , p]) => symbolic(p.ServiceName))
  assert.ok(services.some(x => x.endsWith('.redshift')) && !services.some(x => x.endsWith('redshift-serverless')))
})

test('a concrete account and region need no lookups: zones still come from Fn::GetAZs', () => {
  const manifest = JSON.parse(readFileSync(join(s.outdir, 'manifest.json'), 'utf8'))
  assert.equal(manifest.missing, undefined)
  assert.equal(manifest.artifacts.Network.environment, 'aws://123456789012/eu-west-1')
  assert.equal(resources(s.json, 'AWS::EC2::Subnet').length, 3)
  s.templates.Network.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } })
})

test('jobs get provisioned-cluster credentials for the etl user only', () => {
  const job = statements({ Runtime: s.json.Runtime }).filter(x => x.id.startsWith('JobRole')).map(x => x.statement)
  const creds = job.find(st => st.Sid === 'ClusterCredentials')
  assert.deepEqual(list(creds.Action).sort(), ['redshift:CreateClusterUser', 'redshift:GetClusterCredentials'])
  assert.deepEqual(list(creds.Resource).map(symbolic).sort(), [
    `arn:<AWS::Partition>:redshift:eu-west-1:123456789012:dbname:${PREFIX}-warehouse/etl`,
    `arn:<AWS::Partition>:redshift:eu-west-1:123456789012:dbuser:${PREFIX}-warehouse/etl`,
  ])
})

test('a trigger is an EventBridge rule whose pattern names the deployed data bucket, starting only its workflow', () => {
  const [[, , rule]] = resources(s.json, 'AWS::Events::Rule')
  assert.equal(rule.Name, `${PREFIX}-on-upload`)
  assert.deepEqual(rule.EventPattern.detail.bucket.name.map(symbolic), [`<import:${PREFIX}-bucket-data>`])
  assert.deepEqual(rule.EventPattern.detail.object, { key: [{ prefix: 'incoming/' }] })
  assert.equal(symbolic(rule.Targets[0].Arn), `arn:<AWS::Partition>:states:eu-west-1:123456789012:stateMachine:${PREFIX}-etl`)
  const start = statements({ Triggers: s.json.Triggers }).map(x => x.statement)
  assert.deepEqual(start.flatMap(st => list(st.Action)), ['states:StartExecution'])
  assert.deepEqual(start.flatMap(st => list(st.Resource)).map(symbolic).sort(), [
    `arn:<AWS::Partition>:states:eu-west-1:123456789012:stateMachine:${PREFIX}-etl`,
    `arn:<AWS::Partition>:states:eu-west-1:123456789012:stateMachine:${PREFIX}-nightly`,
  ])
  s.templates.Storage.hasResourceProperties('AWS::S3::Bucket', { NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } } })
})

test('a schedule is an EventBridge Scheduler schedule with its time zone and mapped input', () => {
  const [[, , schedule]] = resources(s.json, 'AWS::Scheduler::Schedule')
  assert.equal(schedule.Name, `${PREFIX}-nightly`)
  assert.equal(schedule.ScheduleExpression, 'cron(0 2 * * ? *)')
  assert.equal(schedule.ScheduleExpressionTimezone, 'Europe/Paris')
  assert.equal(schedule.State, 'ENABLED')
  assert.deepEqual(JSON.parse(symbolic(schedule.Target.Input)), { dataBucket: `<import:${PREFIX}-bucket-data>` })
})

test('a workflow starting another and using the Data API gets exactly those permissions', () => {
  const role = statements({ Workflows: s.json.Workflows }).filter(x => x.id.startsWith('Rolenightly')).map(x => x.statement)
  const bySid = Object.fromEntries(role.filter(st => st.Sid).map(st => [st.Sid, { actions: list(st.Action).sort(), resources: list(st.Resource).map(symbolic).sort() }]))
  const machine = `arn:<AWS::Partition>:states:eu-west-1:123456789012:stateMachine:${PREFIX}-etl`
  assert.deepEqual(bySid.StartWorkflows, { actions: ['states:StartExecution'], resources: [machine] })
  assert.deepEqual(bySid.FollowWorkflows.resources, [`arn:<AWS::Partition>:states:eu-west-1:123456789012:execution:${PREFIX}-etl:*`])
  assert.deepEqual(bySid.RunStatements, { actions: ['redshift-data:ExecuteStatement'], resources: [`arn:<AWS::Partition>:redshift:eu-west-1:123456789012:cluster:${PREFIX}-warehouse`] })
  assert.ok(bySid.ClusterCredentials)
  assert.equal(bySid.SubmitJobs, undefined)
  const [, , sm] = resources(s.json, 'AWS::StepFunctions::StateMachine').find(([, , p]) => p.StateMachineName === `${PREFIX}-nightly`)!
  const deployed = JSON.parse(symbolic(sm.DefinitionString))
  assert.equal(deployed.States.load.Arguments.StateMachineArn, machine)
  assert.equal(deployed.States.count.Resource, 'arn:<AWS::Partition>:states:::aws-sdk:redshiftdata:executeStatement')
})

test('email subscriptions deploy; data/ is published without pruning', () => {
  s.templates.Notifications.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' })
  const deployments = resources(s.json, 'Custom::CDKBucketDeployment').map(([, , p]) => [symbolic(p.DestinationBucketName), p.Prune])
  assert.deepEqual(deployments.sort(), [[`<import:${PREFIX}-bucket-data>`, false], [`<import:${PREFIX}-bucket-scripts>`, true]])
  const publish = statements({ Publish: s.json.Publish }).map(x => x.statement)
  assert.deepEqual(publish.find(st => st.Sid === 'WriteDataObjects').Action, 's3:PutObject')
  assert.deepEqual(list(publish.find(st => st.Sid === 'WriteScriptsObjects').Action).sort(), ['s3:DeleteObject', 's3:PutObject'])
})

test('no wildcard actions and no unacknowledged cdk-nag findings here either', () => {
  for (const { stack, id, statement } of statements(s.json)) for (const a of list(statement.Action)) assert.ok(!String(a).includes('*'), `${stack}/${id}: ${a}`)
  assert.deepEqual(nagFindings(s.stacks.app), [])
})

// The sample project synthesized once (stage "test", environment-agnostic, Redshift Serverless), and
// its templates checked resource by resource, then as a whole (IAM, names, partitions, cdk-nag).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Stack } from 'aws-cdk-lib'
import { Match } from 'aws-cdk-lib/assertions'
import { loadProject } from '../../src/project/index.ts'
import { TPCH_SAMPLE_DIR } from '../../src/samples/index.ts'
import { validateDefinition } from '../../src/states/index.ts'
import { mapDefinition, type DeployedNames } from '../../src/deploy/index.ts'
import { list, nagFindings, resources, statements, symbolic, synthesize, type Synthesized } from './helpers.ts'

let s: Synthesized
before(async () => {
  s = await synthesize(await loadProject({ dir: TPCH_SAMPLE_DIR }), { stage: 'test' })
})
after(() => rm(s.outdir, { recursive: true, force: true }))

const PREFIX = 'tpch-etl-test'
/** The symbols as CloudFormation would fill them in one account and region. */
const asDeployed = (text: string) => text
  .replace(/<AWS::Partition>/g, 'aws').replace(/<AWS::Region>/g, 'eu-west-1').replace(/<AWS::AccountId>/g, '123456789012')
  .replace(/<import:[a-z-]+-bucket-([a-z]+)>/g, 'tpch-etl-test-storage-bucket$1-1a2b3c4d')
  .replace(/<import:[a-z-]+-copy-role-arn>/g, 'arn:aws:iam::123456789012:role/tpch-etl-test-warehouse-CopyRole-1A2B3C')
const arn = (service: string, resource: string) => `arn:<AWS::Partition>:${service}:<AWS::Region>:<AWS::AccountId>:${resource}`

test('stacks: one per concern, named after project and stage', () => {
  assert.deepEqual(Object.keys(s.json).sort(), ['Batch', 'Network', 'Notifications', 'Publish', 'Runtime', 'Storage', 'Warehouse', 'Workflows'])
  const stacks = s.stacks.app.node.children.filter(c => Stack.isStack(c)) as Stack[]
  assert.equal(stacks.length, 8)
  for (const stack of stacks) assert.match(stack.stackName, new RegExp(`^${PREFIX}-[a-z]+$`))
})

test('network: isolated subnets in three zones, no internet path, endpoints for S3, ECR, logs and Redshift Serverless, flow logs', () => {
  const t = s.templates.Network
  t.resourceCountIs('AWS::EC2::Subnet', 3)
  t.resourceCountIs('AWS::EC2::InternetGateway', 0)
  t.resourceCountIs('AWS::EC2::NatGateway', 0)
  t.hasResourceProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false, AvailabilityZone: { 'Fn::Select': [2, { 'Fn::GetAZs': '' }] } })
  t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('\\.s3$')])] } })
  const services = resources(s.json, 'AWS::EC2::VPCEndpoint').filter(([, , p]) => p.VpcEndpointType === 'Interface').map(([, , p]) => {
    assert.equal(p.PrivateDnsEnabled, true)
    return symbolic(p.ServiceName)
  })
  assert.deepEqual(services.sort(), ['com.amazonaws.<AWS::Region>.ecr.api', 'com.amazonaws.<AWS::Region>.ecr.dkr', 'com.amazonaws.<AWS::Region>.logs', 'com.amazonaws.<AWS::Region>.redshift-serverless'])
  t.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' })
  t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439 })
})

test('storage: scripts, data and access-log buckets, encrypted, TLS-only, versioned, private, retained', () => {
  const t = s.templates.Storage
  const buckets = resources(s.json, 'AWS::S3::Bucket')
  assert.equal(buckets.length, 3)
  for (const [, id, p] of buckets) {
    assert.deepEqual(p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault, { SSEAlgorithm: 'AES256' }, id)
    assert.equal(p.VersioningConfiguration.Status, 'Enabled', id)
    assert.deepEqual(p.PublicAccessBlockConfiguration, { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true }, id)
    assert.equal(p.BucketName, undefined, `${id}: generated names keep stages and accounts apart`)
    assert.equal(s.json.Storage.Resources[id].DeletionPolicy, 'Retain', id)
  }
  const tlsOnly = resources(s.json, 'AWS::S3::BucketPolicy').filter(([, , p]) => p.PolicyDocument.Statement.some((st: any) =>
    st.Effect === 'Deny' && st.Condition?.Bool?.['aws:SecureTransport'] === 'false'))
  assert.equal(tlsOnly.length, 3)
  t.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: { LogFilePrefix: 'data/' }, NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } } })
  t.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: { LogFilePrefix: 'scripts/' } })
  t.hasOutput('BucketNamescripts', { Export: { Name: `${PREFIX}-bucket-scripts` } })
  t.hasOutput('BucketNamedata', { Export: { Name: `${PREFIX}-bucket-data` } })
})

test('warehouse: Redshift Serverless, private, TLS-only, audit logs, with a COPY role that reads only the data bucket', () => {
  const t = s.templates.Warehouse
  t.hasResourceProperties('AWS::RedshiftServerless::Namespace', {
    NamespaceName: `${PREFIX}-warehouse`, DbName: 'etl', ManageAdminPassword: true,
    LogExports: Match.arrayWith(['useractivitylog']), IamRoles: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^CopyRole'), 'Arn'] }],
  })
  t.hasResourceProperties('AWS::RedshiftServerless::Workgroup', {
    WorkgroupName: `${PREFIX}-warehouse`, PubliclyAccessible: false, EnhancedVpcRouting: true, Port: 5439,
    ConfigParameters: Match.arrayWith([{ ParameterKey: 'require_ssl', ParameterValue: 'true' }]),
  })
  assert.equal(resources(s.json, 'AWS::RedshiftServerless::Workgroup')[0][2].SubnetIds.length, 3)
  t.resourceCountIs('AWS::Redshift::Cluster', 0)
  const [[, , role]] = resources({ Warehouse: s.json.Warehouse }, 'AWS::IAM::Role')
  assert.deepEqual(role.AssumeRolePolicyDocument.Statement.map((st: any) => st.Principal.Service).sort(), ['redshift-serverless.amazonaws.com', 'redshift.amazonaws.com'])
  const copy = statements({ Warehouse: s.json.Warehouse }).map(x => x.statement)
  assert.deepEqual(copy.flatMap(st => list(st.Action)).sort(), ['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket'])
  assert.deepEqual(copy.flatMap(st => list(st.Resource)).map(symbolic).sort(), [
    `arn:<AWS::Partition>:s3:::<import:${PREFIX}-bucket-data>`, `arn:<AWS::Partition>:s3:::<import:${PREFIX}-bucket-data>/*`,
  ])
})

test('runtime: the Dockerfile as an image asset, an execution role that pulls it, a job role that reads scripts and gets warehouse credentials', () => {
  const manifest = JSON.parse(readFileSync(join(s.outdir, 'Runtime.assets.json'), 'utf8'))
  const images = Object.values(manifest.dockerImages) as any[]
  assert.equal(images.length, 1)
  assert.equal(images[0].source.dockerFile, 'src/deploy/runtime/Dockerfile')
  assert.equal(images[0].source.platform, 'linux/amd64')
  const context = join(s.outdir, images[0].source.directory)
  for (const f of ['package.json', 'package-lock.json', 'bin/rsqlflow.js', 'src/cli/rsqlflow.ts', 'src/deploy/runtime/Dockerfile', 'schema/rsqlflow.schema.json']) assert.ok(existsSync(join(context, f)), f)
  for (const f of ['node_modules', 'test', '.git', '.rsqlflow']) assert.ok(!existsSync(join(context, f)), `${f} stays out of the build context`)
  s.templates.Runtime.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/aws/batch/${PREFIX}`, RetentionInDays: 90 })
  const byRole = (prefix: string) => statements({ Runtime: s.json.Runtime }).filter(x => x.id.startsWith(prefix)).map(x => x.statement)
  assert.deepEqual(byRole('ExecutionRole').flatMap(st => list(st.Action)).sort(), [
    'ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer', 'logs:CreateLogStream', 'logs:PutLogEvents',
  ])
  const job = byRole('JobRole')
  assert.deepEqual(job.flatMap(st => list(st.Action)).sort(), ['redshift-serverless:GetCredentials', 's3:GetObject', 's3:ListBucket'])
  assert.deepEqual(list(job.find(st => st.Action === 's3:GetObject').Resource).map(symbolic), [`arn:<AWS::Partition>:s3:::<import:${PREFIX}-bucket-scripts>/*`])
})

test('batch: a Fargate compute environment, queue and job definition per configured one, with retry strategy and timeout', () => {
  const t = s.templates.Batch
  t.hasResourceProperties('AWS::Batch::ComputeEnvironment', {
    ComputeEnvironmentName: `${PREFIX}-local`, Type: 'MANAGED', State: 'ENABLED',
    ComputeResources: { Type: 'FARGATE', MaxvCpus: 4, Subnets: Match.anyValue(), SecurityGroupIds: Match.anyValue() },
  })
  t.hasResourceProperties('AWS::Batch::JobQueue', {
    JobQueueName: `${PREFIX}-etl-queue`, Priority: 1,
    ComputeEnvironmentOrder: [{ Order: 1, ComputeEnvironment: { Ref: Match.stringLikeRegexp('^ComputeEnvironmentlocal') } }],
  })
  t.hasResourceProperties('AWS::Batch::JobDefinition', {
    JobDefinitionName: `${PREFIX}-rsql-job`, Type: 'container', PlatformCapabilities: ['FARGATE'],
    RetryStrategy: { Attempts: 3, EvaluateOnExit: [{ OnExitCode: '2', Action: 'RETRY' }, { OnExitCode: '75', Action: 'RETRY' }, { OnReason: '*', Action: 'EXIT' }] },
    Timeout: { AttemptDurationSeconds: 3600 },
    ContainerProperties: Match.objectLike({
      ResourceRequirements: [{ Type: 'VCPU', Value: '1' }, { Type: 'MEMORY', Value: '2048' }],
      NetworkConfiguration: { AssignPublicIp: 'DISABLED' },
      LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
    }),
  })
  const [[, , def]] = resources(s.json, 'AWS::Batch::JobDefinition')
  assert.equal(def.ContainerProperties.Command, undefined, 'the image entrypoint is rsqlflow fetch-and-run')
  assert.match(def.ContainerProperties.Image['Fn::Sub'], /container-assets/)
  const env = Object.fromEntries(def.ContainerProperties.Environment.map((e: any) => [e.Name, symbolic(e.Value)]))
  assert.equal(env.DATA_BUCKET_NAME, `<import:${PREFIX}-bucket-data>`)
  assert.equal(env.SCRIPTS_BUCKET_NAME, `<import:${PREFIX}-bucket-scripts>`)
  assert.equal(env.COPY_IAM_ROLE_ARN, `<import:${PREFIX}-copy-role-arn>`)
  const warehouse = JSON.parse(env.RSQLFLOW_WAREHOUSE)
  assert.deepEqual({ ...warehouse, host: undefined }, {
    type: 'redshift', port: 5439, database: 'etl', user: 'etl', ssl: 'verify-full', host: undefined,
    iam: { workgroup: `${PREFIX}-warehouse`, region: '<AWS::Region>' },
  })
  assert.match(warehouse.host, /^<import:.*WorkgroupEndpointAddress/)
})

test('notifications: a KMS-encrypted, TLS-only topic per configured topic; file subscriptions stay local', () => {
  const t = s.templates.Notifications
  t.hasResourceProperties('AWS::SNS::Topic', { TopicName: `${PREFIX}-tpch-etl-notifications`, DisplayName: 'tpch-etl', KmsMasterKeyId: Match.anyValue() })
  t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true })
  t.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] } })
  t.resourceCountIs('AWS::SNS::Subscription', 0)
})

test('workflows: the deployed definition is the local file with its names mapped, and it passes the local validator', () => {
  const [[, , sm]] = resources(s.json, 'AWS::StepFunctions::StateMachine')
  assert.equal(sm.StateMachineName, `${PREFIX}-etl`)
  assert.equal(sm.StateMachineType, 'STANDARD')
  assert.equal(sm.LoggingConfiguration.Level, 'ALL')
  assert.equal(sm.TracingConfiguration.Enabled, true)
  const deployed = JSON.parse(symbolic(sm.DefinitionString))
  const local = JSON.parse(readFileSync(join(TPCH_SAMPLE_DIR, 'workflows/etl.asl.json'), 'utf8'))
  const expected: DeployedNames = {
    partition: '<AWS::Partition>',
    jobQueues: { 'etl-queue': arn('batch', `job-queue/${PREFIX}-etl-queue`) },
    jobDefinitions: { 'rsql-job': arn('batch', `job-definition/${PREFIX}-rsql-job`) },
    topics: { 'tpch-etl-notifications': arn('sns', `${PREFIX}-tpch-etl-notifications`) },
    stateMachines: { etl: arn('states', `stateMachine:${PREFIX}-etl`) },
    buckets: { 'tpch-etl-scripts': `<import:${PREFIX}-bucket-scripts>`, 'tpch-etl-data': `<import:${PREFIX}-bucket-data>` },
    roles: { 'tpch-etl-copy': `<import:${PREFIX}-copy-role-arn>` },
  }
  assert.deepEqual(deployed, mapDefinition(local, expected).definition)
  assert.deepEqual(validateDefinition(JSON.parse(asDeployed(symbolic(sm.DefinitionString)))), [])
  // The names resolve to what the other stacks create.
  const names = (type: string, field: string) => resources(s.json, type).map(([, , p]) => p[field])
  assert.ok(names('AWS::Batch::JobQueue', 'JobQueueName').includes(`${PREFIX}-etl-queue`))
  assert.ok(names('AWS::Batch::JobDefinition', 'JobDefinitionName').includes(`${PREFIX}-rsql-job`))
  assert.ok(names('AWS::SNS::Topic', 'TopicName').includes(`${PREFIX}-tpch-etl-notifications`))
  s.templates.Storage.hasOutput('*', { Export: { Name: `${PREFIX}-bucket-data` }, Value: { Ref: Match.stringLikeRegexp('^Bucketdata') } })
  s.templates.Warehouse.hasOutput('*', { Export: { Name: `${PREFIX}-copy-role-arn` }, Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CopyRole'), 'Arn'] } })
})

test('workflows: the role may submit to the project\'s queue and definition, follow its jobs and publish to its topic, nothing else', () => {
  const role = statements({ Workflows: s.json.Workflows }).map(x => x.statement)
  const bySid = Object.fromEntries(role.filter(st => st.Sid).map(st => [st.Sid, { actions: list(st.Action).sort(), resources: list(st.Resource).map(symbolic).sort() }]))
  assert.deepEqual(bySid.SubmitJobs, {
    actions: ['batch:SubmitJob'],
    resources: [arn('batch', `job-definition/${PREFIX}-rsql-job`), arn('batch', `job-definition/${PREFIX}-rsql-job:*`), arn('batch', `job-queue/${PREFIX}-etl-queue`)],
  })
  assert.deepEqual(bySid.StopJobs.actions, ['batch:TerminateJob'])
  assert.deepEqual(bySid.BatchJobEvents.resources, [arn('events', 'rule/StepFunctionsGetEventsForBatchJobsRule')])
  assert.deepEqual(bySid.PublishNotifications, { actions: ['sns:Publish'], resources: [arn('sns', `${PREFIX}-tpch-etl-notifications`)] })
  assert.deepEqual(bySid.EncryptNotifications.actions, ['kms:Decrypt', 'kms:GenerateDataKey'])
  assert.ok(!role.some(st => list(st.Action).some((a: string) => a.startsWith('states:') || a.startsWith('redshift'))))
})

test('publish: scripts/ goes to the scripts bucket (pruned); a project without data/ publishes no data', () => {
  const deployments = resources(s.json, 'Custom::CDKBucketDeployment')
  assert.equal(deployments.length, 1)
  const [, , p] = deployments[0]
  assert.equal(symbolic(p.DestinationBucketName), `<import:${PREFIX}-bucket-scripts>`)
  assert.equal(p.Prune, true)
  assert.equal(p.DestinationBucketKeyPrefix, undefined)
  s.templates.Publish.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 })
})

test('IAM: no wildcard actions, no managed *FullAccess policies, every role\'s statements name their resources', () => {
  const all = statements(s.json)
  assert.ok(all.length > 15)
  for (const { stack, id, statement } of all) {
    for (const action of list(statement.Action)) assert.ok(!String(action).includes('*'), `${stack}/${id}: ${action}`)
    assert.ok(statement.Resource !== undefined, `${stack}/${id}: a statement without resources`)
  }
  for (const [stack, id, p] of resources(s.json, 'AWS::IAM::Role')) {
    for (const m of p.ManagedPolicyArns ?? []) assert.doesNotMatch(symbolic(m), /FullAccess/, `${stack}/${id}`)
  }
})

test('nothing region-, partition- or account-specific is hard-coded; every log group keeps its logs 90 days', () => {
  const text = JSON.stringify(s.json)
  assert.doesNotMatch(text, /arn:aws:/)
  assert.doesNotMatch(text, /\b(us|eu|ap|sa|ca|me|af|il|mx)-(east|west|north|south|central|northeast|southeast)-\d\b/)
  assert.doesNotMatch(text, /\b\d{12}\b/)
  for (const [stack, id, p] of resources(s.json, 'AWS::Logs::LogGroup')) assert.equal(p.RetentionInDays, 90, `${stack}/${id}`)
})

test('every physical name carries the project and stage', () => {
  const fields: Record<string, string> = {
    'AWS::Batch::ComputeEnvironment': 'ComputeEnvironmentName', 'AWS::Batch::JobQueue': 'JobQueueName', 'AWS::Batch::JobDefinition': 'JobDefinitionName',
    'AWS::StepFunctions::StateMachine': 'StateMachineName', 'AWS::SNS::Topic': 'TopicName',
    'AWS::RedshiftServerless::Namespace': 'NamespaceName', 'AWS::RedshiftServerless::Workgroup': 'WorkgroupName',
  }
  let count = 0
  for (const [type, field] of Object.entries(fields)) {
    for (const [stack, id, p] of resources(s.json, type)) { assert.ok(String(p[field]).startsWith(`${PREFIX}-`), `${stack}/${id}`); count++ }
  }
  assert.equal(count, 7)
  for (const t of Object.values(s.json)) for (const o of Object.values((t as any).Outputs ?? {}) as any[]) {
    if (o.Export) assert.ok(symbolic(o.Export.Name).startsWith(`${PREFIX}-`), symbolic(o.Export.Name))
  }
})

test('cdk-nag AwsSolutions: no unacknowledged findings, and every acknowledgement gives a reason', () => {
  assert.deepEqual(nagFindings(s.stacks.app), [])
  const reasons: string[] = []
  const walk = (c: import('constructs').IConstruct) => {
    for (const m of c.node.metadata) {
      if (m.type === 'aws:cdk:acknowledged-rules' || /acknowledg/i.test(m.type)) for (const v of Object.values(m.data as object)) reasons.push(String(v))
    }
    c.node.children.forEach(walk)
  }
  walk(s.stacks.app)
  assert.ok(reasons.length >= 8, `${reasons.length} acknowledgements`)
  for (const r of reasons) assert.ok(r.length >= 20 && !/^todo/i.test(r), r)
})

test('the built-in CloudFormation validation finds nothing in the templates', () => {
  const report = JSON.parse(readFileSync(join(s.outdir, 'validation-report.json'), 'utf8'))
  assert.deepEqual(report.pluginReports.flatMap((r: any) => r.violations ?? []), [])
})

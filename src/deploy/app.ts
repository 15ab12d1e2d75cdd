import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { App, Aws, Fn, Stack, Tags } from 'aws-cdk-lib'
import * as logs from 'aws-cdk-lib/aws-logs'
import type { Project } from '../project/index.ts'
import { validateText } from '../states/index.ts'
import type { RedshiftTarget } from '../warehouse/index.ts'
import { BatchStack } from './batch.ts'
import { DeployError } from './errors.ts'
import { mapDefinition, type DeployedNames } from './map-definition.ts'
import { checkOptions, Naming, type DeployOptions } from './names.ts'
import { NetworkStack } from './network.ts'
import { NotificationsStack } from './notifications.ts'
import { PublishStack } from './publish.ts'
import { RuntimeStack } from './runtime.ts'
import { bucketExport, StorageStack } from './storage.ts'
import { TriggersStack } from './triggers.ts'
import { importCopyRoleArn, WarehouseStack, JOB_DB_USER } from './warehouse.ts'
import { WorkflowsStack, type WorkflowSource } from './workflows.ts'

export const LOG_RETENTION = logs.RetentionDays.THREE_MONTHS

/** CDK feature flags the app relies on (there is no cdk.json: the CLI passes the app command). */
export const FEATURE_FLAGS: Record<string, unknown> = {
  // Access logs are delivered under a bucket policy, not the legacy LogDeliveryWrite ACL.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  // Classic CloudFormation exports between the stacks of a stage (the behaviour when unset, made explicit).
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
}

export interface DeployStacks {
  app: App
  naming: Naming
  network: NetworkStack
  storage: StorageStack
  warehouse: WarehouseStack
  runtime: RuntimeStack
  batch: BatchStack
  notifications: NotificationsStack
  workflows: WorkflowsStack
  triggers?: TriggersStack
  publish?: PublishStack
}

/**
 * The CDK app of a project: every stack of one stage, wired together. Reads the workflow files and
 * checks them with the local validator first; a problem is a DeployError naming the file and pointer.
 */
export function buildDeployApp(project: Project, optionsIn: DeployOptions, app = new App()): DeployStacks {
  const options = checkOptions(optionsIn)
  for (const [flag, value] of Object.entries(FEATURE_FLAGS)) {
    if (app.node.tryGetContext(flag) === undefined) app.node.setContext(flag, value)
  }
  const { config } = project
  const naming = new Naming(config.name, options.stage)
  const env = options.account || options.region ? { account: options.account, region: options.region } : undefined
  const common = (part: string, description: string) => ({ env, stackName: naming.stack(part), description: `rsqlflow ${naming.prefix}: ${description}` })
  const workflows = project.workflows.map(w => readWorkflow(w.name, w.path, w.file))

  const network = new NetworkStack(app, 'Network', { ...common('network', 'VPC, isolated subnets, endpoints'), warehouse: options.warehouse, logRetention: LOG_RETENTION })
  const storage = new StorageStack(app, 'Storage', { ...common('storage', 'buckets'), naming, buckets: config.buckets })
  const warehouse = new WarehouseStack(app, 'Warehouse', {
    ...common('warehouse', `Redshift ${options.warehouse}`), naming, kind: options.warehouse, nodeType: options.nodeType ?? 'ra3.large',
    vpc: network.vpc, securityGroup: network.warehouseSecurityGroup,
  })
  warehouse.addStackDependency(storage)
  const notifications = new NotificationsStack(app, 'Notifications', { ...common('notifications', 'SNS topics'), naming, topics: config.topics })

  // Bucket names and the COPY role come through named exports; the other ARNs are built from deterministic names.
  const names = (stack: Stack): DeployedNames => ({
    partition: Aws.PARTITION,
    jobQueues: Object.fromEntries(config.jobQueues.map(q => [q.name, BatchStack.queueArn(stack, naming.name(q.name, 128, 'jobQueues'))])),
    jobDefinitions: Object.fromEntries(config.jobDefinitions.map(d => [d.name, BatchStack.definitionArn(stack, naming.name(d.name, 128, 'jobDefinitions'))])),
    topics: Object.fromEntries(config.topics.map(t => [t.name, NotificationsStack.topicArn(stack, naming.name(t.name, 256, 'topics'))])),
    stateMachines: Object.fromEntries(project.workflows.map(w => [w.name, WorkflowsStack.machineArn(stack, naming, w.name)])),
    buckets: Object.fromEntries(Object.entries(config.buckets).map(([role, local]) => [local, Fn.importValue(bucketExport(naming, role))])),
    roles: { [copyRoleName(config.name)]: importCopyRoleArn(naming) },
  })
  const mapIn = (stack: Stack) => <T>(value: T): T => mapDefinition(value, names(stack)).definition as T

  const runtime = new RuntimeStack(app, 'Runtime', {
    ...common('runtime', 'runtime image, job roles and logs'), naming, logRetention: LOG_RETENTION,
    warehouse: warehouse.endpoint, image: options.image,
  })
  runtime.addStackDependency(storage)
  const batch = new BatchStack(app, 'Batch', {
    ...common('batch', 'AWS Batch on Fargate'), naming, config, vpc: network.vpc, securityGroup: network.jobSecurityGroup, runtime,
    mapValue: (stack, text) => mapIn(stack)(text),
    environment: stack => {
      const n = names(stack)
      return {
        SCRIPTS_BUCKET_NAME: n.buckets[config.buckets.scripts],
        DATA_BUCKET_NAME: n.buckets[config.buckets.data],
        COPY_IAM_ROLE_ARN: n.roles[copyRoleName(config.name)],
        RSQLFLOW_WAREHOUSE: stack.toJsonString(jobWarehouseTarget(warehouse.endpoint)),
      }
    },
  })
  const workflowsStack = new WorkflowsStack(app, 'Workflows', {
    ...common('workflows', 'Step Functions state machines'), naming, workflows, names, logRetention: LOG_RETENTION,
    resources: stack => {
      const n = names(stack)
      return { jobQueues: n.jobQueues, jobDefinitions: n.jobDefinitions, topics: n.topics, stateMachines: n.stateMachines, topicKeyArn: notifications.key.keyArn, warehouse: warehouse.endpoint }
    },
  })
  batch.addStackDependency(warehouse)
  for (const s of [storage, warehouse, batch, notifications]) workflowsStack.addStackDependency(s)
  const triggers = config.triggers.length || config.schedules.length
    ? new TriggersStack(app, 'Triggers', {
      ...common('triggers', 'EventBridge rules and schedules'), naming, triggers: config.triggers, schedules: config.schedules,
      machineArn: (stack, w) => WorkflowsStack.machineArn(stack, naming, w),
      mapValue: (stack, value) => mapIn(stack)(value),
    })
    : undefined
  triggers?.addStackDependency(storage)
  triggers?.addStackDependency(workflowsStack)

  const folders = [
    { id: 'Scripts', folder: project.paths.scripts, role: 'scripts', prune: true },
    { id: 'Data', folder: project.paths.data, role: 'data', prune: false },
  ].filter(f => hasFiles(f.folder))
  const publish = folders.length
    ? new PublishStack(app, 'Publish', { ...common('publish', 'scripts and data'), naming, folders, logRetention: LOG_RETENTION })
    : undefined
  publish?.addStackDependency(storage)

  Tags.of(app).add('rsqlflow:project', config.name)
  Tags.of(app).add('rsqlflow:stage', options.stage)
  return { app, naming, network, storage, warehouse, runtime, batch, notifications, workflows: workflowsStack, triggers, publish }
}

/** The COPY role's local name by convention (`arn:aws:iam::<account>:role/<project>-copy`, as `rsqlflow init` writes). */
export function copyRoleName(project: string): string {
  return `${project}-copy`
}

function readWorkflow(name: string, path: string, file: string): WorkflowSource {
  const text = readFileSync(file, 'utf8')
  const problems = validateText(text, path)
  if (problems.length) {
    const p = problems[0]
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''}; see rsqlflow validate)` : ''
    throw new DeployError('ValidationException', `invalid state machine definition: ${p.message}${more}`, `${path}#${p.pointer}`)
  }
  return { name, path, definition: JSON.parse(text) }
}

function hasFiles(folder: string): boolean {
  return existsSync(folder) && readdirSync(folder, { recursive: true, withFileTypes: true }).some(e => e.isFile())
}

/** The warehouse as a fetch-and-run job sees it (`RSQLFLOW_WAREHOUSE`): the wire protocol with IAM credentials. */
export function jobWarehouseTarget(w: WarehouseStack['endpoint']): RedshiftTarget {
  return {
    type: 'redshift', host: w.host, port: w.port, database: w.database, user: JOB_DB_USER, ssl: 'verify-full',
    iam: w.kind === 'serverless'
      ? { workgroup: w.id, region: Aws.REGION }
      : { clusterId: w.id, region: Aws.REGION, dbUser: JOB_DB_USER, autoCreate: true },
  }
}

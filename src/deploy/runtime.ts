import { Stack, type StackProps, RemovalPolicy, IgnoreMode } from 'aws-cdk-lib'
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as logs from 'aws-cdk-lib/aws-logs'
import type { Construct } from 'constructs'
import { fileURLToPath } from 'node:url'
import { allow } from './nag.ts'
import type { Naming } from './names.ts'
import { importBucket } from './storage.ts'
import type { WarehouseEndpoint } from './warehouse.ts'

/** The package root: the runtime image's build context. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** The Dockerfile, relative to the build context. */
export const DOCKERFILE = 'src/deploy/runtime/Dockerfile'
/**
 * What the build context holds (everything else is excluded when the asset is staged): the package
 * manifest, the lock file and the runtime sources. Keeps node_modules, tests and local state out.
 */
export const IMAGE_CONTEXT_EXCLUDE = [
  '*', '!package.json', '!package-lock.json', '!bin/', '!src/', '!schema/',
  'src/samples/tpch/', 'src/deploy/runtime/*.md', '**/.rsqlflow/', '**/node_modules/',
]

export interface RuntimeStackProps extends StackProps {
  naming: Naming
  logRetention: logs.RetentionDays
  warehouse: WarehouseEndpoint
  /** A prebuilt image; otherwise the Dockerfile is built and published as a CDK asset at deploy time. */
  image?: string
}

/**
 * What the jobs run as: the rsqlflow runtime image, the execution role (pulls the image, writes logs),
 * the job role (reads the scripts bucket, gets temporary warehouse credentials) and the jobs' log group.
 */
export class RuntimeStack extends Stack {
  readonly imageUri: string
  readonly executionRole: iam.Role
  readonly jobRole: iam.Role
  readonly logGroup: logs.LogGroup

  constructor(scope: Construct, id: string, props: RuntimeStackProps) {
    super(scope, id, props)
    this.logGroup = new logs.LogGroup(this, 'JobLogs', {
      logGroupName: `/aws/batch/${props.naming.prefix}`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    this.executionRole = new iam.Role(this, 'ExecutionRole', {
      description: 'AWS Batch (Fargate) execution role: pulls the runtime image and writes job logs',
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    })
    allow(this.executionRole, {
      sid: 'WriteJobLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn],
      why: 'log streams are created per job attempt inside the jobs\' own log group',
    })
    if (props.image === undefined) {
      const asset = new ecrAssets.DockerImageAsset(this, 'Image', {
        directory: PACKAGE_ROOT,
        file: DOCKERFILE,
        exclude: IMAGE_CONTEXT_EXCLUDE,
        ignoreMode: IgnoreMode.DOCKER,
        platform: ecrAssets.Platform.LINUX_AMD64,
      })
      this.imageUri = asset.imageUri
      this.grantPull(asset.repository.repositoryArn)
    } else {
      this.imageUri = props.image
      const repository = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/([^:@]+)/.exec(props.image)?.[1]
      if (repository) this.grantPull(this.formatArn({ service: 'ecr', resource: 'repository', resourceName: repository }))
    }
    this.jobRole = new iam.Role(this, 'JobRole', {
      description: 'AWS Batch job role: fetch-and-run reads scripts and connects to the warehouse',
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    })
    const scripts = importBucket(this, props.naming, 'scripts')
    // ListBucket turns a missing script into NoSuchKey instead of AccessDenied.
    allow(this.jobRole, { sid: 'ListScripts', actions: ['s3:ListBucket'], resources: [scripts.bucketArn] })
    allow(this.jobRole, {
      sid: 'ReadScripts', actions: ['s3:GetObject'], resources: [scripts.arnForObjects('*')],
      why: 'fetch-and-run reads whichever script the workflow names',
    })
    for (const permission of props.warehouse.credentials) allow(this.jobRole, permission)
  }

  private grantPull(repositoryArn: string): void {
    allow(this.executionRole, {
      sid: 'PullImage', actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], resources: [repositoryArn],
    })
    allow(this.executionRole, {
      sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'],
      why: 'ecr:GetAuthorizationToken has no resource type, IAM accepts only "*"',
    })
  }
}


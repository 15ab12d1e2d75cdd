import { Stack, type StackProps, RemovalPolicy } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as logs from 'aws-cdk-lib/aws-logs'
import * as s3assets from 'aws-cdk-lib/aws-s3-assets'
import * as deployment from 'aws-cdk-lib/aws-s3-deployment'
import type { Construct } from 'constructs'
import { acknowledge, allow } from './nag.ts'
import type { Naming } from './names.ts'
import { importBucket } from './storage.ts'

export interface PublishStackProps extends StackProps {
  naming: Naming
  /** Local folder → bucket role, and whether objects the folder lacks are deleted from the bucket. */
  folders: { id: string; folder: string; role: string; prune: boolean }[]
  logRetention: logs.RetentionDays
}

/**
 * Publishes `scripts/` and `data/` to their buckets under the same relative keys (CDK BucketDeployment).
 * The handler's role is written here by hand: the construct's own grants use wildcard actions
 * (`s3:GetObject*`, `s3:DeleteObject*`…), which this project does not allow on data resources.
 * Only the scripts bucket is pruned: users and jobs add objects to the data bucket.
 */
export class PublishStack extends Stack {
  constructor(scope: Construct, id: string, props: PublishStackProps) {
    super(scope, id, props)
    const role = new iam.Role(this, 'PublishRole', {
      description: 'Copies the project\'s scripts and data into their buckets',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    })
    const logGroup = new logs.LogGroup(this, 'PublishLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY })
    allow(role, {
      sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn],
      why: 'the handler creates its log streams inside its own log group',
    })
    for (const f of props.folders) {
      const asset = new s3assets.Asset(this, `Asset-${f.id}`, { path: f.folder })
      const bucket = importBucket(this, props.naming, f.role)
      allow(role, { sid: `Read${f.id}Asset`, actions: ['s3:GetObject'], resources: [asset.bucket.arnForObjects(asset.s3ObjectKey)] })
      allow(role, { sid: `List${f.id}Bucket`, actions: ['s3:ListBucket'], resources: [bucket.bucketArn] })
      allow(role, {
        sid: `Write${f.id}Objects`,
        actions: f.prune ? ['s3:PutObject', 's3:DeleteObject'] : ['s3:PutObject'],
        resources: [bucket.arnForObjects('*')],
        why: `publishing writes every file of ${f.id.toLowerCase()}/ under its own key`,
      })
      new deployment.BucketDeployment(this, `Publish-${f.id}`, {
        sources: [deployment.Source.bucket(asset.bucket, asset.s3ObjectKey)],
        destinationBucket: bucket,
        prune: f.prune,
        retainOnDelete: true,
        role: role.withoutPolicyUpdates(),
        logGroup,
        memoryLimit: 512,
      })
    }
    acknowledge(this, 'L1', 'the BucketDeployment handler\'s runtime is chosen by aws-cdk-lib and updated with it')
  }
}

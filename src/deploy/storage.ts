import { CfnOutput, Fn, Stack, type StackProps, RemovalPolicy, Duration } from 'aws-cdk-lib'
import * as s3 from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'
import { acknowledge } from './nag.ts'
import type { Naming } from './names.ts'

export interface StorageStackProps extends StackProps {
  naming: Naming
  /** Configured bucket roles (`scripts`, `data`, …) and their local names. */
  buckets: Record<string, string>
}

/**
 * The buckets: one per configured role (scripts, data, …) plus the access-log bucket. All encrypted,
 * TLS-only, versioned, with public access blocked. Names are generated (unique per stage and account);
 * buckets are retained when the stack is destroyed, so data is never lost by accident. Other stacks
 * import the names through exports named after the stage (`<project>-<stage>-bucket-<role>`).
 */
export class StorageStack extends Stack {
  readonly logging: s3.Bucket
  /** Role → bucket. */
  readonly buckets: Record<string, s3.Bucket> = {}

  constructor(scope: Construct, id: string, props: StorageStackProps) {
    super(scope, id, props)
    const common: s3.BucketProps = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      publicReadAccess: false,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    }
    this.logging = new s3.Bucket(this, 'Logging', common)
    acknowledge(this.logging, 'S1', 'this is the server access log bucket itself; logging it into itself would loop')
    for (const role of Object.keys(props.buckets)) {
      this.buckets[role] = new s3.Bucket(this, `Bucket-${role}`, {
        ...common,
        serverAccessLogsBucket: this.logging,
        serverAccessLogsPrefix: `${role}/`,
      })
      if (role === 'data') {
        // Object-created events reach EventBridge, where triggers match them (natively, without the
        // custom resource that the L2 eventBridgeEnabled option adds).
        (this.buckets[role].node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } }
      }
      new CfnOutput(this, `BucketName-${role}`, { value: this.buckets[role].bucketName, exportName: bucketExport(props.naming, role) })
    }
  }
}

export function bucketExport(naming: Naming, role: string): string {
  return `${naming.prefix}-bucket-${role.replace(/[^A-Za-z0-9-]/g, '-')}`
}

/** A bucket of the storage stack seen from another stack of the same stage. */
export function importBucket(scope: Construct, naming: Naming, role: string): s3.IBucket {
  const id = `ImportedBucket-${role}`
  return (scope.node.tryFindChild(id) as s3.IBucket | undefined)
    ?? s3.Bucket.fromBucketName(scope, id, Fn.importValue(bucketExport(naming, role)))
}

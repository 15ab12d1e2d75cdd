import { CfnOutput, Fn, Stack, type StackProps, ArnFormat } from 'aws-cdk-lib'
import * as ec2 from 'aws-cdk-lib/aws-ec2'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as redshift from 'aws-cdk-lib/aws-redshift'
import * as serverless from 'aws-cdk-lib/aws-redshiftserverless'
import type { Construct } from 'constructs'
import { acknowledge, allow, type Permission } from './nag.ts'
import type { Naming } from './names.ts'
import { importBucket } from './storage.ts'

export const DATABASE = 'etl'
/** The database user provisioned-cluster jobs get temporary credentials for (GetClusterCredentials). */
export const JOB_DB_USER = 'etl'
const ADMIN_USER = 'etladmin'
const PORT = 5439

export interface WarehouseStackProps extends StackProps {
  naming: Naming
  kind: 'serverless' | 'provisioned'
  nodeType: string
  vpc: ec2.IVpc
  securityGroup: ec2.ISecurityGroup
}

/** How the jobs and the workflows reach the warehouse, and which IAM statements that takes. */
export interface WarehouseEndpoint {
  kind: 'serverless' | 'provisioned'
  host: string
  port: number
  database: string
  /** Workgroup name (Serverless) or cluster identifier (provisioned). */
  id: string
  /** The workgroup or cluster ARN: the resource of Redshift Data API ExecuteStatement. */
  arn: string
  /** What a principal needs to get temporary database credentials. */
  credentials: Permission[]
}

/**
 * Redshift: Serverless by default (a namespace and a workgroup), or a single-node provisioned cluster;
 * private, encrypted, TLS-only, with audit logs to CloudWatch Logs and admin passwords kept in Secrets
 * Manager by Redshift itself. The COPY role reads only the data bucket.
 */
export class WarehouseStack extends Stack {
  readonly copyRole: iam.Role
  readonly endpoint: WarehouseEndpoint

  constructor(scope: Construct, id: string, props: WarehouseStackProps) {
    super(scope, id, props)
    this.copyRole = new iam.Role(this, 'CopyRole', {
      description: 'Assumed by Redshift for COPY from the data bucket',
      assumedBy: new iam.CompositePrincipal(
        new iam.ServicePrincipal('redshift.amazonaws.com'),
        new iam.ServicePrincipal('redshift-serverless.amazonaws.com'),
      ),
    })
    const data = importBucket(this, props.naming, 'data')
    allow(this.copyRole, { sid: 'ListDataBucket', actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: [data.bucketArn] })
    allow(this.copyRole, {
      sid: 'ReadDataObjects', actions: ['s3:GetObject'], resources: [data.arnForObjects('*')],
      why: 'COPY reads whichever objects the scripts name in the data bucket',
    })
    new CfnOutput(this, 'CopyRoleArn', { value: this.copyRole.roleArn, exportName: copyRoleExport(props.naming) })
    const subnetIds = props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnetIds
    const name = props.naming.name('warehouse', 60, '--stage')
    this.endpoint = props.kind === 'serverless'
      ? this.serverless(name, subnetIds, props)
      : this.provisioned(name, subnetIds, props)
  }

  private serverless(name: string, subnetIds: string[], props: WarehouseStackProps): WarehouseEndpoint {
    const namespace = new serverless.CfnNamespace(this, 'Namespace', {
      namespaceName: name,
      dbName: DATABASE,
      adminUsername: ADMIN_USER,
      manageAdminPassword: true,
      iamRoles: [this.copyRole.roleArn],
      defaultIamRoleArn: this.copyRole.roleArn,
      logExports: ['userlog', 'connectionlog', 'useractivitylog'],
    })
    const workgroup = new serverless.CfnWorkgroup(this, 'Workgroup', {
      workgroupName: name,
      namespaceName: namespace.namespaceName,
      baseCapacity: 8,
      publiclyAccessible: false,
      enhancedVpcRouting: true,
      subnetIds,
      securityGroupIds: [props.securityGroup.securityGroupId],
      port: PORT,
      configParameters: [
        { parameterKey: 'require_ssl', parameterValue: 'true' },
        { parameterKey: 'enable_user_activity_logging', parameterValue: 'true' },
      ],
    })
    workgroup.node.addDependency(namespace)
    const arn = workgroup.attrWorkgroupWorkgroupArn
    return {
      kind: 'serverless', host: workgroup.attrWorkgroupEndpointAddress, port: PORT, database: DATABASE, id: name, arn,
      credentials: [{ sid: 'ServerlessCredentials', actions: ['redshift-serverless:GetCredentials'], resources: [arn] }],
    }
  }

  private provisioned(name: string, subnetIds: string[], props: WarehouseStackProps): WarehouseEndpoint {
    const subnetGroup = new redshift.CfnClusterSubnetGroup(this, 'SubnetGroup', { description: `${name} isolated subnets`, subnetIds })
    const parameters = new redshift.CfnClusterParameterGroup(this, 'Parameters', {
      description: `${name}: TLS only, user activity logging`,
      parameterGroupFamily: 'redshift-1.0',
      parameters: [
        { parameterName: 'require_ssl', parameterValue: 'true' },
        { parameterName: 'enable_user_activity_logging', parameterValue: 'true' },
      ],
    })
    const cluster = new redshift.CfnCluster(this, 'Cluster', {
      clusterIdentifier: name,
      clusterType: 'single-node',
      nodeType: props.nodeType,
      dbName: DATABASE,
      masterUsername: ADMIN_USER,
      manageMasterPassword: true,
      port: PORT,
      publiclyAccessible: false,
      enhancedVpcRouting: true,
      encrypted: true,
      clusterSubnetGroupName: subnetGroup.ref,
      clusterParameterGroupName: parameters.ref,
      vpcSecurityGroupIds: [props.securityGroup.securityGroupId],
      iamRoles: [this.copyRole.roleArn],
      automatedSnapshotRetentionPeriod: 7,
      allowVersionUpgrade: true,
      loggingProperties: { logDestinationType: 'cloudwatch', logExports: ['connectionlog', 'userlog', 'useractivitylog'] },
    })
    acknowledge(cluster, 'RS4', 'the port is reachable only from the AWS Batch jobs\' security group inside isolated subnets; a non-default port adds no protection')
    const arn = this.formatArn({ service: 'redshift', resource: 'cluster', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME })
    const dbUser = this.formatArn({ service: 'redshift', resource: 'dbuser', resourceName: `${name}/${JOB_DB_USER}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })
    const dbName = this.formatArn({ service: 'redshift', resource: 'dbname', resourceName: `${name}/${DATABASE}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })
    return {
      kind: 'provisioned', host: cluster.attrEndpointAddress, port: PORT, database: DATABASE, id: name, arn,
      credentials: [{ sid: 'ClusterCredentials', actions: ['redshift:GetClusterCredentials', 'redshift:CreateClusterUser'], resources: [dbUser, dbName] }],
    }
  }
}

export function copyRoleExport(naming: Naming): string {
  return `${naming.prefix}-copy-role-arn`
}

/** The COPY role's ARN seen from another stack of the same stage. */
export function importCopyRoleArn(naming: Naming): string {
  return Fn.importValue(copyRoleExport(naming))
}

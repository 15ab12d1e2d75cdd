import { Fn, Stack, type StackProps, RemovalPolicy } from 'aws-cdk-lib'
import * as ec2 from 'aws-cdk-lib/aws-ec2'
import * as logs from 'aws-cdk-lib/aws-logs'
import type { Construct } from 'constructs'
import { acknowledge } from './nag.ts'

export interface NetworkStackProps extends StackProps {
  warehouse: 'serverless' | 'provisioned'
  logRetention: logs.RetentionDays
}

/**
 * The VPC: isolated subnets only (no internet or NAT gateway), VPC endpoints for every AWS API the jobs
 * call (S3, ECR, CloudWatch Logs, Redshift), flow logs, and the security groups of the jobs and the
 * warehouse. Redshift Serverless needs subnets in three Availability Zones.
 */
export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc
  readonly jobSecurityGroup: ec2.SecurityGroup
  readonly warehouseSecurityGroup: ec2.SecurityGroup

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props)
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY })
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 3,
      natGateways: 0,
      subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
      flowLogs: { all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: ec2.FlowLogTrafficType.ALL } },
      restrictDefaultSecurityGroup: false,
    })
    const endpoints: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
      EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
      EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
      CloudWatchLogs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
      Redshift: props.warehouse === 'serverless'
        ? ec2.InterfaceVpcEndpointAwsService.REDSHIFT_SERVERLESS
        : ec2.InterfaceVpcEndpointAwsService.REDSHIFT,
    }
    for (const [name, service] of Object.entries(endpoints)) {
      const endpoint = this.vpc.addInterfaceEndpoint(name, { service, privateDnsEnabled: true, subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } })
      acknowledge(endpoint, 'EC23', 'the endpoint accepts TCP 443 from the VPC\'s own CIDR only (a CloudFormation reference the rule cannot resolve)')
    }
    this.jobSecurityGroup = new ec2.SecurityGroup(this, 'JobSecurityGroup', {
      vpc: this.vpc, description: 'AWS Batch jobs (fetch-and-run): reach the VPC endpoints and the warehouse', allowAllOutbound: true,
    })
    this.warehouseSecurityGroup = new ec2.SecurityGroup(this, 'WarehouseSecurityGroup', {
      vpc: this.vpc, description: 'Redshift: accepts connections from the AWS Batch jobs only', allowAllOutbound: false,
    })
    this.warehouseSecurityGroup.addIngressRule(this.jobSecurityGroup, ec2.Port.tcp(5439), 'Redshift from AWS Batch jobs')
  }

  /** Three zones without a lookup, so synth needs no credentials whatever the region. */
  override get availabilityZones(): string[] {
    return [0, 1, 2].map(i => Fn.select(i, Fn.getAzs()))
  }
}

import { Stack, type StackProps, Aws, ArnFormat } from 'aws-cdk-lib'
import * as batch from 'aws-cdk-lib/aws-batch'
import * as ec2 from 'aws-cdk-lib/aws-ec2'
import type { Construct } from 'constructs'
import type { ProjectConfig, JobDefinitionConfig } from '../project/index.ts'
import { DeployError } from './errors.ts'
import type { Naming } from './names.ts'
import type { RuntimeStack } from './runtime.ts'

export interface BatchStackProps extends StackProps {
  naming: Naming
  config: ProjectConfig
  vpc: ec2.IVpc
  securityGroup: ec2.ISecurityGroup
  runtime: RuntimeStack
  /** Environment every fetch-and-run job gets (bucket names, COPY role, the warehouse), before the config's own. */
  environment: (stack: Stack) => Record<string, string>
  /** Maps local names in the config's environment values to deployed ones. */
  mapValue: (stack: Stack, text: string) => string
}

/** A job without a timeout in the config still stops after this long (the reference had none). */
export const DEFAULT_ATTEMPT_DURATION_SECONDS = 3600

/** AWS Batch on Fargate: one compute environment, job queue and job definition per configured one. */
export class BatchStack extends Stack {
  /** Local name → deployed name. */
  readonly jobQueueNames: Record<string, string> = {}
  readonly jobDefinitionNames: Record<string, string> = {}

  constructor(scope: Construct, id: string, props: BatchStackProps) {
    super(scope, id, props)
    const { config, naming } = props
    const subnets = props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnetIds
    const environments = new Map<string, batch.CfnComputeEnvironment>()
    config.computeEnvironments.forEach((ce, i) => {
      environments.set(ce.name, new batch.CfnComputeEnvironment(this, `ComputeEnvironment-${ce.name}`, {
        computeEnvironmentName: naming.name(ce.name, 128, `rsqlflow.json: computeEnvironments[${i}].name`),
        type: 'MANAGED',
        state: ce.state,
        computeResources: { type: 'FARGATE', maxvCpus: ce.maxvCpus, subnets, securityGroupIds: [props.securityGroup.securityGroupId] },
      }))
    })
    config.jobQueues.forEach((q, i) => {
      const name = naming.name(q.name, 128, `rsqlflow.json: jobQueues[${i}].name`)
      const queue = new batch.CfnJobQueue(this, `JobQueue-${q.name}`, {
        jobQueueName: name,
        priority: q.priority,
        state: q.state,
        computeEnvironmentOrder: q.computeEnvironmentOrder.map((ce, order) => ({ order: order + 1, computeEnvironment: environments.get(ce)!.ref })),
      })
      for (const ce of q.computeEnvironmentOrder) queue.node.addDependency(environments.get(ce)!)
      this.jobQueueNames[q.name] = name
    })
    config.jobDefinitions.forEach((d, i) => {
      const name = naming.name(d.name, 128, `rsqlflow.json: jobDefinitions[${i}].name`)
      new batch.CfnJobDefinition(this, `JobDefinition-${d.name}`, this.jobDefinition(name, d, i, props))
      this.jobDefinitionNames[d.name] = name
    })
  }

  private jobDefinition(name: string, d: JobDefinitionConfig, index: number, props: BatchStackProps): batch.CfnJobDefinitionProps {
    const at = `rsqlflow.json: jobDefinitions[${index}]`
    if (d.executor === 'subprocess') {
      throw new DeployError('ValidationException', `job definition "${d.name}" runs a local program (executor subprocess) and cannot be deployed: use executor fetch-and-run, or container with an image`, `${at}.executor`)
    }
    if (d.executor === 'container' && !d.containerProperties.image) {
      throw new DeployError('ValidationException', `job definition "${d.name}" (executor container) has no image`, `${at}.containerProperties.image`)
    }
    checkFargateResources(d, `${at}.containerProperties.resourceRequirements`)
    const fetchAndRun = d.executor === 'fetch-and-run'
    const own = d.containerProperties.environment.map(kv => ({ name: kv.name, value: props.mapValue(this, kv.value) }))
    const base = fetchAndRun ? Object.entries(props.environment(this)).filter(([k]) => !own.some(kv => kv.name === k)).map(([k, v]) => ({ name: k, value: v })) : []
    return {
      jobDefinitionName: name,
      type: 'container',
      platformCapabilities: ['FARGATE'],
      propagateTags: true,
      parameters: Object.keys(d.parameters).length ? d.parameters : undefined,
      containerProperties: {
        image: fetchAndRun ? props.runtime.imageUri : d.containerProperties.image!,
        // The runtime image's entrypoint is `rsqlflow fetch-and-run`; other images get the configured command.
        command: fetchAndRun ? undefined : d.containerProperties.command,
        environment: [...base, ...own],
        resourceRequirements: d.containerProperties.resourceRequirements.map(r => ({ type: r.type, value: r.value })),
        executionRoleArn: props.runtime.executionRole.roleArn,
        jobRoleArn: props.runtime.jobRole.roleArn,
        fargatePlatformConfiguration: { platformVersion: 'LATEST' },
        networkConfiguration: { assignPublicIp: 'DISABLED' },
        runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': props.runtime.logGroup.logGroupName, 'awslogs-region': Aws.REGION, 'awslogs-stream-prefix': d.name },
        },
      },
      retryStrategy: {
        attempts: d.retryStrategy?.attempts ?? 1,
        evaluateOnExit: d.retryStrategy?.evaluateOnExit?.map(e => ({
          onExitCode: e.onExitCode, onReason: e.onReason, onStatusReason: e.onStatusReason, action: e.action.toUpperCase(),
        })),
      },
      timeout: { attemptDurationSeconds: d.timeout?.attemptDurationSeconds ?? DEFAULT_ATTEMPT_DURATION_SECONDS },
      tags: d.tags,
    }
  }

  /** ARN of a deployed job queue, from its name: stable across updates, no cross-stack export. */
  static queueArn(stack: Stack, deployedName: string): string {
    return stack.formatArn({ service: 'batch', resource: 'job-queue', resourceName: deployedName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })
  }

  /** ARN of a deployed job definition without a revision: SubmitJob then runs the latest active one. */
  static definitionArn(stack: Stack, deployedName: string): string {
    return stack.formatArn({ service: 'batch', resource: 'job-definition', resourceName: deployedName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })
  }
}

/** Fargate accepts only some vCPU/memory pairs (MiB); a wrong pair fails at deploy time, so say it here. */
const FARGATE_MEMORY: Record<string, [number, number, number]> = {
  '0.25': [512, 2048, 512], '0.5': [1024, 4096, 1024], '1': [2048, 8192, 1024], '2': [4096, 16384, 1024],
  '4': [8192, 30720, 1024], '8': [16384, 61440, 4096], '16': [32768, 122880, 8192],
}

function checkFargateResources(d: JobDefinitionConfig, at: string): void {
  const vcpu = d.containerProperties.resourceRequirements.find(r => r.type === 'VCPU')?.value ?? '1'
  const memory = Number(d.containerProperties.resourceRequirements.find(r => r.type === 'MEMORY')?.value ?? '2048')
  const range = FARGATE_MEMORY[vcpu]
  if (!range) throw new DeployError('ValidationException', `job definition "${d.name}": Fargate does not offer ${vcpu} vCPU (use ${Object.keys(FARGATE_MEMORY).join(', ')})`, at)
  const [min, max, step] = range
  if (!(memory >= min && memory <= max && (memory - min) % step === 0)) {
    throw new DeployError('ValidationException', `job definition "${d.name}": Fargate does not offer ${memory} MiB with ${vcpu} vCPU (${min} to ${max} in steps of ${step})`, at)
  }
  if (d.containerProperties.resourceRequirements.some(r => r.type === 'GPU')) {
    throw new DeployError('ValidationException', `job definition "${d.name}": Fargate has no GPUs`, at)
  }
}

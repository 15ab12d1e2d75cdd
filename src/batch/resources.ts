import type {
  ComputeEnvironment, ComputeEnvironmentInput, JobDefinition, JobDefinitionInput, JobQueue, JobQueueInput,
} from './types.ts'
import { clientError } from './errors.ts'
import { validateRetryStrategy } from './retry-strategy.ts'

export interface Partition { region: string; accountId: string }

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/

/** Job definitions (with revisions), job queues and compute environments, addressed by name or ARN. */
export class BatchResources {
  private definitions = new Map<string, JobDefinition[]>()
  private queues = new Map<string, JobQueue>()
  private environments = new Map<string, ComputeEnvironment>()

  constructor(private readonly partition: Partition) {}

  arn(kind: 'job-definition' | 'job-queue' | 'compute-environment' | 'job', name: string): string {
    return `arn:aws:batch:${this.partition.region}:${this.partition.accountId}:${kind}/${name}`
  }

  registerJobDefinition(input: JobDefinitionInput, where = 'jobDefinition'): JobDefinition {
    if (!NAME.test(input.jobDefinitionName ?? '')) {
      throw clientError(`job definition name must be 1 to 128 letters, digits, hyphens or underscores: ${JSON.stringify(input.jobDefinitionName)}`, `${where}.jobDefinitionName`)
    }
    validateRetryStrategy(input.retryStrategy, `${where}.retryStrategy`)
    validateTimeout(input.timeout?.attemptDurationSeconds, `${where}.timeout`)
    for (const e of input.containerProperties?.environment ?? []) {
      if (e.name.startsWith('AWS_BATCH')) throw clientError(`environment variable names must not start with AWS_BATCH: ${e.name}`, `${where}.containerProperties.environment`)
    }
    const revisions = this.definitions.get(input.jobDefinitionName) ?? []
    const revision = revisions.length + 1
    const def: JobDefinition = {
      ...structuredClone(input), type: 'container', revision, status: 'ACTIVE',
      jobDefinitionArn: this.arn('job-definition', `${input.jobDefinitionName}:${revision}`),
    }
    revisions.push(def)
    this.definitions.set(input.jobDefinitionName, revisions)
    return def
  }

  /** `name`, `name:revision` or an ARN with or without revision; no revision means the latest ACTIVE one. */
  jobDefinition(ref: string): JobDefinition {
    const m = /^(?:arn:[^:]+:batch:[^:]*:[^:]*:job-definition\/)?([^:/]+)(?::(\d+))?$/.exec(ref)
    const revisions = m ? this.definitions.get(m[1]) : undefined
    const def = revisions && (m![2] ? revisions[Number(m![2]) - 1] : revisions.filter(d => d.status === 'ACTIVE').at(-1))
    if (!def) throw clientError(`job definition does not exist: ${ref}`, 'jobDefinition')
    return def
  }

  listJobDefinitions(): JobDefinition[] { return [...this.definitions.values()].flat() }

  createComputeEnvironment(input: ComputeEnvironmentInput): ComputeEnvironment {
    if (!NAME.test(input.computeEnvironmentName ?? '')) throw clientError(`invalid compute environment name: ${JSON.stringify(input.computeEnvironmentName)}`, 'computeEnvironmentName')
    if (!(input.maxvCpus > 0)) throw clientError(`compute environment ${input.computeEnvironmentName}: maxvCpus must be positive`, 'maxvCpus')
    const ce: ComputeEnvironment = { ...input, state: input.state ?? 'ENABLED', computeEnvironmentArn: this.arn('compute-environment', input.computeEnvironmentName) }
    this.environments.set(input.computeEnvironmentName, ce)
    return ce
  }

  computeEnvironment(ref: string): ComputeEnvironment {
    const ce = this.environments.get(ref.replace(/^arn:[^:]+:batch:[^:]*:[^:]*:compute-environment\//, ''))
    if (!ce) throw clientError(`compute environment does not exist: ${ref}`, 'computeEnvironment')
    return ce
  }

  createJobQueue(input: JobQueueInput): JobQueue {
    if (!NAME.test(input.jobQueueName ?? '')) throw clientError(`invalid job queue name: ${JSON.stringify(input.jobQueueName)}`, 'jobQueueName')
    const order = input.computeEnvironmentOrder ?? []
    if (order.length < 1 || order.length > 3) throw clientError(`job queue ${input.jobQueueName} must map 1 to 3 compute environments, got ${order.length}`, 'computeEnvironmentOrder')
    for (const o of order) this.computeEnvironment(o.computeEnvironment)
    const q: JobQueue = {
      ...input, state: input.state ?? 'ENABLED', jobQueueArn: this.arn('job-queue', input.jobQueueName),
      computeEnvironmentOrder: [...order].sort((a, b) => a.order - b.order),
    }
    this.queues.set(input.jobQueueName, q)
    return q
  }

  jobQueue(ref: string): JobQueue {
    const q = this.queues.get(ref.replace(/^arn:[^:]+:batch:[^:]*:[^:]*:job-queue\//, ''))
    if (!q) throw clientError(`job queue does not exist: ${ref}`, 'jobQueue')
    return q
  }

  listJobQueues(): JobQueue[] { return [...this.queues.values()] }
  listComputeEnvironments(): ComputeEnvironment[] { return [...this.environments.values()] }
}

/** `attemptDurationSeconds`: at least 60, as AWS requires. */
export function validateTimeout(seconds: number | undefined, where: string): void {
  if (seconds === undefined) return
  if (!Number.isInteger(seconds) || seconds < 60) throw clientError(`timeout.attemptDurationSeconds must be an integer of at least 60, got ${JSON.stringify(seconds)}`, `${where}.attemptDurationSeconds`)
}

/** Replaces `Ref::name` placeholders in a command (only there, as AWS does); unknown ones pass through. */
export function substituteRefs(command: string[], parameters: Record<string, string>): string[] {
  return command.map(arg => arg.replace(/Ref::([A-Za-z0-9_]+)/g, (whole, name: string) => parameters[name] ?? whole))
}

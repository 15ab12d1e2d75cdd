/** AWS Batch's shapes (botocore `batch/2016-08-10`, camelCase), as DescribeJobs returns them. */

export type JobStatus = 'SUBMITTED' | 'PENDING' | 'RUNNABLE' | 'STARTING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED'
export const JOB_STATUSES: readonly JobStatus[] = ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED']
export const isFinal = (s: JobStatus): boolean => s === 'SUCCEEDED' || s === 'FAILED'

export interface KeyValuePair { name: string; value?: string }
export interface ResourceRequirement { type: 'VCPU' | 'MEMORY' | 'GPU'; value: string }

export interface EvaluateOnExit {
  onStatusReason?: string
  onReason?: string
  onExitCode?: string
  action: string // RETRY | EXIT, case-insensitive
}
export interface RetryStrategy { attempts?: number; evaluateOnExit?: EvaluateOnExit[] }
export interface JobTimeout { attemptDurationSeconds?: number }
export type DependencyType = 'N_TO_N' | 'SEQUENTIAL'
export interface JobDependency { jobId?: string; type?: DependencyType }

/** Which executor runs a job's attempts: in-process fetch-and-run (default), a subprocess, or a container. */
export type ExecutorName = 'fetch-and-run' | 'subprocess' | 'container'

export interface ContainerProperties {
  image?: string
  command?: string[]
  environment?: KeyValuePair[]
  resourceRequirements?: ResourceRequirement[]
  jobRoleArn?: string
  executionRoleArn?: string
}

export interface JobDefinitionInput {
  jobDefinitionName: string
  type?: 'container'
  executor?: ExecutorName
  parameters?: Record<string, string>
  containerProperties?: ContainerProperties
  retryStrategy?: RetryStrategy
  timeout?: JobTimeout
  tags?: Record<string, string>
  platformCapabilities?: string[]
}

export interface JobDefinition extends JobDefinitionInput {
  jobDefinitionArn: string
  revision: number
  status: 'ACTIVE' | 'INACTIVE'
  type: 'container'
}

export interface ComputeEnvironmentInput { computeEnvironmentName: string; maxvCpus: number; state?: 'ENABLED' | 'DISABLED' }
export interface ComputeEnvironment extends ComputeEnvironmentInput { computeEnvironmentArn: string; state: 'ENABLED' | 'DISABLED' }

export interface JobQueueInput {
  jobQueueName: string
  priority: number
  computeEnvironmentOrder: { order: number; computeEnvironment: string }[]
  state?: 'ENABLED' | 'DISABLED'
}
export interface JobQueue extends JobQueueInput { jobQueueArn: string; state: 'ENABLED' | 'DISABLED' }

export interface ContainerOverrides {
  command?: string[]
  environment?: KeyValuePair[]
  resourceRequirements?: ResourceRequirement[]
}

export interface SubmitJobRequest {
  jobName: string
  jobQueue: string
  jobDefinition: string
  parameters?: Record<string, string>
  containerOverrides?: ContainerOverrides
  arrayProperties?: { size?: number }
  dependsOn?: JobDependency[]
  retryStrategy?: RetryStrategy
  timeout?: JobTimeout
  tags?: Record<string, string>
  propagateTags?: boolean
}
export interface SubmitJobResponse { jobArn: string; jobName: string; jobId: string }

export interface AttemptContainerDetail {
  exitCode?: number
  reason?: string
  logStreamName?: string
  taskArn?: string
  networkInterfaces?: unknown[]
}
export interface AttemptDetail {
  container: AttemptContainerDetail
  startedAt?: number
  stoppedAt?: number
  statusReason?: string
}

export interface ContainerDetail {
  image?: string
  command: string[]
  environment: KeyValuePair[]
  resourceRequirements: ResourceRequirement[]
  vcpus?: number
  memory?: number
  exitCode?: number
  reason?: string
  logStreamName?: string
  taskArn?: string
  networkInterfaces?: unknown[]
}

export interface ArrayPropertiesDetail { size?: number; index?: number; statusSummary?: Partial<Record<JobStatus, number>> }

export interface JobDetail {
  jobArn: string
  jobName: string
  jobId: string
  jobQueue: string
  status: JobStatus
  statusReason?: string
  attempts: AttemptDetail[]
  createdAt: number
  startedAt?: number
  stoppedAt?: number
  retryStrategy?: RetryStrategy
  dependsOn: JobDependency[]
  jobDefinition: string
  parameters: Record<string, string>
  container: ContainerDetail
  arrayProperties?: ArrayPropertiesDetail
  timeout?: JobTimeout
  tags?: Record<string, string>
  propagateTags?: boolean
  platformCapabilities?: string[]
  isCancelled: boolean
  isTerminated: boolean
}

export interface JobSummary {
  jobArn: string
  jobId: string
  jobName: string
  createdAt: number
  status: JobStatus
  statusReason?: string
  startedAt?: number
  stoppedAt?: number
  container?: { exitCode?: number; reason?: string }
  arrayProperties?: ArrayPropertiesDetail
  jobDefinition: string
}

export interface ListJobsRequest {
  jobQueue?: string
  arrayJobId?: string
  jobStatus?: JobStatus
  filters?: { name: 'JOB_NAME' | 'JOB_DEFINITION' | 'BEFORE_CREATED_AT' | 'AFTER_CREATED_AT'; values: string[] }[]
  maxResults?: number
  nextToken?: string
}

/** One line a job wrote, per attempt (CloudWatch Logs' event, with the stream it came from). */
export interface LogEvent { jobId: string; attempt: number; seq: number; timestamp: number; stream: 'stdout' | 'stderr'; message: string }

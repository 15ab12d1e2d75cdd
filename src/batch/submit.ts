import { randomUUID } from 'node:crypto'
import type { ContainerDetail, JobDetail, KeyValuePair, ResourceRequirement, SubmitJobRequest } from './types.ts'
import type { JobRecord } from './job-store.ts'
import { clientError } from './errors.ts'
import { substituteRefs, validateTimeout, type BatchResources } from './resources.ts'
import { validateRetryStrategy } from './retry-strategy.ts'

const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/

function mergeByName(base: KeyValuePair[] = [], overrides: KeyValuePair[] = []): KeyValuePair[] {
  const out = new Map(base.map(e => [e.name, { ...e }]))
  for (const e of overrides) out.set(e.name, { ...e })
  return [...out.values()]
}
function mergeByType(base: ResourceRequirement[] = [], overrides: ResourceRequirement[] = []): ResourceRequirement[] {
  const out = new Map(base.map(r => [r.type, { ...r }]))
  for (const r of overrides) out.set(r.type, { ...r })
  return [...out.values()]
}

/**
 * Turns a SubmitJob request into the job's records (an array job gives its parent, then its children),
 * validating it as AWS does. `find` looks up an existing job for `dependsOn`.
 */
export function buildJobs(
  resources: BatchResources, req: SubmitJobRequest, now: number, find: (jobId: string) => JobRecord | undefined,
): JobRecord[] {
  if (!JOB_NAME.test(req.jobName ?? '')) throw clientError(`job name must start with a letter or digit and have at most 128 letters, digits, hyphens or underscores: ${JSON.stringify(req.jobName)}`, 'jobName')
  const queue = resources.jobQueue(req.jobQueue ?? '')
  if (queue.state !== 'ENABLED') throw clientError(`job queue ${queue.jobQueueName} is DISABLED and does not accept jobs`, 'jobQueue')
  const def = resources.jobDefinition(req.jobDefinition ?? '')
  validateRetryStrategy(req.retryStrategy, 'retryStrategy')
  validateTimeout(req.timeout?.attemptDurationSeconds, 'timeout')
  const o = req.containerOverrides ?? {}
  if (o.command?.some(a => a === '')) throw clientError('containerOverrides.command cannot contain an empty string', 'containerOverrides.command')
  for (const e of o.environment ?? []) {
    if (e.name.startsWith('AWS_BATCH')) throw clientError(`environment variable names must not start with AWS_BATCH: ${e.name}`, 'containerOverrides.environment')
  }
  const size = req.arrayProperties?.size
  if (size !== undefined && (!Number.isInteger(size) || size < 2 || size > 10000)) throw clientError(`arrayProperties.size must be from 2 to 10000, got ${JSON.stringify(size)}`, 'arrayProperties.size')
  const dependsOn = req.dependsOn ?? []
  if (dependsOn.length > 20) throw clientError(`a job can depend on at most 20 jobs, got ${dependsOn.length}`, 'dependsOn')
  for (const [i, d] of dependsOn.entries()) {
    if (d.type === 'SEQUENTIAL') {
      if (size === undefined) throw clientError('a SEQUENTIAL dependency needs an array job', `dependsOn[${i}]`)
      continue
    }
    const dep = d.jobId ? find(d.jobId) : undefined
    if (!dep) throw clientError(`dependency job does not exist: ${d.jobId ?? '(no jobId)'}`, `dependsOn[${i}].jobId`)
    if (d.type === 'N_TO_N' && (size === undefined || dep.detail.arrayProperties?.size !== size)) {
      throw clientError(`an N_TO_N dependency needs two array jobs of the same size: ${d.jobId}`, `dependsOn[${i}]`)
    }
  }

  const parameters = { ...(def.parameters ?? {}), ...(req.parameters ?? {}) }
  const props = def.containerProperties ?? {}
  const resourceRequirements = mergeByType(props.resourceRequirements, o.resourceRequirements)
  const vcpus = Number(resourceRequirements.find(r => r.type === 'VCPU')?.value ?? 1)
  const memory = resourceRequirements.find(r => r.type === 'MEMORY')?.value
  if (!(vcpus > 0)) throw clientError(`VCPU must be a positive number, got ${JSON.stringify(resourceRequirements.find(r => r.type === 'VCPU')?.value)}`, 'resourceRequirements')
  const container: ContainerDetail = {
    image: props.image,
    command: substituteRefs(o.command ?? props.command ?? [], parameters),
    environment: mergeByName(props.environment, o.environment),
    resourceRequirements, vcpus, memory: memory === undefined ? undefined : Number(memory),
  }
  const jobId = randomUUID()
  const detail: JobDetail = {
    jobArn: resources.arn('job', jobId), jobName: req.jobName, jobId, jobQueue: queue.jobQueueArn,
    status: 'SUBMITTED', attempts: [], createdAt: now,
    retryStrategy: req.retryStrategy ?? def.retryStrategy, dependsOn: structuredClone(dependsOn),
    jobDefinition: def.jobDefinitionArn, parameters, container,
    timeout: req.timeout ?? def.timeout, tags: req.tags ?? def.tags, propagateTags: req.propagateTags,
    platformCapabilities: def.platformCapabilities, isCancelled: false, isTerminated: false,
  }
  const jobLevel = dependsOn.filter(d => d.type !== 'SEQUENTIAL' && d.type !== 'N_TO_N').map(d => d.jobId!)
  const executor = def.executor ?? 'fetch-and-run'
  if (size === undefined) return [{ detail, queueName: queue.jobQueueName, executor, vcpus, waitsFor: jobLevel }]

  detail.arrayProperties = { size, statusSummary: {} }
  const parent: JobRecord = { detail, queueName: queue.jobQueueName, executor, vcpus, waitsFor: [] }
  const children: JobRecord[] = []
  const sequential = dependsOn.some(d => d.type === 'SEQUENTIAL')
  const nToN = dependsOn.filter(d => d.type === 'N_TO_N').map(d => d.jobId!)
  for (let i = 0; i < size; i++) {
    const id = `${jobId}:${i}`
    const child: JobDetail = {
      ...structuredClone(detail), jobId: id, jobArn: resources.arn('job', id), arrayProperties: { index: i },
    }
    const waitsFor = [...jobLevel, ...nToN.map(d => `${d}:${i}`)]
    if (sequential && i > 0) waitsFor.push(`${jobId}:${i - 1}`)
    children.push({ detail: child, queueName: queue.jobQueueName, executor, vcpus, parentId: jobId, waitsFor })
  }
  return [parent, ...children]
}

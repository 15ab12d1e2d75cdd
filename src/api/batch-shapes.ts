// The Batch API model's request shapes, nested: a member of the wrong type anywhere in a request is the
// caller's mistake (ClientException naming the member's path), never an internal failure further down.
import { AwsError } from './errors.ts'

type Shape = 'string' | 'number' | 'boolean' | { list: Shape } | { map: Shape } | { struct: Record<string, Shape> } | { enum: readonly string[] }

const strings: Shape = { list: 'string' }
const keyValue: Shape = { struct: { name: 'string', value: 'string' } }
const resourceRequirement: Shape = { struct: { type: 'string', value: 'string' } }
const container = {
  command: strings, environment: { list: keyValue }, resourceRequirements: { list: resourceRequirement },
  vcpus: 'number', memory: 'number', instanceType: 'string',
} satisfies Record<string, Shape>
const retryStrategy: Shape = {
  struct: { attempts: 'number', evaluateOnExit: { list: { struct: { onStatusReason: 'string', onReason: 'string', onExitCode: 'string', action: 'string' } } } },
}

export const JOB_STATUSES = ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const

/** The members of every operation's request this server reads, by name (the Batch model uses each name with one shape). */
const MEMBERS: Record<string, Shape> = {
  jobName: 'string', jobQueue: 'string', jobDefinition: 'string', jobId: 'string', reason: 'string', jobStatus: { enum: JOB_STATUSES },
  arrayJobId: 'string', multiNodeJobId: 'string', nextToken: 'string', maxResults: 'number', priority: 'number', type: 'string',
  state: 'string', status: 'string', jobQueueName: 'string', jobDefinitionName: 'string', computeEnvironmentName: 'string',
  shareIdentifier: 'string', schedulingPriorityOverride: 'number', propagateTags: 'boolean', unmanagedvCpus: 'number',
  jobs: strings, jobQueues: strings, jobDefinitions: strings, computeEnvironments: strings,
  computeEnvironmentOrder: { list: { struct: { order: 'number', computeEnvironment: 'string' } } },
  dependsOn: { list: { struct: { jobId: 'string', type: 'string' } } },
  filters: { list: { struct: { name: 'string', values: strings } } },
  parameters: { map: 'string' }, tags: { map: 'string' },
  containerOverrides: { struct: container },
  containerProperties: { struct: { ...container, image: 'string', jobRoleArn: 'string', executionRoleArn: 'string' } },
  retryStrategy, timeout: { struct: { attemptDurationSeconds: 'number' } }, arrayProperties: { struct: { size: 'number' } },
  computeResources: { struct: { type: 'string', maxvCpus: 'number', minvCpus: 'number', desiredvCpus: 'number', subnets: strings, securityGroupIds: strings } },
}

const article = (s: Shape): string =>
  s === 'string' || s === 'number' || s === 'boolean' ? `a ${s}` : 'list' in s ? 'an array' : 'enum' in s ? `one of ${s.enum.join(', ')}` : 'an object'

function check(value: unknown, shape: Shape, path: string): void {
  if (value === null || value === undefined) return
  const wrong = () => { throw new AwsError(400, 'ClientException', `${path}: expected ${article(shape)}`) }
  if (typeof shape === 'string') { if (typeof value !== shape || (shape === 'number' && !Number.isFinite(value))) wrong(); return }
  if ('enum' in shape) { if (typeof value !== 'string' || !shape.enum.includes(value)) wrong(); return }
  if ('list' in shape) {
    if (!Array.isArray(value)) wrong()
    ;(value as unknown[]).forEach((v, i) => check(v, shape.list, `${path}[${i}]`))
    return
  }
  if (typeof value !== 'object' || Array.isArray(value)) wrong()
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const member = 'map' in shape ? shape.map : Object.hasOwn(shape.struct, k) ? shape.struct[k] : undefined
    if (member) check(v, member, `${path}.${k}`)
  }
}

/** Checks a request body's members against the model; unknown members are left alone, as AWS does. */
export function checkMembers(body: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(body)) if (Object.hasOwn(MEMBERS, field)) check(value, MEMBERS[field]!, field)
}

// AWS Batch over REST-JSON (`POST /v1/<operation>` with a JSON body): jobs, queues, definitions and
// compute environments. Errors carry `x-amzn-ErrorType` (ClientException / ServerException).
import type { App } from '../app.ts'
import type { JobQueueInput, ListJobsRequest, SubmitJobRequest } from '../batch/index.ts'
import { AwsError, jsonObjectBody, toAwsError } from './errors.ts'
import { checkMembers } from './batch-shapes.ts'

type Body = Record<string, unknown>
type Handler = (app: App, body: Body) => unknown

const text = (b: Body, field: string): string => {
  const v = b[field]
  if (typeof v !== 'string' || !v) throw new AwsError(400, 'ClientException', `${field} is required`)
  return v
}
const list = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined)
/** The named resources that exist: AWS's Describe* leave an unknown name out rather than fail (the lookups throw only for those). */
const existing = <T>(refs: string[], find: (ref: string) => T): T[] => refs.flatMap(ref => { try { return [find(ref)] } catch { return [] } })

/** Operations by their lower-case path, as the Batch API spells them (`/v1/submitjob`). */
export const batchOperations: Record<string, Handler> = {
  submitjob: (app, b) => app.batch.submitJob(b as unknown as SubmitJobRequest),
  describejobs: (app, b) => ({ jobs: app.batch.describeJobs(list(b.jobs) ?? []) }),
  listjobs(app, b) {
    const req = b as unknown as ListJobsRequest
    const size = req.maxResults ?? 100
    if (!Number.isInteger(size) || size < 1) throw new AwsError(400, 'ClientException', 'maxResults: must be an integer of at least 1')
    const offset = req.nextToken ? Number(Buffer.from(req.nextToken, 'base64url').toString() || NaN) : 0
    if (!Number.isInteger(offset) || offset < 0) throw new AwsError(400, 'ClientException', `nextToken: not a token ListJobs returned: ${req.nextToken}`)
    const all = app.batch.listJobs({ ...req, maxResults: offset + size + 1 })
    const page = all.slice(offset, offset + size)
    return { jobSummaryList: page, nextToken: all.length > offset + size ? Buffer.from(String(offset + size)).toString('base64url') : undefined }
  },
  canceljob(app, b) { app.batch.cancelJob(text(b, 'jobId'), text(b, 'reason')); return {} },
  terminatejob(app, b) { app.batch.terminateJob(text(b, 'jobId'), text(b, 'reason')); return {} },
  describejobqueues(app, b) {
    const wanted = list(b.jobQueues)
    return { jobQueues: wanted ? existing(wanted, q => app.batch.resources.jobQueue(q)) : app.batch.resources.listJobQueues() }
  },
  createjobqueue(app, b) {
    const q = app.batch.resources.createJobQueue(b as unknown as JobQueueInput)
    return { jobQueueName: q.jobQueueName, jobQueueArn: q.jobQueueArn }
  },
  describejobdefinitions(app, b) {
    const wanted = list(b.jobDefinitions)
    let defs = wanted ? existing(wanted, d => app.batch.resources.jobDefinition(d)) : app.batch.resources.listJobDefinitions()
    if (typeof b.jobDefinitionName === 'string') defs = defs.filter(d => d.jobDefinitionName === b.jobDefinitionName)
    if (typeof b.status === 'string') defs = defs.filter(d => d.status === b.status)
    return { jobDefinitions: defs }
  },
  registerjobdefinition(app, b) {
    const d = app.batch.resources.registerJobDefinition(b as never)
    return { jobDefinitionName: d.jobDefinitionName, jobDefinitionArn: d.jobDefinitionArn, revision: d.revision }
  },
  describecomputeenvironments(app, b) {
    const wanted = list(b.computeEnvironments)
    const ces = wanted ? existing(wanted, c => app.batch.resources.computeEnvironment(c)) : app.batch.resources.listComputeEnvironments()
    return { computeEnvironments: ces.map(ce => ({ ...ce, type: 'MANAGED', status: 'VALID', computeResources: { type: 'FARGATE', maxvCpus: ce.maxvCpus } })) }
  },
  createcomputeenvironment(app, b) {
    // AWS puts the vCPUs in computeResources (managed) or unmanagedvCpus
    const resources = (b.computeResources ?? {}) as Body
    const maxvCpus = typeof resources.maxvCpus === 'number' ? resources.maxvCpus : typeof b.unmanagedvCpus === 'number' ? b.unmanagedvCpus : b.maxvCpus
    const ce = app.batch.resources.createComputeEnvironment({ computeEnvironmentName: text(b, 'computeEnvironmentName'), maxvCpus: maxvCpus as number, state: b.state as 'ENABLED' | undefined })
    return { computeEnvironmentName: ce.computeEnvironmentName, computeEnvironmentArn: ce.computeEnvironmentArn }
  },
}

/** Handles one REST-JSON request to `/v1/<operation>`. */
export async function batch(app: App, operation: string, text: string): Promise<Response> {
  try {
    const handler = Object.hasOwn(batchOperations, operation.toLowerCase()) ? batchOperations[operation.toLowerCase()] : undefined
    if (!handler) throw new AwsError(404, 'UnknownOperationException', `unknown operation: /v1/${operation}`)
    const body = jsonObjectBody(text, 'ClientException')
    checkMembers(body)
    return Response.json(await handler(app, body), { headers: { 'x-amzn-requestid': crypto.randomUUID() } })
  } catch (err) {
    return batchError(toAwsError(err, 'ServerException'))
  }
}

/** An error as REST-JSON sends it: the code in `x-amzn-ErrorType` and the body. */
export const batchError = (e: AwsError) =>
  Response.json({ __type: e.code, message: e.message }, { status: e.status, headers: { 'x-amzn-ErrorType': e.code, 'x-amzn-requestid': crypto.randomUUID() } })

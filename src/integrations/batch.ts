import type { Batch, JobDetail, SubmitJobRequest } from '../batch/index.ts'
import { BatchError } from '../batch/index.ts'
import { TaskError, sdkCause, sdkMetadata } from './errors.ts'
import { toCamel, toPascal } from './recase.ts'
import type { IntegrationOptions, TaskInvocation } from './types.ts'

/** What Step Functions injects into every job it starts (seen in real job details). */
const MANAGED = { name: 'MANAGED_BY_AWS', value: 'STARTED_BY_STEP_FUNCTIONS' }

/**
 * The task attempt that submitted a job (execution ARN, state visit, attempt: stable across restarts),
 * kept in the job's environment as Step Functions keeps MANAGED_BY_AWS there. After a crash the task
 * re-attaches to the job carrying its key instead of submitting a second one.
 */
export const TASK_KEY_VARIABLE = 'RSQLFLOW_TASK_KEY'

/** Registration options: a `.sync` task in flight at a crash finds its job again (see TASK_KEY_VARIABLE). */
export const batchSubmitJobOptions: IntegrationOptions = { recovery: 'reattach' }

function request(parameters: unknown, taskKey: string | undefined): SubmitJobRequest {
  const req = toCamel(parameters ?? {}) as SubmitJobRequest
  const overrides = req.containerOverrides ?? {}
  const ours = new Set([MANAGED.name, TASK_KEY_VARIABLE])
  const environment = [...(overrides.environment ?? []).filter(e => !ours.has(e.name)), MANAGED]
  if (taskKey !== undefined) environment.push({ name: TASK_KEY_VARIABLE, value: taskKey })
  req.containerOverrides = { ...overrides, environment }
  return req
}

function submit(batch: Batch, req: SubmitJobRequest): { jobId: string; jobArn: string; jobName: string } {
  try {
    return batch.submitJob(req)
  } catch (e) {
    if (e instanceof BatchError) throw new TaskError(`Batch.${e.code}`, sdkCause(e.message, 'AWSBatch', e.code === 'ClientException' ? 400 : 500, e.code))
    throw e
  }
}

/**
 * The job an earlier run of this task attempt submitted: ListJobs by the request's queue and name
 * (newest first), then the task key in each one's environment. Undefined when the crash came before
 * the submit (or the queue is gone: the submit then reports it).
 */
export function findSubmittedJob(batch: Batch, req: SubmitJobRequest, taskKey: string): JobDetail | undefined {
  let ids: string[]
  try {
    ids = batch.listJobs({ jobQueue: req.jobQueue, filters: [{ name: 'JOB_NAME', values: [req.jobName] }] }).map(s => s.jobId)
  } catch (e) {
    if (e instanceof BatchError) return undefined
    throw e
  }
  for (let i = 0; i < ids.length; i += 100) {
    for (const job of batch.describeJobs(ids.slice(i, i + 100))) {
      if (job.container.environment.some(e => e.name === TASK_KEY_VARIABLE && e.value === taskKey)) return job
    }
  }
  return undefined
}

/**
 * `arn:aws:states:::batch:submitJob` (request-response) and `.sync` (output: the described job, PascalCase).
 * Register it with `batchSubmitJobOptions`: on a re-attach it waits for (or answers with) the job it
 * submitted before the crash.
 */
export function batchSubmitJob(batch: Batch) {
  return async (task: TaskInvocation): Promise<unknown> => {
    const req = request(task.parameters, task.taskKey)
    const earlier = task.reattach && task.taskKey !== undefined ? findSubmittedJob(batch, req, task.taskKey) : undefined
    const { jobId, jobArn, jobName } = earlier ?? submit(batch, req)
    const response = { JobArn: jobArn, JobId: jobId, JobName: jobName, ...sdkMetadata() }
    if (task.resource.pattern !== 'sync') return response
    task.submitted?.(response)
    const onAbort = () => { try { batch.terminateJob(jobId, 'Terminated by Step Functions: the task was aborted') } catch { /* already final */ } }
    task.signal.addEventListener('abort', onAbort, { once: true })
    let job: JobDetail
    try {
      job = await batch.waitForJob(jobId, task.signal)
    } finally {
      task.signal.removeEventListener('abort', onAbort)
    }
    const described = toPascal(job)
    if (job.status === 'FAILED') throw new TaskError('States.TaskFailed', JSON.stringify(described))
    return described
  }
}

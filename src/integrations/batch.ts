import type { Batch, JobDetail, SubmitJobRequest } from '../batch/index.ts'
import { BatchError } from '../batch/index.ts'
import { TaskError, sdkCause, sdkMetadata } from './errors.ts'
import { toCamel, toPascal } from './recase.ts'
import type { TaskInvocation } from './types.ts'

/** What Step Functions injects into every job it starts (seen in real job details). */
const MANAGED = { name: 'MANAGED_BY_AWS', value: 'STARTED_BY_STEP_FUNCTIONS' }

function submit(batch: Batch, parameters: unknown): { jobId: string; jobArn: string; jobName: string } {
  const req = toCamel(parameters ?? {}) as SubmitJobRequest
  const overrides = req.containerOverrides ?? {}
  req.containerOverrides = { ...overrides, environment: [...(overrides.environment ?? []).filter(e => e.name !== MANAGED.name), MANAGED] }
  try {
    return batch.submitJob(req)
  } catch (e) {
    if (e instanceof BatchError) throw new TaskError(`Batch.${e.code}`, sdkCause(e.message, 'AWSBatch', e.code === 'ClientException' ? 400 : 500, e.code))
    throw e
  }
}

/** `arn:aws:states:::batch:submitJob` (request-response) and `.sync` (output: the described job, PascalCase). */
export function batchSubmitJob(batch: Batch) {
  return async (task: TaskInvocation): Promise<unknown> => {
    const { jobId, jobArn, jobName } = submit(batch, task.parameters)
    if (task.resource.pattern !== 'sync') return { JobArn: jobArn, JobId: jobId, JobName: jobName, ...sdkMetadata() }
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

import { randomUUID } from 'node:crypto'
import type { AttemptDetail } from './types.ts'
import type { JobRecord } from './job-store.ts'

/**
 * A new attempt's record (its log stream `<definition>/default/<task id>` and task ARN) and its environment:
 * the job's declared variables, then Batch's own `AWS_BATCH_*`.
 */
export function newAttempt(r: JobRecord, ce: string, number: number, arn: (kind: 'job', name: string) => string): {
  attemptDetail: AttemptDetail
  environment: Record<string, string | undefined>
} {
  const taskId = randomUUID().replace(/-/g, '')
  const defName = r.detail.jobDefinition.replace(/^.*job-definition\//, '').replace(/:\d+$/, '')
  const logStreamName = `${defName.slice(0, 200)}/default/${taskId}`
  const taskArn = arn('job', `${r.detail.jobId}/task/${taskId}`).replace(':batch:', ':ecs:')
  const environment: Record<string, string | undefined> = {}
  for (const e of r.detail.container.environment) environment[e.name] = e.value
  Object.assign(environment, {
    AWS_BATCH_JOB_ID: r.detail.jobId, AWS_BATCH_JOB_ATTEMPT: String(number), AWS_BATCH_JQ_NAME: r.queueName, AWS_BATCH_CE_NAME: ce,
  })
  if (r.detail.arrayProperties?.index !== undefined) environment.AWS_BATCH_JOB_ARRAY_INDEX = String(r.detail.arrayProperties.index)
  return { attemptDetail: { container: { logStreamName, taskArn, networkInterfaces: [] } }, environment }
}

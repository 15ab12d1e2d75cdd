import type { Batch } from '../batch/index.ts'
import { batchSubmitJob } from '../integrations/index.ts'
import type { TaskInvocation } from '../states/index.ts'

export type JobSubmittedListener = (job: { executionArn: string; stateName: string; jobId: string }) => void

// Reports the job each Batch task submitted: a `.sync` task when the service accepted it (also a job found
// again after a restart, which is not submitted twice), a request-response task with its answer.
export function trackJobs(batch: Batch, listeners: Set<JobSubmittedListener>) {
  const handler = batchSubmitJob(batch)
  const report = (task: TaskInvocation, answer: unknown) => {
    const jobId = (answer as { JobId?: string } | undefined)?.JobId
    if (jobId) for (const l of listeners) l({ executionArn: task.executionArn, stateName: task.stateName, jobId })
  }
  return async (task: TaskInvocation): Promise<unknown> => {
    if (task.resource.pattern !== 'sync') {
      const answer = await handler(task)
      report(task, answer)
      return answer
    }
    return handler({ ...task, submitted: answer => { report(task, answer); task.submitted?.(answer) } })
  }
}

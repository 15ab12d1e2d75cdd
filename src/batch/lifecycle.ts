import type { JobStatus } from './types.ts'

/** The only moves a job can make (AWS Batch job states); anything else is a bug. */
export const NEXT: { [S in JobStatus]: readonly JobStatus[] } = {
  SUBMITTED: ['PENDING', 'RUNNABLE', 'FAILED'],
  PENDING: ['RUNNABLE', 'FAILED', 'SUCCEEDED'],
  RUNNABLE: ['STARTING', 'FAILED'],
  STARTING: ['RUNNING', 'RUNNABLE', 'FAILED'],
  RUNNING: ['RUNNABLE', 'SUCCEEDED', 'FAILED'],
  SUCCEEDED: [],
  FAILED: [],
}

export const STATUS_REASON = {
  exited: 'Essential container in task exited',
  failedToStart: 'Task failed to start',
  timeout: 'Job attempt duration exceeded timeout',
  dependencyFailed: 'Dependent Job failed',
  hostTerminated: (owner: number | undefined) => `Host EC2 (instance rsqlflow-${owner ?? 'unknown'}) terminated.`,
} as const


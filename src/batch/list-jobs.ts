import type { JobSummary, ListJobsRequest } from './types.ts'
import type { JobRecord } from './job-store.ts'

/** ListJobs' filters (one at a time on AWS; here they AND): JOB_NAME (trailing `*` = prefix), JOB_DEFINITION, created before/after. */
export function filterJobs(records: JobRecord[], filters: ListJobsRequest['filters'] = []): JobRecord[] {
  for (const f of filters) {
    const v = f.values[0] ?? ''
    const keep: (r: JobRecord) => boolean = {
      JOB_NAME: (r: JobRecord) => v.endsWith('*') ? r.detail.jobName.startsWith(v.slice(0, -1)) : r.detail.jobName === v,
      JOB_DEFINITION: (r: JobRecord) => r.detail.jobDefinition === v || r.detail.jobDefinition.includes(`/${v}:`) || r.detail.jobDefinition.endsWith(`/${v}`),
      BEFORE_CREATED_AT: (r: JobRecord) => r.detail.createdAt < Number(v),
      AFTER_CREATED_AT: (r: JobRecord) => r.detail.createdAt > Number(v),
    }[f.name]
    records = records.filter(keep)
  }
  return records
}

/** ListJobs' JobSummary of each job. */
export function summarize(records: JobRecord[]): JobSummary[] {
  return records.map(({ detail: d }) => ({
    jobArn: d.jobArn, jobId: d.jobId, jobName: d.jobName, createdAt: d.createdAt, status: d.status,
    statusReason: d.statusReason, startedAt: d.startedAt, stoppedAt: d.stoppedAt, jobDefinition: d.jobDefinition,
    container: d.container.exitCode !== undefined || d.container.reason ? { exitCode: d.container.exitCode, reason: d.container.reason } : undefined,
    arrayProperties: d.arrayProperties,
  }))
}

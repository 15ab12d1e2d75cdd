import type { RegisterCommand } from './index.ts'
import { openStore, type Store } from '../../store/index.ts'
import { loadProject, type Project } from '../../project/index.ts'
import { BatchError, JobStore, JOB_STATUSES, type JobRecord, type JobStatus } from '../../batch/index.ts'
import { action, EXIT, formatDuration, formatTable, maxOption, printJson, terminal, type Terminal } from '../ui.ts'

/** Opens the project's store for reading jobs, without starting a scheduler (a running `rsqlflow run` keeps its jobs). */
export async function withJobStore<T>(fn: (jobs: JobStore, project: Project) => Promise<T> | T): Promise<T> {
  const project = await loadProject()
  const store: Store = openStore(project.paths.store)
  try { return await fn(new JobStore(store.db), project) } finally { store.close() }
}

/** `--queue`: a name or ARN (as ListJobs' jobQueue) of a queue the project configures or its jobs were sent to. */
function queueOption(term: Terminal, jobs: JobStore, project: Project, ref: string): string | undefined {
  const name = /^arn:aws[\w-]*:batch:[^:]*:\d*:job-queue\/(.+)$/.exec(ref)?.[1] ?? ref
  const configured = project.config.jobQueues.map(q => q.name)
  if (configured.includes(name) || jobs.list({ queue: name, limit: 1 }).length) return name
  term.err(`rsqlflow: error: --queue: no job queue ${JSON.stringify(ref)} (the project's queues: ${configured.map(q => JSON.stringify(q)).join(', ')})\n`)
  return undefined
}

/** A job by ID, or by name (the most recent job with that name). */
export function resolveJob(jobs: JobStore, ref: string): JobRecord {
  const byId = jobs.get(ref)
  if (byId) return byId
  const byName = jobs.list({ limit: 100_000 }).find(r => r.detail.jobName === ref)
  if (!byName) throw new BatchError('ClientException', `job does not exist: ${ref}`)
  return byName
}

const time = (t?: number) => t === undefined ? '' : new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')

/** `rsqlflow jobs [list|describe]`: Batch jobs from the project's store (ListJobs / DescribeJobs shapes with --json). */
export const registerJobs: RegisterCommand = (program, setExit) => {
  const jobs = program.command('jobs').description('list and describe AWS Batch jobs')
  jobs.command('list', { isDefault: true })
    .description('jobs, newest first')
    .option('--queue <name>', 'only this job queue\'s jobs')
    .option('--status <status>', JOB_STATUSES.join(', '))
    .option('--max <n>', 'at most this many', '50')
    .option('--json', 'print as JSON (DescribeJobs\' JobDetail shape)')
    .action(action(setExit, async (opts: { queue?: string; status?: string; max: string; json?: boolean }) => withJobStore((store, project) => {
      const term = terminal()
      const queue = opts.queue === undefined ? undefined : queueOption(term, store, project, opts.queue)
      if (opts.queue !== undefined && queue === undefined) return EXIT.USAGE
      const status = opts.status?.toUpperCase() as JobStatus | undefined
      if (status && !JOB_STATUSES.includes(status)) { term.err(`rsqlflow: error: unknown job status ${opts.status} (one of ${JOB_STATUSES.join(', ')})\n`); return EXIT.USAGE }
      const max = maxOption(term, opts.max)
      if (max === undefined) return EXIT.USAGE
      const list = store.list({ queue, status, limit: max })
      if (opts.json) return printJson(term, { jobs: list.map(r => r.detail) })
      if (!list.length) return term.out('no jobs\n')
      term.out(formatTable(['JOB ID', 'NAME', 'QUEUE', 'STATUS', 'EXIT', 'ATTEMPTS', 'CREATED', 'DURATION', 'REASON'], list.map(({ detail: d, queueName }) => [
        d.jobId, d.jobName, queueName, d.status, d.container.exitCode === undefined ? '' : String(d.container.exitCode), String(d.attempts.length),
        time(d.createdAt), d.startedAt ? formatDuration((d.stoppedAt ?? Date.now()) - d.startedAt) : '', d.statusReason ?? '',
      ])))
    })))
  jobs.command('describe')
    .description('one job as DescribeJobs returns it')
    .argument('<job>', 'job ID or name')
    .option('--json', 'print as JSON')
    .action(action(setExit, async (ref: string, opts: { json?: boolean }) => withJobStore(store => {
      const term = terminal()
      const { detail: d, queueName } = resolveJob(store, ref)
      if (opts.json) return printJson(term, d)
      const rows: [string, string | undefined][] = [
        ['job', d.jobArn], ['name', d.jobName], ['queue', queueName], ['definition', d.jobDefinition], ['status', d.status],
        ['reason', d.statusReason], ['created', time(d.createdAt)], ['started', time(d.startedAt)], ['stopped', time(d.stoppedAt)],
        ['command', JSON.stringify(d.container.command)], ['exit code', d.container.exitCode?.toString()], ['container reason', d.container.reason],
      ]
      for (const [k, v] of rows) if (v) term.out(`${k.padEnd(18)}${v}\n`)
      d.attempts.forEach((a, i) => term.out(`attempt ${i + 1}`.padEnd(18) + `exit ${a.container.exitCode ?? '-'}  ${a.statusReason ?? ''}  ${a.container.logStreamName ?? ''}\n`))
    })))
}

import type { RegisterCommand } from './index.ts'
import { isFinal, type LogEvent } from '../../batch/index.ts'
import { action, EXIT, terminal } from '../ui.ts'
import { resolveJob, withJobStore } from './jobs.ts'

/** `rsqlflow logs JOB [--attempt N] [--follow] [--json]`: every line a job wrote, per attempt, from the store. */
export const registerLogs: RegisterCommand = (program, setExit) => {
  program.command('logs')
    .description('print the lines a Batch job wrote (all attempts, or one); --follow streams until the job ends')
    .argument('<job>', 'job ID or name')
    .option('--attempt <n>', 'only this attempt (1-based)')
    .option('-f, --follow', 'keep printing new lines until the job is SUCCEEDED or FAILED')
    .option('--json', 'one JSON object per line: {jobId, attempt, seq, timestamp, stream, message}')
    .action(action(setExit, async (ref: string, opts: { attempt?: string; follow?: boolean; json?: boolean }) => withJobStore(async store => {
      const term = terminal()
      const attempt = opts.attempt === undefined ? undefined : Number(opts.attempt)
      if (attempt !== undefined && !(Number.isInteger(attempt) && attempt > 0)) { term.err(`rsqlflow: error: --attempt must be a positive integer, got ${opts.attempt}\n`); return EXIT.USAGE }
      const job = resolveJob(store, ref).detail
      const jobId = job.jobId
      const attempts = job.attempts.length
      // a job still running may start that attempt later (a retry): --follow waits for it
      if (attempt !== undefined && attempt > attempts && !(opts.follow && !isFinal(job.status))) {
        const have = attempts === 0 ? 'it has not started one yet' : attempts === 1 ? 'attempts: 1' : `attempts: 1 to ${attempts}`
        term.err(`rsqlflow: error: job ${jobId} has no attempt ${attempt} (${have})\n`)
        return EXIT.USAGE
      }
      let after: { attempt: number; seq: number } | undefined
      let shownAttempt = 0
      const print = (e: LogEvent) => {
        if (opts.json) return term.out(JSON.stringify(e) + '\n')
        if (attempt === undefined && e.attempt !== shownAttempt) { shownAttempt = e.attempt; if (e.attempt > 1 || opts.follow) term.out(`--- attempt ${e.attempt} ---\n`) }
        ;(e.stream === 'stderr' ? term.err : term.out)(e.message + '\n')
      }
      const drain = () => {
        for (;;) {
          const page = store.logs(jobId, { attempt, after, limit: 1000 })
          for (const e of page) print(e)
          if (page.length) after = { attempt: page[page.length - 1].attempt, seq: page[page.length - 1].seq }
          if (page.length < 1000) return
        }
      }
      drain()
      if (!opts.follow) return
      while (!isFinal(store.get(jobId)!.detail.status)) {
        await new Promise(r => setTimeout(r, 200))
        drain()
      }
      drain()
    })))
}

import type { Command } from 'commander'
import type { RegisterCommand } from './index.ts'
import { createApp, type App } from '../../app.ts'
import { loadProject } from '../../project/index.ts'
import { EXECUTION_STATUSES, StatesApiError, type HistoryEvent } from '../../states/index.ts'
import { interruptCause, onStopSignal, SIGNAL_EXIT, type StopSignal } from '../signals.ts'
import { Progress } from '../progress.ts'
import { logTail } from '../job-logs.ts'
import { action, EXIT, formatDuration, formatTable, maxOption, printJson, terminal } from '../ui.ts'
import { printResult } from './run.ts'

async function withApp<T>(fn: (app: App) => Promise<T>): Promise<T> {
  const app = await createApp(await loadProject())
  try { return await fn(app) } finally { await app.close() }
}

/** An execution given by ARN, or by its name (the most recent one with that name). */
function resolveExecution(app: App, ref: string): string {
  if (ref.startsWith('arn:')) return ref
  let nextToken: string | undefined
  do {
    const page = app.states.listExecutions({ maxResults: 1000, nextToken })
    const hit = page.executions.find(e => e.name === ref)
    if (hit) return hit.executionArn
    nextToken = page.nextToken
  } while (nextToken)
  throw new StatesApiError('ExecutionDoesNotExist', `execution does not exist: ${ref}`)
}

function since(start: string, stop?: string): string {
  return formatDuration((stop ? Date.parse(stop) : Date.now()) - Date.parse(start))
}

/** `rsqlflow executions list|describe|history|stop|redrive`: the Step Functions API over the project's store. */
export const registerExecutions: RegisterCommand = (program, setExit) => {
  const executions: Command = program.command('executions').description('list and inspect executions, stop or redrive them')

  executions.command('list')
    .description('executions, newest first')
    .option('--workflow <name>', 'only this workflow\'s executions')
    .option('--status <status>', 'RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED')
    .option('--max <n>', 'at most this many', '50')
    .option('--json', 'print as JSON (ListExecutions\' shape)')
    .action(action(setExit, async (opts: { workflow?: string; status?: string; max: string; json?: boolean }) => withApp(async app => {
      const term = terminal()
      const status = opts.status?.toUpperCase()
      if (status !== undefined && !(EXECUTION_STATUSES as readonly string[]).includes(status)) {
        term.err(`rsqlflow: error: --status: unknown execution status ${JSON.stringify(opts.status)} (one of ${EXECUTION_STATUSES.join(', ')})\n`)
        return EXIT.USAGE
      }
      const max = maxOption(term, opts.max)
      if (max === undefined) return EXIT.USAGE
      if (opts.workflow !== undefined) app.states.describeStateMachine(opts.workflow) // StateMachineDoesNotExist: exit 2
      const page = app.states.listExecutions({ stateMachine: opts.workflow, statusFilter: status, maxResults: max })
      if (opts.json) return printJson(term, page)
      if (!page.executions.length) return term.out('no executions\n')
      term.out(formatTable(['NAME', 'WORKFLOW', 'STATUS', 'STARTED', 'DURATION'], page.executions.map(e => [
        e.name, e.stateMachineArn.split(':').pop()!, e.status, e.startDate.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), since(e.startDate, e.stopDate),
      ])))
    })))

  executions.command('describe')
    .description('one execution: status, input, output, error and cause')
    .argument('<execution>', 'execution ARN or name')
    .option('--json', 'print as JSON (DescribeExecution\'s shape)')
    .action(action(setExit, async (ref: string, opts: { json?: boolean }) => withApp(async app => {
      const term = terminal()
      const d = app.states.describeExecution(resolveExecution(app, ref))
      if (opts.json) return printJson(term, d)
      const rows: [string, string | undefined][] = [
        ['execution', d.executionArn], ['state machine', d.stateMachineArn], ['status', d.status], ['started', d.startDate],
        ['stopped', d.stopDate], ['duration', since(d.startDate, d.stopDate)], ['input', d.input], ['output', d.output],
        ['error', d.error], ['cause', d.cause], ['redrives', String(d.redriveCount)], ['redrive', d.redriveStatus],
      ]
      for (const [k, v] of rows) if (v !== undefined) term.out(`${k.padEnd(14)}${v}\n`)
    })))

  executions.command('history')
    .description('the execution\'s history events, as GetExecutionHistory returns them')
    .argument('<execution>', 'execution ARN or name')
    .option('--reverse', 'newest first')
    .option('--json', 'print as JSON (every event with its details)')
    .action(action(setExit, async (ref: string, opts: { reverse?: boolean; json?: boolean }) => withApp(async app => {
      const term = terminal()
      const arn = resolveExecution(app, ref)
      const events: HistoryEvent[] = []
      let nextToken: string | undefined
      do {
        const page = app.states.getExecutionHistory(arn, { maxResults: 1000, nextToken, reverseOrder: opts.reverse })
        events.push(...page.events)
        nextToken = page.nextToken
      } while (nextToken)
      if (opts.json) return printJson(term, { events })
      term.out(formatTable(['ID', 'TIME', 'TYPE', 'STEP', 'DETAIL'], events.map(e => [String(e.id), e.timestamp.slice(11, 23), e.type, stepOf(e), detailOf(e)])))
    })))

  executions.command('stop')
    .description('stop a running execution; it ends ABORTED (one another live rsqlflow process runs is stopped by that process)')
    .argument('<execution>', 'execution ARN or name')
    .option('--error <error>', 'the error code recorded')
    .option('--cause <cause>', 'the cause recorded')
    .action(action(setExit, async (ref: string, opts: { error?: string; cause?: string }) => withApp(async app => {
      const arn = resolveExecution(app, ref)
      // the live process that runs it (a `run`, a redrive, the server) writes its history: it is asked to stop it
      const r = await app.stopExecution(arn, { error: opts.error, cause: opts.cause })
      terminal().out(`stopped ${arn} at ${r.stopDate}${r.ownerPid ? ` (by the process that ran it, pid ${r.ownerPid})` : ''}\n`)
    })))

  executions.command('redrive')
    .description('redrive a FAILED, TIMED_OUT or ABORTED execution from its unsuccessful step, and wait for it')
    .argument('<execution>', 'execution ARN or name')
    .option('--json', 'print the outcome as JSON, without progress')
    .action(action(setExit, async (ref: string, opts: { json?: boolean }) => withApp(async app => {
      const term = terminal()
      const arn = resolveExecution(app, ref)
      const tail = logTail(app.batch)
      const progress = opts.json ? undefined : new Progress(term, (id, failed) => failed ? tail.lastError(id) : tail.last(id))
      const offJobs = app.onJobSubmitted(j => { if (j.executionArn === arn) progress?.job(j.stateName, j.jobId) })
      const offEvents = app.onExecutionEvent(arn, e => progress?.event(e))
      const started = Date.now()
      let redriveDate: string
      try {
        ({ redriveDate } = app.states.redriveExecution(arn))
      } catch (err) {
        offJobs(); offEvents(); progress?.finish()
        throw err
      }
      // as `run`: Ctrl-C stops the execution (ABORTED) instead of leaving it RUNNING with no process behind it; in
      // place before `redriven` is printed, for a SIGINT sent on seeing it
      let interrupted: StopSignal | undefined
      const offSignals = onStopSignal(signal => { interrupted = signal; app.states.stopExecution(arn, { error: 'States.Aborted', cause: interruptCause(signal) }) })
      if (!opts.json) term.out(`redriven ${arn} at ${redriveDate}\n`)
      const result = await app.states.waitFor(arn).finally(() => { offSignals(); offJobs(); offEvents(); progress?.finish() })
      if (opts.json) printJson(term, { executionArn: arn, ...result })
      else printResult(term, result, Date.now() - started)
      if (result.status === 'ABORTED' && interrupted !== undefined && interrupted !== 'SIGINT') return SIGNAL_EXIT[interrupted]
      return result.status === 'SUCCEEDED' ? EXIT.OK : EXIT.FAILED
    })))
}

function stepOf(e: HistoryEvent): string {
  const d = (e.stateEnteredEventDetails ?? e.stateExitedEventDetails) as { name?: string } | undefined
  return d?.name ?? ''
}

function detailOf(e: HistoryEvent): string {
  const key = Object.keys(e).find(k => k.endsWith('EventDetails') && k !== 'stateEnteredEventDetails' && k !== 'stateExitedEventDetails')
  const d = key ? e[key] as Record<string, unknown> : undefined
  if (!d) return ''
  const parts: string[] = []
  for (const k of ['resourceType', 'resource', 'error']) if (typeof d[k] === 'string') parts.push(String(d[k]))
  if (typeof d.cause === 'string') parts.push(d.cause.length > 60 ? d.cause.slice(0, 60) + '…' : d.cause)
  return parts.join(' ')
}

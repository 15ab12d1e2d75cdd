import { readFile } from 'node:fs/promises'
import type { RegisterCommand } from './index.ts'
import { createApp } from '../../app.ts'
import { findJsonError, lineColumn, loadProject } from '../../project/index.ts'
import type { ExecutionResult } from '../../states/index.ts'
import { Progress } from '../progress.ts'
import { logTail } from '../job-logs.ts'
import { interruptCause, onStopSignal, SIGNAL_EXIT, type StopSignal } from '../signals.ts'
import { action, EXIT, formatDuration, printJson, terminal, type Terminal } from '../ui.ts'

/** Reads `--input`: inline JSON, or `@file` holding JSON. */
export async function readInput(text: string | undefined): Promise<unknown> {
  if (text === undefined) return {}
  const userError = (message: string) => Object.assign(new Error(message), { code: 'InvalidExecutionInput' })
  const file = text.startsWith('@') ? text.slice(1) : undefined
  const source = file === undefined ? text : await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw userError(`--input: cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.code ?? err.message}`)
  })
  try {
    return JSON.parse(source)
  } catch (err) {
    // located as a config's or a workflow's syntax error: FILE:line:col, or where in the option's text
    const found = findJsonError(source)
    const { line, column } = lineColumn(source, found?.offset ?? source.length)
    const reason = found?.reason ?? (err as Error).message
    if (file !== undefined) throw userError(`${file}:${line}:${column}: the execution input is not valid JSON: ${reason}`)
    throw userError(`--input: the execution input is not valid JSON at ${line === 1 ? '' : `line ${line}, `}column ${column}: ${reason}`)
  }
}

/** `rsqlflow run WORKFLOW`: starts an execution of workflows/WORKFLOW.asl.json in this process. */
export const registerRun: RegisterCommand = (program, setExit) => {
  program.command('run')
    .description('run a workflow (workflows/WORKFLOW.asl.json) with live progress; the process stays until the execution ends')
    .argument('<workflow>', 'the workflow name: the file name without .asl.json')
    .option('--input <json>', 'the execution input: JSON text, or @file')
    .option('--name <name>', 'the execution name (default: a UUID)')
    .option('--wait', 'show live progress, then the result with its error and cause (without it: the status only; either way the exit code is 0 SUCCEEDED, 1 otherwise)')
    .option('--json', 'print the execution\'s description as JSON at the end, without progress')
    .action(action(setExit, async (workflow: string, opts: { input?: string; name?: string; wait?: boolean; json?: boolean }) => {
      const term = terminal()
      const input = await readInput(opts.input)
      const project = await loadProject()
      const app = await createApp(project)
      try {
        const tail = logTail(app.batch)
        const progress = opts.wait && !opts.json ? new Progress(term, (id, failed) => failed ? tail.lastError(id) : tail.last(id)) : undefined
        const off = app.onJobSubmitted(j => progress?.job(j.stateName, j.jobId))
        const started = Date.now()
        const run = await app.startWorkflow(workflow, { input, name: opts.name, onEvent: e => progress?.event(e) })
        let interrupted: StopSignal | undefined
        // before `started` is printed: a Ctrl-C (or a script's SIGINT, SIGTERM, SIGHUP) right after it must find the handler
        const offSignals = onStopSignal(signal => { interrupted = signal; run.stop('States.Aborted', interruptCause(signal)) })
        if (!opts.json) term.out(`started ${run.executionArn}\n`)
        const result = await run.done.finally(() => { offSignals(); off(); progress?.finish() })
        const description = { executionArn: run.executionArn, name: run.name, stateMachine: workflow, ...result, durationMs: Date.now() - started }
        if (opts.json) printJson(term, description)
        else if (opts.wait) printResult(term, result, Date.now() - started)
        if (!opts.wait && !opts.json) term.out(`${result.status}\n`)
        // stopped by `executions stop` from elsewhere: the work was aborted (1), not this process interrupted (130);
        // SIGTERM and SIGHUP end it as shells report a process they ended (143, 129)
        if (result.status === 'ABORTED' && interrupted !== undefined && interrupted !== 'SIGINT') return SIGNAL_EXIT[interrupted]
        return result.status === 'SUCCEEDED' ? EXIT.OK : result.status === 'ABORTED' && interrupted && !opts.wait ? EXIT.INTERRUPTED : EXIT.FAILED
      } finally {
        await app.close()
      }
    }))
}

export function printResult(term: Terminal, result: ExecutionResult, ms: number): void {
  term.out(`\n${result.status} in ${formatDuration(ms)}\n`)
  if (result.status === 'SUCCEEDED') return
  if (result.error) term.out(`error: ${result.error}\n`)
  if (result.cause) term.out(`cause: ${describeCause(result.cause)}\n`)
}

/** A Batch job's JSON cause (a failed `.sync` task) told in one line; any other cause as it is, cut at 2,000 characters. */
export function describeCause(cause: string): string {
  try {
    const job = JSON.parse(cause) as { JobName?: string; JobId?: string; Status?: string; StatusReason?: string; Container?: { ExitCode?: number; Reason?: string } }
    if (job && typeof job === 'object' && job.JobName && job.JobId) {
      const exit = job.Container?.ExitCode !== undefined ? `, exit code ${job.Container.ExitCode}` : ''
      const reason = job.Container?.Reason ?? job.StatusReason
      return `Batch job ${job.JobName} (${job.JobId}) ${job.Status ?? 'FAILED'}${exit}${reason ? `: ${reason}` : ''} — rsqlflow logs ${job.JobId}`
    }
  } catch { /* not JSON: shown as it is */ }
  return cause.length > 2000 ? cause.slice(0, 2000) + '…' : cause
}

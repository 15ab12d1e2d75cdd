import { relative } from 'node:path'
import type { RegisterCommand } from './index.ts'
import { runDemo, DEMO_DIR, type DemoEvent } from '../../app.ts'
import { interruptCause, onStopSignal, SIGNAL_EXIT, type StopSignal } from '../signals.ts'
import { Progress } from '../progress.ts'
import { logTail } from '../job-logs.ts'
import { action, EXIT, formatBytes, formatDuration, printJson, shellWord, terminal } from '../ui.ts'
import { printResult } from './run.ts'

/**
 * The largest `--scale`: SF 100 is 15 million customers, about 15 GB of disk (the generated files, their copy in the
 * data bucket, the warehouse's tables) and some 20 minutes on one machine (SF 1 took 13 s besides the warehouse's
 * start); beyond, a typo (`--scale 1000`) would fill the disk for hours before anything failed.
 */
export const MAX_DEMO_SCALE = 100

/** `rsqlflow demo`: the sample TPC-H pipeline end to end on the embedded defaults. */
export const registerDemo: RegisterCommand = (program, setExit) => {
  program.command('demo')
    .description('run the sample TPC-H pipeline end to end: generate data, start the local warehouse, publish, run, report')
    .option('--scale <sf>', `TPC-H scale factor, above 0 and at most ${MAX_DEMO_SCALE} (customer has 150,000 x SF rows)`, '1')
    .option('--seed <n>', 'seed of the data generator', '1')
    .option('--fail', 'run the variant where copy-nation fails on a malformed row, to show the failure path')
    .option('--dir <dir>', 'the demo project folder (created from the sample when missing)', DEMO_DIR)
    .option('--keep-warehouse', 'leave the local warehouse running at the end')
    .option('--json', 'print a JSON summary at the end, without progress')
    .action(action(setExit, async (opts: { scale: string; seed: string; fail?: boolean; dir: string; keepWarehouse?: boolean; json?: boolean }) => {
      const term = terminal()
      const scale = Number(opts.scale)
      const seed = Number(opts.seed)
      if (!(scale > 0 && scale <= MAX_DEMO_SCALE)) {
        term.err(`rsqlflow: error: --scale must be a number above 0 and at most ${MAX_DEMO_SCALE}, not "${opts.scale}" (SF ${MAX_DEMO_SCALE} is 15 million customers, about 15 GB of disk)\n`)
        return EXIT.USAGE
      }
      if (!Number.isInteger(seed)) { term.err(`rsqlflow: error: --seed must be an integer, not "${opts.seed}"\n`); return EXIT.USAGE }
      const show = (text: string) => { if (!opts.json) term.out(text) }
      let progress: Progress | undefined
      let tail: ((id: string, failed: boolean) => string | undefined) | undefined
      const where = (path: string) => relative(process.cwd(), path) || '.'
      show(`rsqlflow demo: the sample TPC-H pipeline, end to end on this machine${opts.fail ? ' (failure variant)' : ''}\n\n`)
      const report = (e: DemoEvent) => {
        switch (e.step) {
          case 'project':
            show(`project    ${where(e.dir)}${e.created ? ' (created from the sample)' : ''}\n`)
            break
          case 'data': {
            const sizes = e.files.map(f => `${f.key.split('/').pop()} ${f.rows.toLocaleString('en-US')} rows (${formatBytes(f.bytes)})`).join(', ')
            show(`data       TPC-H SF ${scale}, seed ${seed}${e.generated ? `, generated in ${formatDuration(e.ms)}` : ', already generated'}: ${sizes}\n`)
            break
          }
          case 'warehouse':
            show(`warehouse  PostgreSQL on ${e.server.host}:${e.server.port}, database ${e.server.database}, ready in ${formatDuration(e.ms)}\n`)
            break
          case 'publish':
            show(`publish    ${e.uploaded} objects uploaded, ${e.unchanged} unchanged, in ${formatDuration(e.ms)}\n`)
            break
          case 'run':
            show(`\nrunning    workflow etl, execution ${e.run.name}, input ${JSON.stringify(e.input)}\n\n`)
            break
          case 'history':
            progress?.event(e.event)
            break
          case 'job':
            progress?.job(e.stateName, e.jobId)
            break
          case 'result':
            progress?.finish()
            if (!opts.json) printResult(term, e.result, e.ms)
            break
          case 'notification':
            show(`\nnotification (file outbox ${where(e.file)}):\n  Subject: ${e.subject ?? '(none)'}\n${e.message.split('\n').map(l => `  | ${l}`).join('\n')}\n`)
            break
          case 'counts':
            show(`\nrows       ${Object.entries(e.counts).map(([t, n]) => `${t} ${/^\d+$/.test(n) ? Number(n).toLocaleString('en-US') : n}`).join(', ')}\n`)
            break
        }
      }
      if (!opts.json) progress = new Progress(term, (id, failed) => tail?.(id, failed))
      // as `run --wait`: Ctrl-C stops the execution (ABORTED) and the demo ends as usual, stopping the warehouse;
      // before the execution starts it ends the demo (130). A second Ctrl-C kills the process.
      const interrupted = new AbortController()
      let signalled: StopSignal = 'SIGINT'
      const offSignals = onStopSignal(signal => { signalled = signal; interrupted.abort(interruptCause(signal)) })
      let r: Awaited<ReturnType<typeof runDemo>>
      try {
        r = await runDemo({ dir: opts.dir, scale, seed, fail: opts.fail, keepWarehouse: opts.keepWarehouse, signal: interrupted.signal }, e => {
          if (e.step === 'run') { const t = logTail(e.batch); tail = (id, failed) => failed ? t.lastError(id) : t.last(id) }
          report(e)
        }).finally(() => { offSignals(); progress?.finish() })
      } catch (err) {
        if (!interrupted.signal.aborted) throw err
        term.err(`rsqlflow: demo ${interruptCause(signalled)} before the execution started\n`)
        return SIGNAL_EXIT[signalled]
      }
      const dir = where(r.project.dir)
      if (opts.json) {
        printJson(term, { executionArn: r.run.executionArn, ...r.result, counts: r.counts, notification: r.notification, timings: r.timings })
      } else {
        show(`\nhistory    rsqlflow executions history ${r.run.name}   (in ${dir}; stored in ${where(r.project.paths.store)})\n`)
        show(`logs       rsqlflow logs JOB_ID   (each step's job log; rsqlflow jobs lists the jobs)\n`)
        show(`console    cd ${shellWord(dir)} && rsqlflow server, then open the address it prints\n`)
        // the workflow's own default is scale factor 1: another scale's data is found only with it in the input
        const input = scale === 1 ? '' : ` --input '${JSON.stringify({ scaleFactor: scale })}'`
        show(`again      cd ${shellWord(dir)} && rsqlflow run etl${input} --wait${opts.fail ? '' : '   (or rsqlflow demo --fail for the failure path)'}\n`)
      }
      if (interrupted.signal.aborted && r.result.status === 'ABORTED' && signalled !== 'SIGINT') return SIGNAL_EXIT[signalled]
      const expected = opts.fail ? 'FAILED' : 'SUCCEEDED'
      return r.result.status === expected ? EXIT.OK : EXIT.FAILED
    }))
}

import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createWriteStream } from 'node:fs'
import { LzopCompress } from '../objects/index.ts'
import { ConfigError, initProject, loadProject, type Project } from '../project/index.ts'
import { nationTbl, TPCH_SAMPLE_DIR, TPCH_TABLES, tpchDataPrefix, tpchFileName, writeTpchData } from '../samples/index.ts'
import { ensureLocalServer, stopLocalServer, type LocalServer } from '../warehouse/index.ts'
import type { App } from '../app.ts'
import type { Batch } from '../batch/index.ts'
import { publishProject } from './publish.ts'
import type { WorkflowRun } from './workflows.ts'
import type { ExecutionResult, HistoryEvent } from '../states/index.ts'

/** Where `rsqlflow demo` puts its project unless told otherwise: a folder the user can look into. */
export const DEMO_DIR = 'rsqlflow-demo'

export interface DemoOptions {
  dir?: string
  /** TPC-H scale factor (default 1: 150,000 customers). */
  scale?: number
  seed?: number
  /** Run the variant where copy-nation fails on a malformed row, to show the failure path. */
  fail?: boolean
  /** Leave the local warehouse running at the end (default: stop it). */
  keepWarehouse?: boolean
  /**
   * Ctrl-C: before the run, the demo ends with DemoInterrupted; during it, the execution is stopped (ABORTED).
   * Either way the warehouse the demo started is stopped, as at a normal end.
   */
  signal?: AbortSignal
}

/** The demo was interrupted before its execution started: nothing ran. */
export class DemoInterrupted extends Error {
  constructor() { super('interrupted (Ctrl-C) before the execution started') }
}

/** What the demo tells its renderer, step by step. */
export type DemoEvent =
  | { step: 'project'; dir: string; created: boolean }
  | { step: 'data'; files: { key: string; rows: number; bytes: number }[]; ms: number; generated: boolean }
  | { step: 'warehouse'; server: LocalServer; ms: number }
  | { step: 'publish'; uploaded: number; unchanged: number; ms: number }
  | { step: 'run'; run: WorkflowRun; input: unknown; batch: Batch }
  | { step: 'history'; event: HistoryEvent }
  | { step: 'job'; stateName: string; jobId: string }
  | { step: 'result'; result: ExecutionResult; ms: number }
  | { step: 'notification'; file: string; subject?: string; message: string }
  | { step: 'counts'; counts: Record<string, string> }

export interface DemoResult {
  project: Project
  run: WorkflowRun
  result: ExecutionResult
  counts: Record<string, string>
  notification?: { file: string; subject?: string; message: string }
  /** Wall time of each step, in milliseconds. */
  timings: Record<string, number>
}

/**
 * The sample TPC-H pipeline end to end: the project (created from the sample on first use), the data
 * (generated once per scale factor and seed), the local warehouse, publish, the run, the notification
 * it sent and the row counts. `createApp` is passed in so this module stays below the composition root.
 */
export async function runDemo(
  options: DemoOptions,
  createApp: (project: Project) => Promise<App>,
  report: (e: DemoEvent) => void = () => {},
): Promise<DemoResult> {
  const timings: Record<string, number> = {}
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<[T, number]> => {
    const t = performance.now()
    const r = await fn()
    timings[name] = performance.now() - t
    return [r, timings[name]]
  }
  const scale = options.scale ?? 1
  const seed = options.seed ?? 1
  const dir = resolve(options.dir ?? DEMO_DIR)
  const created = !(await exists(join(dir, 'rsqlflow.json')))
  if (created) await initProject(dir, { sampleDir: TPCH_SAMPLE_DIR })
  const project = await loadProject({ dir })
  if (!project.workflows.some(w => w.name === 'etl')) {
    // another project: refused before its data/ gets TPC-H files and its buckets the sample's objects
    throw new ConfigError('ValidationException', [{
      file: join(options.dir ?? DEMO_DIR, 'workflows', 'etl.asl.json'), path: '',
      message: `no such workflow: demo runs the TPC-H sample's etl in a folder without rsqlflow.json or one made by "rsqlflow init --sample tpch"`,
    }])
  }
  report({ step: 'project', dir, created })

  const prefix = tpchDataPrefix(scale)
  const { signal } = options
  const checkInterrupt = () => { if (signal?.aborted) throw new DemoInterrupted() }
  checkInterrupt()
  const app = await createApp(project)
  let server: LocalServer | undefined
  let warehouse: Promise<[LocalServer, number]> | undefined
  try {
    // initdb and the server start run in other processes: generate the data meanwhile (2 cores)
    warehouse = app.warehouse.type === 'local' ? timed('warehouse', () => ensureLocalServer(project.paths.warehouse)) : undefined
    warehouse?.catch(() => {})
    const [data, dataMs] = await timed('data', () => ensureData(project, prefix, scale, seed))
    report({ step: 'data', files: data.files, ms: dataMs, generated: data.generated })
    let failPrefix: string | undefined
    if (options.fail) failPrefix = await writeBrokenData(project, prefix, scale)
    if (warehouse) {
      const [s, ms] = await warehouse
      server = s
      report({ step: 'warehouse', server: s, ms })
    }
    checkInterrupt()
    const [published, publishMs] = await timed('publish', () => publishProject(project, app.objects))
    const uploaded = published.filter(o => o.uploaded).length
    report({ step: 'publish', uploaded, unchanged: published.length - uploaded, ms: publishMs })
    checkInterrupt()

    const input = failPrefix ? { scaleFactor: scale, dataPrefix: failPrefix } : { scaleFactor: scale }
    const off = app.onJobSubmitted(j => report({ step: 'job', stateName: j.stateName, jobId: j.jobId }))
    const t0 = performance.now()
    const run = await app.startWorkflow('etl', { input, onEvent: event => report({ step: 'history', event }) })
    // an execution left RUNNING by a process that went away would wait for `executions stop`
    const interrupt = () => run.stop('States.Aborted', typeof signal?.reason === 'string' ? signal.reason : 'interrupted (Ctrl-C)')
    signal?.addEventListener('abort', interrupt, { once: true })
    report({ step: 'run', run, input, batch: app.batch })
    if (signal?.aborted) interrupt()
    const result = await run.done.finally(() => signal?.removeEventListener('abort', interrupt))
    off()
    timings.run = performance.now() - t0
    report({ step: 'result', result, ms: timings.run })

    await app.notify.drain()
    const notification = await latestNotification(project)
    if (notification) report({ step: 'notification', ...notification })
    const counts: Record<string, string> = {}
    const session = await app.openSession('rsqlflow demo')
    try {
      for (const table of TPCH_TABLES) {
        const r = await session.query(`select count(*) from ${table}`).catch(() => undefined)
        counts[table] = r?.[0]?.rows[0]?.[0] ?? 'missing'
      }
    } finally {
      await session.close()
    }
    report({ step: 'counts', counts })
    return { project, run, result, counts, notification, timings }
  } finally {
    await app.close()
    // a step that failed (or was interrupted) before the warehouse was awaited: the server it started is stopped too
    server ??= (await warehouse?.catch(() => undefined))?.[0]
    if (server && !options.keepWarehouse) await stopLocalServer(project.paths.warehouse)
  }
}

async function ensureData(project: Project, prefix: string, scale: number, seed: number) {
  const folder = join(project.paths.data, prefix)
  const marker = join(folder, '.seed')
  const have = await readFile(marker, 'utf8').catch(() => undefined)
  const generated = have !== String(seed)
  if (generated) {
    await writeTpchData(folder, { scale, seed, lzop: true })
    await writeFile(marker, String(seed))
  }
  const files = []
  for (const table of TPCH_TABLES) {
    const name = tpchFileName(table, true)
    const rows = table === 'region' ? 5 : table === 'nation' ? 25 : Math.max(1, Math.round(150_000 * scale))
    files.push({ key: `${prefix}${name}`, rows, bytes: (await stat(join(folder, name))).size })
  }
  return { files, generated }
}

/** The failure variant's data: the good customer and region files, and a nation file with a malformed row. */
async function writeBrokenData(project: Project, prefix: string, scale: number): Promise<string> {
  const failPrefix = 'tpch-broken/'
  const folder = join(project.paths.data, tpchDataPrefix(scale, failPrefix))
  await mkdir(folder, { recursive: true })
  for (const table of ['customer', 'region'] as const) {
    await copyFile(join(project.paths.data, prefix, tpchFileName(table, true)), join(folder, tpchFileName(table, true)))
  }
  const broken = nationTbl().replace('5|ETHIOPIA|0|', '5|ETHIOPIA|zero|')
  await pipeline(Readable.from([broken]), new LzopCompress({ name: 'nation.tbl' }), createWriteStream(join(folder, tpchFileName('nation', true))))
  return failPrefix
}

/** The newest message in the file outbox. */
async function latestNotification(project: Project): Promise<{ file: string; subject?: string; message: string } | undefined> {
  const files = (await readdir(project.paths.outbox, { recursive: true }).catch(() => [] as string[]))
    .filter(f => f.endsWith('.json'))
  if (!files.length) return undefined
  const dated = await Promise.all(files.map(async f => ({ f, t: (await stat(join(project.paths.outbox, f))).mtimeMs })))
  dated.sort((a, b) => b.t - a.t || (a.f < b.f ? 1 : -1))
  const file = join(project.paths.outbox, dated[0].f)
  const body = JSON.parse(await readFile(file, 'utf8')) as { Subject?: string; Message?: string }
  return { file, subject: body.Subject, message: body.Message ?? '' }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false)
}

/**
 * `npm run bench:demo`: the sample TPC-H pipeline at SF 1 (150,000 customers), end to end from a cold start
 * of the local warehouse (initdb included), in a fresh folder. Reports the wall time of each step and of each
 * state, peak RSS of this process and of every warehouse process, and the ratio to a baseline measured in the
 * same run: the same three plain files loaded with COPY FROM STDIN into a fresh table of the same warehouse.
 * Goals: under 10 s wall on a 2-core machine, peak RSS under 500 MB per process.
 */
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { runDemo, type DemoEvent } from '../src/app.ts'
import { tpchDataPrefix, writeTpchData } from '../src/samples/index.ts'
import { connect, ensureLocalServer, stopLocalServer } from '../src/warehouse/index.ts'

const scale = Number(process.env.SCALE ?? 1)
const root = await mkdtemp(join(tmpdir(), 'rsqlflow-bench-demo-'))
await chmod(root, 0o755)
const dir = join(root, 'demo')
const warehouseDir = join(dir, '.rsqlflow', 'warehouse')
const states = new Map<string, { start: number; end?: number }>()
const byEvent = new Map<number, string>()
let warehousePid: number | undefined
// Backends end with their sessions: sample the warehouse's process tree while the pipeline runs.
let warehousePeak = { max: 0, count: 0 }
const sampler = setInterval(() => {
  processTreeHwm(warehousePid).then(r => { warehousePeak = { max: Math.max(warehousePeak.max, r.max), count: Math.max(warehousePeak.count, r.count) } }, () => {})
}, 250)

const report = (e: DemoEvent) => {
  if (e.step === 'warehouse') warehousePid = e.server.pid
  if (e.step !== 'history') return
  const ev = e.event
  const t = Date.parse(ev.timestamp)
  const entered = ev.stateEnteredEventDetails as { name?: string } | undefined
  if (entered?.name) { states.set(entered.name, { start: t }); byEvent.set(ev.id, entered.name); return }
  const name = byEvent.get(ev.previousEventId)
  if (!name) return
  byEvent.set(ev.id, name)
  if (ev.type.endsWith('StateExited') || /Failed$/.test(ev.type)) states.get(name)!.end = t
}

try {
  const t0 = performance.now()
  const r = await runDemo({ dir, scale, keepWarehouse: true }, report)
  const wall = performance.now() - t0
  if (r.result.status !== 'SUCCEEDED') throw new Error(`the pipeline ended ${r.result.status}: ${r.result.error} ${r.result.cause}`)
  clearInterval(sampler)
  const last = await processTreeHwm(warehousePid)
  const warehouseRss = { max: Math.max(warehousePeak.max, last.max), count: Math.max(warehousePeak.count, last.count) }

  // Baseline: plain files, COPY FROM STDIN into fresh tables, same warehouse (already running).
  const plainDir = join(root, 'plain')
  await writeTpchData(plainDir, { scale, seed: 1 })
  const session = await connect({ type: 'local', dir: warehouseDir })
  const b0 = performance.now()
  await session.query(`create table b_customer (like customer); create table b_nation (like nation); create table b_region (like region)`)
  for (const t of ['customer', 'nation', 'region']) {
    // dbgen's trailing | is stripped by an extra column the baseline drops afterwards
    await session.query(`alter table b_${t} add column dbgen_end text`)
    await pipeline(createReadStream(join(plainDir, `${t}.tbl`)), session.copyFrom(`copy b_${t} from stdin with (format text, delimiter '|')`))
  }
  const baseline = performance.now() - b0
  await session.close()
  await ensureLocalServer(warehouseDir)

  const line = (name: string, ms: number) => console.log(`  ${name.padEnd(26)} ${(ms / 1000).toFixed(2).padStart(7)} s`)
  console.log(`rsqlflow demo pipeline, TPC-H SF ${scale} (${r.counts.customer} customers), cold start of the local warehouse`)
  console.log(`wall time end to end: ${(wall / 1000).toFixed(2)} s (goal < 10 s)`)
  console.log('steps:')
  for (const [k, v] of Object.entries(r.timings)) line(k, v)
  console.log('states (entered → exited):')
  for (const [name, s] of states) line(name, (s.end ?? s.start) - s.start)
  console.log(`peak RSS: this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; warehouse processes max ${warehouseRss.max} MB (up to ${warehouseRss.count} processes, sampled every 250 ms) (goal < 500 MB each)`)
  console.log(`baseline: COPY FROM STDIN of the same plain rows ${(baseline / 1000).toFixed(2)} s; pipeline run / baseline = ${(r.timings.run / baseline).toFixed(2)}x, end to end / baseline = ${(wall / baseline).toFixed(2)}x`)
} finally {
  clearInterval(sampler)
  await stopLocalServer(warehouseDir)
  await rm(root, { recursive: true, force: true })
}

/** Peak resident memory (VmHWM) of a process and its descendants, in MB, read from /proc (Linux). */
async function processTreeHwm(pid: number | undefined): Promise<{ max: number; count: number }> {
  if (!pid) return { max: 0, count: 0 }
  const parents = new Map<number, number>()
  for (const d of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(d)) continue
    const stat = await readFile(`/proc/${d}/stat`, 'utf8').catch(() => '')
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    parents.set(Number(d), ppid)
  }
  const tree = [...parents.keys()].filter(p => { for (let q: number | undefined = p; q; q = parents.get(q)) if (q === pid) return true; return false })
  let max = 0
  for (const p of tree) {
    const status = await readFile(`/proc/${p}/status`, 'utf8').catch(() => '')
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0)
    max = Math.max(max, kb)
  }
  return { max: Math.round(max / 1024), count: tree.length }
}

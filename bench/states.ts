// npm run bench:states — this engine against aws-local-stepfunctions (ALS) on three workloads, as
// throughput ratios measured in the same run; then the peak RSS of a 100,000-item Map.
// ALS is installed into bench/.peers (git-ignored) with --engine-strict=false: its only published
// version, 3.0.0, declares Node >= 22 but runs on 20.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { compile, IntegrationRegistry, MemoryHistory, StatesEngine, StatesService, TypeOnlyHistory, VirtualClock } from '../src/states/index.ts'
import { openStore } from '../src/store/index.ts'

const peers = join(import.meta.dirname, '.peers')
const alsEntry = join(peers, 'node_modules', 'aws-local-stepfunctions', 'build', 'main.node.esm.js')

function ensurePeer(): void {
  if (existsSync(alsEntry)) return
  mkdirSync(peers, { recursive: true })
  if (!existsSync(join(peers, 'package.json'))) writeFileSync(join(peers, 'package.json'), '{"name":"rsqlflow-bench-peers","private":true}\n')
  process.stderr.write('installing aws-local-stepfunctions@3.0.0 into bench/.peers …\n')
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--engine-strict=false', 'aws-local-stepfunctions@3.0.0'], { cwd: peers, stdio: 'inherit' })
}

const chain = (prefix: string, n: number) => {
  const states: Record<string, unknown> = {}
  for (let i = 0; i < n; i++) states[`${prefix}${i}`] = i < n - 1 ? { Type: 'Pass', Next: `${prefix}${i + 1}` } : { Type: 'Pass', End: true }
  return { StartAt: `${prefix}0`, States: states }
}

interface Workload {
  name: string
  definition: unknown
  input: unknown
  transitions: number
  check: (output: unknown) => boolean
}

const LOOP = 20_000
const ITEMS = 5_000
const workloads: Workload[] = [
  {
    name: `Choice/Pass loop, ${LOOP.toLocaleString('en')} iterations (States.MathAdd)`,
    definition: {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Check' },
        Check: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericGreaterThanEquals: LOOP, Next: 'Done' }], Default: 'Inc' },
        Inc: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
        Done: { Type: 'Succeed' },
      },
    },
    input: {},
    transitions: 2 + LOOP * 2 + 1,
    check: (o) => (o as { i: number }).i === LOOP,
  },
  {
    name: `inline Map, ${ITEMS.toLocaleString('en')} items × 3 Pass states`,
    definition: { StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 0, ItemProcessor: chain('P', 3), End: true } } },
    input: { items: Array.from({ length: ITEMS }, (_, i) => ({ n: i })) },
    transitions: 1 + ITEMS * 3,
    check: (o) => Array.isArray(o) && o.length === ITEMS,
  },
  {
    name: 'Parallel, 20 branches × 200 Pass states',
    definition: { StartAt: 'Par', States: { Par: { Type: 'Parallel', Branches: Array.from({ length: 20 }, (_, b) => chain(`B${b}S`, 200)), End: true } } },
    input: { x: 1 },
    transitions: 1 + 20 * 200,
    check: (o) => Array.isArray(o) && o.length === 20,
  },
]

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
const WARMUPS = 2

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/**
 * Times of each function over `count` rounds after `warmups`, the functions interleaved per round: a
 * burst of load on this shared machine then hits every engine of that round alike. Ratios are taken
 * per round and their median reported, which keeps them steady when absolute times are not.
 */
async function rounds(fns: Array<() => Promise<void>>, count: number, warmups: number): Promise<number[][]> {
  const times = fns.map((): number[] => [])
  for (let r = 0; r < warmups + count; r++) {
    for (let i = 0; i < fns.length; i++) {
      const t = performance.now()
      await fns[i]!()
      if (r >= warmups) times[i]!.push(performance.now() - t)
    }
  }
  return times
}

async function main(): Promise<void> {
  ensurePeer()
  const { StateMachine } = (await import(pathToFileURL(alsEntry).href)) as {
    StateMachine: new (def: unknown, opts?: unknown) => { run(input: unknown): { result: Promise<unknown> } }
  }
  const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-bench-states-'))
  const store = openStore(join(dir, 'store.db'))
  const integrations = new IntegrationRegistry()
  const memory = new StatesEngine({ clock: new VirtualClock(0), integrations, maxHistoryEvents: Infinity })
  const durable = new StatesService(store, { integrations, maxHistoryEvents: Infinity })
  const rows: string[][] = []
  let n = 0
  for (const w of workloads) {
    const peerMachine = new StateMachine(w.definition, { noValidate: true })
    const machine = compile(w.definition)
    durable.createStateMachine(`Bench${++n}`, w.definition)
    const peer = async () => {
      const out = await peerMachine.run(w.input).result
      if (!w.check(out)) throw new Error(`peer gave a wrong result for ${w.name}`)
    }
    const types = async () => {
      const r = await memory.run({ stateMachineName: 'Bench', machine, input: w.input, history: new TypeOnlyHistory(), details: false })
      if (r.status !== 'SUCCEEDED' || !w.check(r.output)) throw new Error(`wrong result for ${w.name}: ${JSON.stringify(r).slice(0, 200)}`)
    }
    const full = async () => {
      const r = await memory.run({ stateMachineName: 'Bench', machine, input: w.input, history: new MemoryHistory() })
      if (r.status !== 'SUCCEEDED' || !w.check(r.output)) throw new Error(`wrong result for ${w.name}`)
    }
    const disk = async () => {
      const { executionArn } = durable.startExecution(`Bench${n}`, { input: w.input })
      const r = await durable.waitFor(executionArn)
      if (r.status !== 'SUCCEEDED' || !w.check(r.output)) throw new Error(`wrong persisted result for ${w.name}`)
    }
    // rounds interleave the engines, so a burst of load on this shared machine hits all of them
    const [peerMs, typesMs, fullMs, diskMs] = await rounds([peer, types, full, disk], ROUNDS, WARMUPS)
    const tps = (ms: number[]) => Math.round((w.transitions / median(ms)) * 1000).toLocaleString('en')
    const ratio = (ms: number[]) => {
      const perRound = ms.map((m, r) => peerMs![r]! / m)
      return `${tps(ms)}/s (${median(perRound).toFixed(1)}×, ${Math.min(...perRound).toFixed(1)}–${Math.max(...perRound).toFixed(1)})`
    }
    rows.push([w.name, `${tps(peerMs!)}/s`, ratio(typesMs!), ratio(fullMs!), ratio(diskMs!)])
  }
  store.close()
  rmSync(dir, { recursive: true, force: true })

  const head = ['workload', 'ALS 3.0.0', 'rsqlflow memory, event types', 'rsqlflow memory, full events', 'rsqlflow, every event in SQLite']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')
  console.log(`state transitions per second, medians of ${ROUNDS} interleaved rounds after ${WARMUPS} warm-ups (BENCH_ROUNDS to change)`)
  console.log('× = median of the per-round ratios rsqlflow ÷ ALS, then the lowest–highest round; SQLite: every event committed (group commit, WAL)')
  console.log(line(head))
  for (const r of rows) console.log(line(r))

  // the 100,000-item Map in a fresh process, so its peak RSS is its own
  const rss = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'states-map-rss.ts')], { encoding: 'utf8' })
  process.stdout.write(rss.stdout)
  if (rss.status !== 0) process.stderr.write(rss.stderr)
}

await main()

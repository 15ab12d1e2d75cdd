// rsql against psql on the same local warehouse, in one run (issue 2):
//  1. time: a 10,000-statement script (an INSERT, then an error check per statement) through
//     `rsql -f` and `psql -f`, printed as a ratio (goal: rsql <= 1.1x psql);
//  2. memory: peak RSS of a 1,000,000-row SELECT printed with FETCH_COUNT (goal < 200 MB) and
//     without it (goal: no worse than psql's on the same query).
// psql has neither `\exit` nor comparisons in `\if`, so its script checks `\if :ERROR \quit \endif`:
// the same work per statement (a statement, a status variable, a branch).
// `npm run bench:rsql` builds dist/ first and rsql runs it (RSQLFLOW_DIST=1), as an installed rsql does.
// Besides wall time it prints CPU time (user + system, from GNU time): on a loaded machine wall time
// swings with the scheduler, CPU per statement much less.
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { connect, ensureLocalServer, stopLocalServer } from '../src/warehouse/index.ts'
import { interpreterMicros, startTimes } from './rsql-parts.ts'

const STATEMENTS = Number(process.env.BENCH_STATEMENTS ?? 10_000)
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const ONLY = process.env.BENCH_ONLY // 'time' or 'memory' runs one half
const rsqlBin = fileURLToPath(new URL('../bin/rsql.js', import.meta.url))
const floorScript = fileURLToPath(new URL('./rsql-floor.mjs', import.meta.url))
const TIME = '/usr/bin/time'

interface Measured { seconds: number; cpu: number; peakKb: number; status: number | null }

/** Runs a program with stdout to /dev/null; wall time and peak RSS (from GNU time, else VmHWM polling). */
function measure(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Measured> {
  const useTime = existsSync(TIME)
  const [cmd, argv] = useTime ? [TIME, ['-f', '%M %U %S', command, ...args]] : [command, args]
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PAGER: '', ...env } })
    let stderr = ''
    let peakKb = 0
    let cpu = NaN
    const poll = useTime ? undefined : setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
        if (m) peakKb = Math.max(peakKb, Number(m[1]))
      } catch { /* exited */ }
    }, 20)
    child.stderr.setEncoding('utf8').on('data', d => { stderr += d })
    child.on('error', reject)
    child.on('close', status => {
      if (poll) clearInterval(poll)
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      if (useTime) {
        const [kb, user, sys] = stderr.trim().split('\n').pop()!.split(' ').map(Number)
        peakKb = kb
        cpu = user + sys
      } else if (stderr.trim()) process.stderr.write(stderr)
      resolve({ seconds, cpu, peakKb, status })
    })
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const distBuilt = existsSync(fileURLToPath(new URL('../dist/BUILD', import.meta.url)))
const rsqlEnv = distBuilt ? { RSQLFLOW_DIST: '1' } : {}
const mb = (kb: number) => (kb / 1024).toFixed(0) + ' MB'

async function main(): Promise<void> {
  if (spawnSync('psql', ['--version']).status !== 0) {
    console.log('bench:rsql skipped: psql is not installed (Debian: apt-get install postgresql-client)')
    return
  }
  const root = mkdtempSync(join(tmpdir(), 'rsqlflow-bench-'))
  chmodSync(root, 0o755)
  const dir = join(root, 'warehouse')
  try {
    const server = await ensureLocalServer(dir)
    const session = await connect({ type: 'local', dir })
    await session.query('create table bench_t (id int, name text)')
    await session.close()
    const conn = ['-X', '-h', '127.0.0.1', '-p', String(server.port), '-U', 'awsuser', '-d', 'dev']

    if (ONLY !== 'memory') await timeScripts(root, conn, server.port)
    if (ONLY !== 'time') await memory(root, conn)
  } finally {
    await stopLocalServer(dir)
    rmSync(root, { recursive: true, force: true })
  }
}

async function timeScripts(root: string, conn: string[], port: number): Promise<void> {
  const insert = (i: number) => `insert into bench_t values (${i}, 'row ${i}');\n`
  const rsqlScript = join(root, 'rsql-10k.sql')
  const psqlScript = join(root, 'psql-10k.sql')
  let r = ''
  let p = ''
  for (let i = 1; i <= STATEMENTS; i++) {
    r += insert(i) + '\\if :ERROR <> 0\n  \\exit 1\n\\endif\n'
    p += insert(i) + '\\if :ERROR\n  \\quit\n\\endif\n'
  }
  writeFileSync(rsqlScript, r)
  writeFileSync(psqlScript, p)
  console.log(`bench:rsql — rsql runs ${distBuilt ? 'dist/ (precompiled)' : 'src/ through tsx (no dist/: npm run build)'}`)
  console.log(`  ${STATEMENTS} statements, ${RUNS} runs each, alternating`)
  const ratios: number[] = []
  const cpuRatios: number[] = []
  const floorRatios: number[] = []
  const oneByOneRatios: number[] = []
  const seconds = { psql: [] as number[], rsql: [] as number[], floor: [] as number[], oneByOne: [] as number[] }
  const s = (m: Measured) => `${m.seconds.toFixed(2)} s (cpu ${m.cpu.toFixed(2)} s)`
  for (let run = 0; run < RUNS; run++) {
    const a = await measure('psql', [...conn, '-f', psqlScript])
    const b = await measure(process.execPath, [rsqlBin, ...conn, '-f', rsqlScript], rsqlEnv)
    // without sending ahead (README: Sending ahead): each statement waits for the answer to the one before, as psql's
    const o = await measure(process.execPath, [rsqlBin, ...conn, '-v', 'SEND_AHEAD=off', '-f', rsqlScript], rsqlEnv)
    // the floor of any Node.js client: the same statements over a bare socket (bench/rsql-floor.mjs)
    const f = await measure(process.execPath, [floorScript, String(port), String(STATEMENTS)])
    if (a.status !== 0 || b.status !== 0 || o.status !== 0 || f.status !== 0) throw new Error(`script failed: psql exit ${a.status}, rsql exit ${b.status}/${o.status}, floor exit ${f.status}`)
    ratios.push(b.seconds / a.seconds)
    seconds.psql.push(a.seconds)
    seconds.rsql.push(b.seconds)
    seconds.floor.push(f.seconds)
    seconds.oneByOne.push(o.seconds)
    cpuRatios.push(b.cpu / a.cpu)
    floorRatios.push(f.seconds / a.seconds)
    oneByOneRatios.push(o.seconds / a.seconds)
    console.log(`    run ${run + 1}: psql ${s(a)}   rsql ${s(b)}   rsql one by one ${s(o)}   node socket floor ${s(f)}   rsql/psql ${(b.seconds / a.seconds).toFixed(2)}x`)
  }
  console.log(`  median rsql/psql ${median(ratios).toFixed(2)}x (goal <= 1.10x), cpu ${median(cpuRatios).toFixed(2)}x; without sending ahead ${median(oneByOneRatios).toFixed(2)}x; a bare Node.js socket loop/psql ${median(floorRatios).toFixed(2)}x`)
  await nodeStart()
  await parts(conn, port, r, seconds)
}

/**
 * The ratio's parts (bench/rsql-parts.ts): each client's start, what each pays a statement once its start is
 * taken off (the median run less the median start), and rsql's own work per statement.
 */
async function parts(conn: string[], port: number, rsqlScript: string, seconds: Record<'psql' | 'rsql' | 'floor' | 'oneByOne', number[]>): Promise<void> {
  const one = ['-c', 'select 1']
  const [rsqlStart, psqlStart, floorStart] = await startTimes([
    async () => (await measure(process.execPath, [rsqlBin, ...conn, ...one], rsqlEnv)).seconds * 1000,
    async () => (await measure('psql', [...conn, ...one])).seconds * 1000,
    async () => (await measure(process.execPath, [floorScript, String(port), '1'])).seconds * 1000,
  ], 7)
  const own = await interpreterMicros(rsqlScript, STATEMENTS)
  const perStatement = (runs: number[], startMs: number) => (median(runs) * 1000 - startMs) * 1000 / STATEMENTS
  const rsql = perStatement(seconds.rsql, rsqlStart)
  const psql = perStatement(seconds.psql, psqlStart)
  const floor = perStatement(seconds.floor, floorStart)
  const oneByOne = perStatement(seconds.oneByOne, rsqlStart)
  console.log(`  parts: a start (connect, one statement, exit) takes rsql ${rsqlStart.toFixed(0)} ms, psql ${psqlStart.toFixed(0)} ms, the socket loop ${floorStart.toFixed(0)} ms (median of 7);`)
  console.log(`    a statement (a run less its start) takes rsql ${rsql.toFixed(0)} µs (one by one ${oneByOne.toFixed(0)} µs), psql ${psql.toFixed(0)} µs, the socket loop ${floor.toFixed(0)} µs: rsql/psql ${(rsql / psql).toFixed(2)}x (${(oneByOne / psql).toFixed(2)}x), the socket loop/psql ${(floor / psql).toFixed(2)}x;`)
  console.log(`    rsql's own work ${own.toFixed(1)} µs a statement (in-process, against an in-memory session, best of 5)`)
}

/**
 * Node.js reads NODE_EXTRA_CA_CERTS at start, before any code runs (Node 20 parses the bundle eagerly):
 * where it is set, every Node.js program above pays for it and psql does not. Printed so the ratio can be
 * read against it; the runs above keep the environment as it is.
 */
async function nodeStart(): Promise<void> {
  const extra = process.env.NODE_EXTRA_CA_CERTS
  if (!extra) return
  const withIt: number[] = []
  const without: number[] = []
  for (let i = 0; i < 5; i++) {
    withIt.push((await measure(process.execPath, ['-e', '0'])).seconds)
    without.push((await measure(process.execPath, ['-e', '0'], { NODE_EXTRA_CA_CERTS: '' })).seconds)
  }
  const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`
  console.log(`  NODE_EXTRA_CA_CERTS is set: an empty Node.js program starts in ${ms(median(withIt))} with it, ${ms(median(without))} without (median of 5); rsql and the floor pay that at every start, psql does not`)
}

async function memory(root: string, conn: string[]): Promise<void> {
  const big = `select g as id, md5(g::text) as hash, g * 0.5 as half from generate_series(1, ${ROWS}) g;\n`
  const fetchScript = join(root, 'fetch.sql')
  const plainScript = join(root, 'plain.sql')
  writeFileSync(fetchScript, '\\set FETCH_COUNT 1000\n' + big)
  writeFileSync(plainScript, big)
  const rf = await measure(process.execPath, [rsqlBin, ...conn, '-f', fetchScript], rsqlEnv)
  const pf = await measure('psql', [...conn, '-f', fetchScript])
  const rp = await measure(process.execPath, [rsqlBin, ...conn, '-f', plainScript], rsqlEnv)
  const pp = await measure('psql', [...conn, '-f', plainScript])
  console.log(`  ${ROWS} rows, FETCH_COUNT 1000: rsql peak ${mb(rf.peakKb)} (goal < 200 MB), psql ${mb(pf.peakKb)}; times ${rf.seconds.toFixed(1)} s / ${pf.seconds.toFixed(1)} s`)
  console.log(`  ${ROWS} rows, no FETCH_COUNT:   rsql peak ${mb(rp.peakKb)}, psql ${mb(pp.peakKb)}, ratio ${(rp.peakKb / pp.peakKb).toFixed(2)}x (goal <= 1.00x); times ${rp.seconds.toFixed(1)} s / ${pp.seconds.toFixed(1)} s`)
}

await main()

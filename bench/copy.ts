/**
 * COPY of TPC-H customer rows from the local object store (plain and LZOP) beside `psql \copy` of the same
 * plain rows into the same server, in one run, printed as ratios (issue 3: <= 1.25x plain, <= 1.6x LZOP).
 * The COPYs run in a child process (bench/copy-worker.ts) whose peak RSS is reported (goal < 150 MB at
 * 1,500,000 rows). Rounds are interleaved (psql, plain, LZOP in a rotating order) after one warm-up round,
 * and medians are compared, since the machine is shared. `COPY FROM STDIN, as is` streams psql's file
 * unchanged through the same session: the floor for any client. CPU times are less noisy than wall times.
 * Run: npm run bench:copy            (150,000 rows, 7 rounds)
 *      ROWS=1500000 ROUNDS=1 npm run bench:copy
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { chmodSync, closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { LocalObjectStore, LzopCompress } from '../src/objects/index.ts'
import { ensureLocalServer, stopLocalServer } from '../src/warehouse/index.ts'
import type { WorkerAnswer, WorkerCommand } from './copy-worker.ts'

const ROWS = Number(process.env.ROWS ?? 150_000)
const ROUNDS = Number(process.env.ROUNDS ?? 7)
const WARMUP = Number(process.env.WARMUP ?? 1)
const segments = ['AUTOMOBILE', 'BUILDING', 'FURNITURE', 'HOUSEHOLD', 'MACHINERY']

/** dbgen-shaped customer.tbl text: `|`-delimited with a trailing `|`. */
function* customerRows(batch = 10_000): Generator<Buffer> {
  for (let from = 1; from <= ROWS; from += batch) {
    let out = ''
    for (let i = from; i < Math.min(from + batch, ROWS + 1); i++) {
      const bal = (((i * 7919) % 1099999) - 99999) / 100
      out += `${i}|Customer#${String(i).padStart(9, '0')}|${'IVhzIApeRb ot,c,E'.slice(0, 5 + (i % 12))}${(i * 31) % 99991}|${i % 25}|${10 + (i % 25)}-${100 + (i % 900)}-${100 + (i % 899)}-${1000 + (i % 8999)}|${bal.toFixed(2)}|${segments[i % 5]}|regular accounts, express ${i % 97} packages nag carefully across the final deposits|\n`
    }
    yield Buffer.from(out)
  }
}

const DDL = `drop table if exists customer; create table customer (
  C_CUSTKEY bigint NOT NULL, C_NAME varchar(25), C_ADDRESS varchar(40), C_NATIONKEY bigint, C_PHONE varchar(15),
  C_ACCTBAL decimal(18,4), C_MKTSEGMENT varchar(10), C_COMMENT varchar(117))`

class Worker {
  private readonly answers: WorkerAnswer[] = []
  private waiting: ((a: WorkerAnswer) => void) | undefined
  last: Extract<WorkerAnswer, { ok: true }> | undefined
  constructor(readonly child: ChildProcess) {
    const deliver = (a: WorkerAnswer) => { if (this.waiting) { const w = this.waiting; this.waiting = undefined; w(a) } else this.answers.push(a) }
    child.on('message', deliver)
    child.on('exit', code => deliver({ ok: false, error: `the COPY worker exited (${code})` }))
  }
  async next(): Promise<Extract<WorkerAnswer, { ok: true }>> {
    const a = this.answers.shift() ?? await new Promise<WorkerAnswer>(resolve => { this.waiting = resolve })
    if (!a.ok) throw new Error(a.error)
    this.last = a
    return a
  }
  async ask(cmd: WorkerCommand): Promise<Extract<WorkerAnswer, { ok: true }>> {
    this.child.send(cmd)
    return this.next()
  }
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2 }

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'rsqlflow-bench-'))
  chmodSync(root, 0o755)
  const dir = join(root, 'warehouse')
  const objectsDir = join(root, 'objects')
  const objects = new LocalObjectStore(objectsDir)
  let worker: Worker | undefined
  try {
    await objects.createBucket('data')
    await objects.put('s3://data/plain/customer.tbl', Readable.from(customerRows()))
    await objects.put('s3://data/lzop/customer.tbl.lzo', Readable.from(customerRows()).pipe(new LzopCompress({ name: 'customer.tbl' })))
    // psql reads the same rows in its default text format (tab-delimited, no trailing delimiter).
    const psqlFile = join(root, 'customer.txt')
    const fd = openSync(psqlFile, 'w')
    for (const b of customerRows()) writeSync(fd, b.toString().replace(/\|\n/g, '\n').replace(/\|/g, '\t'))
    closeSync(fd)
    const server = await ensureLocalServer(dir)
    const child = fork(fileURLToPath(new URL('./copy-worker.ts', import.meta.url)), [dir, objectsDir], { execArgv: ['--import', 'tsx'] })
    worker = new Worker(child)
    const ready = await worker.next()
    const w = worker

    const cpu: Record<string, number[]> = { raw: [], plain: [], lzop: [] }
    const serverCpu: Record<string, number[]> = { raw: [], plain: [], lzop: [] }
    const load = async (name: string, cmd: WorkerCommand) => {
      const a = await w.ask(cmd)
      cpu[name].push(a.cpuMs!)
      if (a.serverCpuMs !== undefined) serverCpu[name].push(a.serverCpuMs)
      return a.ms!
    }
    const runs: Record<string, () => Promise<number>> = {
      psql: async () => {
        await w.ask({ kind: 'reset', ddl: DDL })
        const t0 = performance.now()
        const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', server.host, '-p', String(server.port), '-U', server.user, '-d', server.database, '-c', `\\copy customer from '${psqlFile}'`])
        const ms = performance.now() - t0
        if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`)
        return ms
      },
      raw: () => load('raw', { kind: 'raw', ddl: DDL, file: psqlFile }),
      plain: () => load('plain', { kind: 'copy', ddl: DDL, sql: `copy customer from 's3://data/plain/customer.tbl' delimiter '|'` }),
      lzop: () => load('lzop', { kind: 'copy', ddl: DDL, sql: `copy customer from 's3://data/lzop/customer.tbl.lzo' lzop delimiter '|'` }),
    }
    const names = Object.keys(runs)
    const times: Record<string, number[]> = { psql: [], raw: [], plain: [], lzop: [] }
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(round + k) % names.length]
        const ms = await runs[name]()
        const count = (await w.ask({ kind: 'count' })).value
        if (count !== String(ROWS)) throw new Error(`${name}: expected ${ROWS} rows, found ${count}`)
        if (round >= WARMUP) times[name].push(ms)
        else { cpu[name]?.pop(); serverCpu[name]?.pop() }
      }
    }
    const peakKb = w.last!.maxRssKb
    await w.ask({ kind: 'exit' }).catch(() => {})

    const ms = (n: number) => `${n.toFixed(0).padStart(6)} ms`
    const p = median(times.psql)
    const line = (label: string, name: string, goal?: number) => {
      const m = median(times[name])
      const ratios = times[name].map((t, i) => t / times.psql[i])
      const range = name === 'psql' ? '' : `  ratio ${(m / p).toFixed(2)}x${goal ? ` (goal <= ${goal}x)` : ''}; per round ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x`
      const cpus = cpu[name] ? `; CPU: COPY process ${median(cpu[name]).toFixed(0)} ms${serverCpu[name].length ? `, its Postgres backend ${median(serverCpu[name]).toFixed(0)} ms` : ''}` : ''
      return `  ${label.padEnd(24)}${ms(m)}  [${times[name].map(t => t.toFixed(0)).join(' ')}]${range}${cpus}\n`
    }
    const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`
    process.stdout.write(`COPY ${ROWS} customer rows: median of ${ROUNDS} interleaved rounds after ${WARMUP} warm-up\n`)
    process.stdout.write(line('psql \\copy (baseline)', 'psql'))
    process.stdout.write(line('COPY FROM STDIN, as is', 'raw'))
    process.stdout.write(line('COPY plain', 'plain', 1.25))
    process.stdout.write(line('COPY LZOP', 'lzop', 1.6))
    process.stdout.write(`  peak RSS of the COPY process ${mb(peakKb)} (goal < 150 MB at 1,500,000 rows); ${mb(ready.rssKb)} once connected, before the first COPY\n`)
  } finally {
    if (worker && worker.child.exitCode === null) { worker.child.kill(); await once(worker.child, 'exit').catch(() => {}) }
    await stopLocalServer(dir)
    rmSync(root, { recursive: true, force: true })
  }
}

main().catch(err => { process.stderr.write(`${err.message ?? err}\n${err.detail ?? ''}\n`); process.exit(1) })

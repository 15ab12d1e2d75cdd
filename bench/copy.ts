/**
 * COPY of TPC-H-like customer rows from the local object store (plain and LZOP) beside `psql \copy` of the
 * same plain rows into the same server, in one run, printed as ratios. `ROWS=1500000` checks peak RSS.
 * Run: npm run bench:copy
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { LocalObjectStore, LzopCompress } from '../src/objects/index.ts'
import { connect, ensureLocalServer, executeRedshift, stopLocalServer } from '../src/warehouse/index.ts'

const ROWS = Number(process.env.ROWS ?? 150_000)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const segments = ['AUTOMOBILE', 'BUILDING', 'FURNITURE', 'HOUSEHOLD', 'MACHINERY']

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

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'rsqlflow-bench-'))
  chmodSync(root, 0o755)
  const dir = join(root, 'warehouse')
  const objects = new LocalObjectStore(join(root, 'objects'))
  await objects.createBucket('data')
  await objects.put('s3://data/plain/customer.tbl', Readable.from(customerRows()))
  await objects.put('s3://data/lzop/customer.tbl.lzo', Readable.from(customerRows()).pipe(new LzopCompress({ name: 'customer.tbl' })))
  // psql reads the same rows, converted to its default text format (tab-delimited, no trailing delimiter).
  const psqlFile = join(root, 'customer.txt')
  writeFileSync(psqlFile, '')
  for (const b of customerRows()) writeFileSync(psqlFile, b.toString().replace(/\|\n/g, '\n').replace(/\|/g, '\t'), { flag: 'a' })
  const server = await ensureLocalServer(dir)
  const session = await connect({ type: 'local', dir })
  global.gc?.()
  const baseRss = process.memoryUsage().rss
  let peakRss = baseRss
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss) }, 20)
  const time = async (fn: () => Promise<void> | void) => {
    await session.query(DDL)
    const t0 = performance.now()
    await fn()
    return performance.now() - t0
  }
  const best = { psql: Infinity, plain: Infinity, lzop: Infinity }
  try {
    for (let round = 0; round < ROUNDS; round++) {
      best.psql = Math.min(best.psql, await time(() => {
        const r = spawnSync('psql', ['-X', '-q', '-h', server.host, '-p', String(server.port), '-U', server.user, '-d', server.database, '-c', `\\copy customer from '${psqlFile}'`])
        if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`)
      }))
      best.plain = Math.min(best.plain, await time(async () => { await executeRedshift(session, `copy customer from 's3://data/plain/customer.tbl' delimiter '|'`, { objects }) }))
      best.lzop = Math.min(best.lzop, await time(async () => { await executeRedshift(session, `copy customer from 's3://data/lzop/customer.tbl.lzo' lzop delimiter '|'`, { objects }) }))
    }
    const [check] = await session.query('select count(*) from customer')
    if (check.rows[0][0] !== String(ROWS)) throw new Error(`expected ${ROWS} rows, found ${check.rows[0][0]}`)
  } finally {
    clearInterval(sampler)
    await session.close()
    await stopLocalServer(dir)
    rmSync(root, { recursive: true, force: true })
  }
  const ms = (n: number) => `${n.toFixed(0)} ms`
  process.stdout.write(`COPY ${ROWS} customer rows (best of ${ROUNDS})\n`)
  process.stdout.write(`  psql \\copy (baseline)  ${ms(best.psql)}\n`)
  process.stdout.write(`  COPY plain             ${ms(best.plain)}  ratio ${(best.plain / best.psql).toFixed(2)}x  (goal <= 1.25x)\n`)
  process.stdout.write(`  COPY LZOP              ${ms(best.lzop)}  ratio ${(best.lzop / best.psql).toFixed(2)}x  (goal <= 1.6x)\n`)
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`
  process.stdout.write(`  peak RSS of this process ${mb(peakRss)} (goal < 150 MB at 1,500,000 rows); ${mb(baseRss)} before the first COPY, so the loads added ${mb(peakRss - baseRss)}\n`)
}

main().catch(err => { process.stderr.write(`${err.message ?? err}\n${err.detail ?? ""}\n`); process.exit(1) })

import { after } from 'node:test'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { LocalObjectStore, lzopCompressSync } from '../../../src/objects/index.ts'
import { connect, executeRedshift, stopLocalServer, type Notice, type Session, type StatementResult } from '../../../src/warehouse/index.ts'

/** A local warehouse and a local object store in a temp folder, stopped when the file's tests end. */
export function harness(name: string) {
  const root = mkdtempSync(join(tmpdir(), `rsqlflow-${name}-`))
  chmodSync(root, 0o755)
  const dir = join(root, 'warehouse')
  const objects = new LocalObjectStore(join(root, 'objects'))
  let session: Session | undefined
  after(async () => {
    await session?.close()
    await stopLocalServer(dir)
    rmSync(root, { recursive: true, force: true })
  })
  const h = {
    root,
    objects,
    async session(): Promise<Session> {
      if (!session) {
        session = await connect({ type: 'local', dir })
        await objects.createBucket('data').catch(() => {})
      }
      return session
    },
    /** Runs Redshift SQL; returns the results and the notices. */
    async run(sql: string): Promise<{ results: StatementResult[]; notices: Notice[] }> {
      const s = await h.session()
      const notices: Notice[] = []
      const results = await executeRedshift(s, sql, { objects, onNotice: n => notices.push(n) })
      return { results, notices }
    },
    async rows(sql: string): Promise<(string | null)[][]> {
      const s = await h.session()
      const [r] = await s.query(sql)
      return r.rows
    },
    async put(key: string, data: string | Buffer, compression?: 'gzip' | 'lzop'): Promise<void> {
      await h.session()
      const body = compression === 'gzip' ? gzipSync(data) : compression === 'lzop' ? lzopCompressSync(Buffer.from(data), { name: key }) : data
      await objects.put(`s3://data/${key}`, body)
    },
  }
  return h
}

/** TPC-H customer rows as dbgen writes them: `|`-delimited with a trailing `|`. */
export function customerTbl(from: number, to: number): string {
  const segments = ['AUTOMOBILE', 'BUILDING', 'FURNITURE', 'HOUSEHOLD', 'MACHINERY']
  let out = ''
  for (let i = from; i <= to; i++) {
    const bal = (((i * 7919) % 1099999) - 99999) / 100
    out += `${i}|Customer#${String(i).padStart(9, '0')}|${'IVhzIApeRb ot,c,E'.slice(0, 5 + (i % 12))}${i}|${i % 25}|${10 + (i % 25)}-${String(100 + (i % 900))}-${String(100 + (i % 899))}-${String(1000 + (i % 8999))}|${bal.toFixed(2)}|${segments[i % 5]}| regular, express packages ${i % 97} nag carefully|\n`
  }
  return out
}

export const CUSTOMER_DDL = `create table customer (
  C_CUSTKEY bigint NOT NULL, C_NAME varchar(25), C_ADDRESS varchar(40), C_NATIONKEY bigint, C_PHONE varchar(15),
  C_ACCTBAL decimal(18,4), C_MKTSEGMENT varchar(10), C_COMMENT varchar(117))`

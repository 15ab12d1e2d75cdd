import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { LzopCompress } from '../../objects/index.ts'
import { customerChunks, customerCount } from './customer.ts'
import { nationTbl, regionTbl } from './fixed.ts'

export const TPCH_TABLES = ['customer', 'nation', 'region'] as const
export type TpchTable = (typeof TPCH_TABLES)[number]

export interface TpchOptions {
  /** TPC-H scale factor: customer has 150,000 × scale rows (default 1). */
  scale?: number
  /** The seed of the random streams (default 1). */
  seed?: number
  /** The first customer key (default 1). */
  startKey?: number
  /** Write lzop files (`customer.tbl.lzo`) like the reference's, instead of plain `.tbl`. */
  lzop?: boolean
  tables?: readonly TpchTable[]
}

export interface TpchFile {
  table: TpchTable
  /** The file name: `customer.tbl` or `customer.tbl.lzo`. */
  name: string
  rows: number
}

/** A table's rows in dbgen's `.tbl` format, as a stream of text chunks. */
export function tpchTableStream(table: TpchTable, options: TpchOptions = {}): Readable {
  if (table === 'region') return Readable.from([regionTbl()])
  if (table === 'nation') return Readable.from([nationTbl()])
  return Readable.from(customerChunks({ scale: options.scale ?? 1, seed: options.seed ?? 1, startKey: options.startKey }))
}

export function tpchRowCount(table: TpchTable, scale = 1): number {
  return table === 'region' ? 5 : table === 'nation' ? 25 : customerCount(scale)
}

export function tpchFileName(table: TpchTable, lzop = false): string {
  return `${table}.tbl${lzop ? '.lzo' : ''}`
}

/** Writes the tables into a folder (the project's `data/`), compressed with lzop when asked. */
export async function writeTpchData(dir: string, options: TpchOptions = {}): Promise<TpchFile[]> {
  await mkdir(dir, { recursive: true })
  const files: TpchFile[] = []
  for (const table of options.tables ?? TPCH_TABLES) {
    const name = tpchFileName(table, options.lzop)
    const source = tpchTableStream(table, options)
    const sink = createWriteStream(join(dir, name))
    if (options.lzop) await pipeline(source, new LzopCompress({ name: `${table}.tbl`, mtime: new Date(0) }), sink)
    else await pipeline(source, sink)
    files.push({ table, name, rows: tpchRowCount(table, options.scale ?? 1) })
  }
  return files
}

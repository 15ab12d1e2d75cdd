import { fileURLToPath } from 'node:url'

export { REGIONS, NATIONS, regionTbl, nationTbl } from './tpch-data/fixed.ts'
export { customerChunks, customerCount, CUSTOMERS_PER_SCALE_FACTOR, MARKET_SEGMENTS, type CustomerOptions } from './tpch-data/customer.ts'
export {
  writeTpchData, tpchTableStream, tpchRowCount, tpchFileName, TPCH_TABLES, type TpchTable, type TpchOptions, type TpchFile,
} from './tpch-data/write.ts'
export { Random } from './tpch-data/random.ts'

/** The folder of the sample TPC-H project (rsqlflow.json, workflows/, scripts/): copied by `init --sample` and `demo`. */
export const TPCH_SAMPLE_DIR = fileURLToPath(new URL('./tpch/', import.meta.url))

/** Where the sample's data lives in the data bucket, by scale factor: `tpch/sf1/` (the workflow's default dataPrefix). */
export function tpchDataPrefix(scale: number, prefix = 'tpch/'): string {
  return `${prefix}sf${scale}/`
}

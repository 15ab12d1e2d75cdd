import { Random, tableSeed } from './random.ts'
import { textPool } from './text.ts'

export const CUSTOMERS_PER_SCALE_FACTOR = 150_000
export const MARKET_SEGMENTS = ['AUTOMOBILE', 'BUILDING', 'FURNITURE', 'HOUSEHOLD', 'MACHINERY'] as const

// dbgen's alphabet for random v-strings (addresses).
const ALPHANUM = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ, '
const POOL_SIZE = 1 << 20

export interface CustomerOptions {
  scale: number
  seed: number
  /** The first C_CUSTKEY (default 1): a later key range overlapping an earlier one makes an update batch. */
  startKey?: number
  /** Rows per yielded chunk. */
  chunkRows?: number
}

let cachedPool: { seed: number; text: string; alphanumeric: string } | undefined
function poolFor(seed: number): { text: string; alphanumeric: string } {
  if (cachedPool?.seed !== seed) {
    const r = new Random(tableSeed(seed, 'alphanumeric'))
    const chars: string[] = new Array(POOL_SIZE)
    for (let i = 0; i < POOL_SIZE; i++) chars[i] = ALPHANUM[Math.floor(r.next() * 64)]
    cachedPool = { seed, text: textPool(new Random(tableSeed(seed, 'text')), POOL_SIZE), alphanumeric: chars.join('') }
  }
  return cachedPool
}

/** The number of customer rows at a scale factor: 150,000 × SF, at least one. */
export function customerCount(scale: number): number {
  return Math.max(1, Math.round(CUSTOMERS_PER_SCALE_FACTOR * scale))
}

/**
 * Customer rows in dbgen's `.tbl` format (`|`-delimited, a trailing `|`, LF), in chunks of text.
 * C_NAME `Customer#%09d`, C_ADDRESS a random string of 10-40 characters, C_NATIONKEY 0-24, C_PHONE
 * `<nation+10>-ddd-ddd-dddd`, C_ACCTBAL -999.99…9999.99, C_MKTSEGMENT one of five, C_COMMENT 29-116
 * characters of grammar text, as TPC-H §4.2.3 specifies. Deterministic for a seed.
 */
export function* customerChunks(options: CustomerOptions): Generator<string> {
  const r = new Random(tableSeed(options.seed, 'customer'))
  const { text: pool, alphanumeric } = poolFor(options.seed)
  const first = options.startKey ?? 1
  const count = customerCount(options.scale)
  const chunkRows = options.chunkRows ?? 8192
  let rows: string[] = []
  for (let key = first; key < first + count; key++) {
    // addresses and comments are random slices of seeded pools (dbgen takes comments from its text pool alike)
    const addressLength = r.int(10, 40)
    const from = r.int(0, POOL_SIZE - addressLength)
    const address = alphanumeric.slice(from, from + addressLength)
    const nation = r.int(0, 24)
    const phone = `${nation + 10}-${r.int(100, 999)}-${r.int(100, 999)}-${r.int(1000, 9999)}`
    const cents = r.int(-99999, 999999)
    const balance = (cents < 0 ? '-' : '') + `${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`
    const segment = MARKET_SEGMENTS[r.int(0, 4)]
    const commentLength = r.int(29, 116)
    const at = r.int(0, POOL_SIZE - commentLength)
    const comment = pool.slice(at, at + commentLength)
    rows.push(`${key}|Customer#${String(key).padStart(9, '0')}|${address}|${nation}|${phone}|${balance}|${segment}|${comment}|\n`)
    if (rows.length === chunkRows) { yield rows.join(''); rows = [] }
  }
  if (rows.length) yield rows.join('')
}

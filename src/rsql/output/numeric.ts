import type { Align } from './table.ts'

// Type OIDs psql right-aligns (column_type_alignment): int2/4/8, float4/8, numeric, oid, xid, xid8, cid, money.
const NUMERIC_OIDS = new Set([21, 23, 20, 700, 701, 1700, 26, 28, 5069, 29, 790])

export function columnAlignment(typeOid: number): Align {
  return NUMERIC_OIDS.has(typeOid) ? 'r' : 'l'
}

const DECIMAL_POINT = '.'
const THOUSANDS_SEP = ','
const GROUP_DIGITS = 3

/**
 * `\pset numericlocale`: digit grouping as psql does it (format_numeric_locale). psql takes the separators
 * from LC_NUMERIC; in the C and English locales that is `.` and `,` in groups of three, used here.
 */
export function formatNumericLocale(value: string): string {
  if (!/^[0-9+\-.eE]*$/.test(value)) return value // money and other already-formatted text
  let i = 0
  let out = ''
  if (value[0] === '-' || value[0] === '+') { out += value[0]; i = 1 }
  let intLen = 0
  while (i + intLen < value.length && value[i + intLen] >= '0' && value[i + intLen] <= '9') intLen++
  let leading = intLen % GROUP_DIGITS || GROUP_DIGITS
  for (let k = 0; k < intLen; k++) {
    if (k > 0 && --leading === 0) { out += THOUSANDS_SEP; leading = GROUP_DIGITS }
    out += value[i + k]
  }
  i += intLen
  if (value[i] === '.') { out += DECIMAL_POINT; i++ }
  return out + value.slice(i)
}

// RFC 3339 timestamps as Step Functions accepts them (Choice Timestamp* rules, Wait Timestamp).

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/

/** An instant as [epoch seconds, nanoseconds], or undefined when `text` is not a valid timestamp. */
export function parseTimestamp(text: unknown): [number, number] | undefined {
  if (typeof text !== 'string') return undefined
  const m = RFC3339.exec(text)
  if (!m) return undefined
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return undefined
  let offset = 0
  if (m[8] !== 'Z') {
    const [oh, om] = m[8]!.slice(1).split(':').map(Number) as [number, number]
    if (oh > 23 || om > 59) return undefined
    offset = (m[8]!.startsWith('-') ? -1 : 1) * (oh * 3600 + om * 60)
  }
  const seconds = Date.UTC(y, mo - 1, d, h, mi, s) / 1000 - offset
  const nanos = m[7] ? Number(m[7].padEnd(9, '0')) : 0
  return [seconds, nanos]
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

export function compareTimestamps(a: [number, number], b: [number, number]): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1]
}

/** Milliseconds since the epoch (nanoseconds truncated), for Wait. */
export function timestampMillis(text: string): number | undefined {
  const t = parseTimestamp(text)
  return t ? t[0] * 1000 + Math.floor(t[1] / 1e6) : undefined
}

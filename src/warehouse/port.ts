/**
 * A port as libpq reads one (parse_int_param, then connectDBStart's range check), with its messages:
 * an empty text is no port (the default), `invalid integer value "x" for connection option "port"`
 * for what strtol does not take whole, `invalid port number: "x"` outside 1–65535.
 */
export function libpqPort(text: string): number | undefined {
  if (text === '') return undefined
  // strtol: leading blanks and a sign; then only trailing blanks
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)[ \t\n\v\f\r]*$/.exec(text)
  const n = m ? Number(m[1]) : NaN
  if (!Number.isSafeInteger(n) || n > 2147483647 || n < -2147483648) throw new Error(`invalid integer value "${text}" for connection option "port"`)
  if (n < 1 || n > 65535) throw new Error(`invalid port number: "${text}"`)
  return n
}

/**
 * What the Data API returns, made to look like the wire protocol's answer: typed fields → the text psql
 * would print, column type names → type OIDs, a command tag from the statement's verb, and a SQLSTATE
 * for a failed statement's message.
 */
import type { Field as DataField, ColumnMetadata } from '@aws-sdk/client-redshift-data'
import type { Field } from '../session.ts'
import { WarehouseError } from '../errors.ts'
import { lex, significant } from '../dialect/rewrite-tokens.ts'

export function fieldText(f: DataField): string | null {
  if (f.isNull) return null
  if (f.booleanValue !== undefined) return f.booleanValue ? 't' : 'f'
  if (f.longValue !== undefined) return String(f.longValue)
  if (f.doubleValue !== undefined) return String(f.doubleValue)
  if (f.stringValue !== undefined) return f.stringValue
  if (f.blobValue !== undefined) return '\\x' + Buffer.from(f.blobValue).toString('hex')
  return null
}

const oids: Record<string, number> = {
  bool: 16, bytea: 17, char: 18, name: 19, int8: 20, int2: 21, int4: 23, text: 25, oid: 26, float4: 700, float8: 701,
  bpchar: 1042, varchar: 1043, date: 1082, time: 1083, timestamp: 1114, timestamptz: 1184, timetz: 1266, numeric: 1700,
  super: 4000, varbyte: 6551, geometry: 3000, hllsketch: 2935,
}

export function columnField(c: ColumnMetadata): Field {
  return { name: c.label ?? c.name ?? '?column?', dataTypeID: oids[(c.typeName ?? '').toLowerCase()] ?? 25 }
}

const objectWords = new Set(['TABLE', 'VIEW', 'SCHEMA', 'FUNCTION', 'PROCEDURE', 'USER', 'GROUP', 'DATABASE', 'DATASHARE', 'ROLE', 'LIBRARY', 'MODEL', 'EXTERNAL', 'MATERIALIZED', 'IDENTITY'])
const counted: Record<string, (n: string) => string> = {
  SELECT: n => `SELECT ${n}`, WITH: n => `SELECT ${n}`, INSERT: n => `INSERT 0 ${n}`, UPDATE: n => `UPDATE ${n}`,
  DELETE: n => `DELETE ${n}`, MERGE: n => `MERGE ${n}`, COPY: n => `COPY ${n}`, UNLOAD: n => `UNLOAD ${n}`,
}

/** The command tag Postgres would have sent for this statement, given the rows it returned or changed. */
export function commandTag(sql: string, rows: number | undefined): { command: string; commandTag: string; rowCount: string | null } {
  const words = significant(lex(sql)).filter(t => t.kind === 'word').map(t => t.upper)
  const verb = words[0] ?? ''
  const count = counted[verb]
  if (count && rows !== undefined && rows >= 0) {
    const tag = count(String(rows))
    return { command: tag.split(' ')[0], commandTag: tag, rowCount: String(rows) }
  }
  if (verb === 'CREATE' || verb === 'DROP' || verb === 'ALTER') {
    const object = words.slice(1, 5).filter(w => objectWords.has(w))
    const tag = [verb, ...object.slice(0, 2)].join(' ')
    return { command: tag, commandTag: tag, rowCount: null }
  }
  const tag = verb === 'TRUNCATE' ? 'TRUNCATE TABLE' : verb === 'END' ? 'COMMIT' : verb
  return { command: tag, commandTag: tag, rowCount: null }
}

// Messages Redshift sends without a SQLSTATE, mapped to the code Postgres would have sent.
const byMessage: [RegExp, string][] = [
  [/relation ".*" does not exist/, '42P01'],
  [/column ".*" does not exist/, '42703'],
  [/function .* does not exist/, '42883'],
  [/schema ".*" does not exist/, '3F000'],
  [/syntax error/, '42601'],
  [/permission denied/, '42501'],
  [/duplicate key/, '23505'],
  [/violates not-null constraint|null value in column/, '23502'],
  [/division by zero|divide by zero/i, '22012'],
  [/invalid input syntax/, '22P02'],
  [/already exists/, '42P07'],
  [/Load into table .* failed/, 'XX000'],
  [/current transaction is aborted/, '25P02'],
]

/** A failed statement's `Error` text → WarehouseError, with the SQLSTATE when the message has one. */
export function statementError(message: string): WarehouseError {
  let text = message.replace(/^ERROR:\s*/, '')
  let code = /\b(?:SQLSTATE|SQLState)[:= ]*\[?([0-9A-Z]{5})\b/.exec(text)?.[1]
  const position = /\n?\s*Position: (\d+)/.exec(text)
  if (position) text = text.replace(position[0], '')
  code ??= byMessage.find(([re]) => re.test(text))?.[1] ?? 'XX000'
  return new WarehouseError(text.trim(), { code, position: position ? Number(position[1]) : undefined })
}

/** Splits SQL text at top-level semicolons into statements (empty ones dropped). */
export function splitStatements(sql: string): string[] {
  const out: string[] = []
  let start = 0
  for (const t of lex(sql)) {
    if (t.text === ';' && t.kind === 'punct' && t.depth === 0) {
      out.push(sql.slice(start, t.start))
      start = t.end
    }
  }
  out.push(sql.slice(start))
  return out.filter(s => significant(lex(s)).length > 0).map(s => s.trim())
}

/**
 * Redshift's physical-design attributes in CREATE TABLE (`DISTSTYLE`, `DISTKEY`, `[COMPOUND|INTERLEAVED]
 * SORTKEY`, `ENCODE`, `BACKUP`, `IDENTITY(seed, step)`) become PostgreSQL DDL (`VARCHAR(MAX)`, `NVARCHAR` and
 * `NCHAR` are grammar.ts's, for every statement, before this pass), and the
 * types Redshift sizes by default get their size (`VARCHAR`, `TEXT` → `VARCHAR(256)`, `DECIMAL` → `DECIMAL(18,0)`). Keys
 * (`PRIMARY KEY`, `UNIQUE`, `FOREIGN KEY`/`REFERENCES`) are dropped: Redshift declares but never enforces them. What
 * Postgres has no place for is kept: the statement gets a trailing comment
 * `/* rsqlflow:table-attributes {json} *\/` that the compatibility schema's event trigger stores in
 * `redshift.table_attributes`, which `pg_table_def` and `svv_table_info` read.
 */
import { applyEdits, closingParen, identValue, nameEnd, type Edit, type Token } from './rewrite-tokens.ts'
import { syntaxError, unsupported } from './refuse.ts'

export interface TableAttributes {
  table: string
  diststyle?: string
  distkey?: string
  sortstyle?: 'compound' | 'interleaved' | 'auto'
  sortkey?: string[]
  encodings?: Record<string, string>
  backup?: boolean
  like?: string
}

export const attributesMarker = 'rsqlflow:table-attributes'

const encodings = new Set(['RAW', 'AZ64', 'BYTEDICT', 'DELTA', 'DELTA32K', 'LZO', 'MOSTLY8', 'MOSTLY16', 'MOSTLY32', 'RUNLENGTH', 'TEXT255', 'TEXT32K', 'ZSTD', 'AUTO'])
const diststyles = new Set(['AUTO', 'EVEN', 'KEY', 'ALL'])
export const unsizedTypes: Record<string, string> = {
  VARCHAR: 'varchar(256)', NVARCHAR: 'varchar(256)', TEXT: 'varchar(256)', CHARACTER: 'varchar(256)', BPCHAR: 'char(256)',
  NUMERIC: 'numeric(18,0)', DECIMAL: 'numeric(18,0)',
}
const tableConstraint = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK', 'EXCLUDE'])

/** Rewrites a `CREATE [TEMP] TABLE` (plain or `AS`); returns undefined for any other statement. */
export function rewriteCreateTable(sql: string, toks: Token[]): string | undefined {
  let i = 0
  if (toks[i]?.upper !== 'CREATE') return undefined
  i++
  while (['LOCAL', 'GLOBAL', 'TEMP', 'TEMPORARY', 'UNLOGGED'].includes(toks[i]?.upper)) i++
  if (toks[i]?.upper !== 'TABLE') return undefined
  i++
  if (toks[i]?.upper === 'IF' && toks[i + 1]?.upper === 'NOT' && toks[i + 2]?.upper === 'EXISTS') i += 3
  const nameStart = i
  i = nameEnd(toks, i)
  const attrs: TableAttributes = { table: sql.slice(toks[nameStart].start, toks[i].end) }
  i++
  const edits: Edit[] = []
  if (toks[i]?.text === '(') {
    const close = closingParen(toks, i)
    if (close < 0) return undefined
    columnList(sql, toks, i + 1, close, attrs, edits)
    i = close + 1
  }
  tableAttributes(sql, toks, i, attrs, edits)
  const recorded = attrs.diststyle || attrs.distkey || attrs.sortkey || attrs.sortstyle || attrs.encodings || attrs.backup === false || attrs.like
  if (recorded) {
    const last = lastSignificant(toks)
    const json = JSON.stringify(attrs).replace(/\*/g, '\\u002a')
    edits.push({ start: toks[last].end, end: toks[last].end, text: ` /* ${attributesMarker} ${json} */` })
  }
  return applyEdits(sql, edits)
}

function lastSignificant(toks: Token[]): number {
  let k = toks.length - 1
  while (k > 0 && toks[k].text === ';') k--
  return k
}

/** Splits the column list at top-level commas and rewrites each element. */
function columnList(sql: string, toks: Token[], from: number, close: number, attrs: TableAttributes, edits: Edit[]): void {
  const depth = toks[from - 1].depth + 1
  let start = from
  for (let k = from; k <= close; k++) {
    if (k === close || (toks[k].text === ',' && toks[k].depth === depth)) {
      if (k > start) element(sql, toks, start, k, attrs, edits)
      start = k + 1
    }
  }
}

function element(sql: string, toks: Token[], from: number, to: number, attrs: TableAttributes, edits: Edit[]): void {
  const first = toks[from]
  if (first.upper === 'LIKE') {
    let k = from + 1
    while (toks[k + 1]?.text === '.' && k + 2 < to) k += 2
    attrs.like = sql.slice(toks[from + 1].start, toks[k].end)
    for (let m = k + 1; m < to; m++) {
      if (toks[m].upper === 'INCLUDING' && toks[m + 1]?.upper === 'DEFAULTS') edits.push({ start: toks[m + 1].end, end: toks[m + 1].end, text: ' INCLUDING IDENTITY' })
    }
    return
  }
  if (first.kind === 'word' && tableConstraint.has(first.upper)) {
    // Redshift does not enforce keys: a table-level PRIMARY KEY, UNIQUE or FOREIGN KEY is dropped with a comma.
    const kind = first.upper === 'CONSTRAINT' ? toks[from + 2]?.upper : first.upper
    if (kind === 'PRIMARY' || kind === 'UNIQUE' || kind === 'FOREIGN') {
      edits.push(toks[from - 1].text === ','
        ? { start: toks[from - 1].start, end: toks[to - 1].end, text: '' }
        : { start: first.start, end: toks[to].text === ',' ? toks[to].end : toks[to - 1].end, text: '' })
    }
    return
  }
  const column = identValue(first)
  for (let k = from + 1; k < to; k++) {
    const t = toks[k]
    if (t.kind !== 'word') continue
    const next = toks[k + 1]
    const key = keyConstraint(toks, k, to)
    if (key > k) {
      // … and a column's PRIMARY KEY, UNIQUE or REFERENCES t [(c)], named or not, goes.
      edits.push({ start: t.start, end: toks[key - 1].end, text: '' })
      k = key - 1
      continue
    }
    if (t.upper === 'ENCODE' && next && k + 1 < to) {
      if (!encodings.has(next.upper)) throw syntaxError(`unknown compression encoding "${next.text}" for column "${column}"`, next.start)
      ;(attrs.encodings ??= {})[column] = next.text.toLowerCase()
      edits.push({ start: t.start, end: next.end, text: '' })
      k++
    } else if (t.upper === 'DISTKEY') {
      if (attrs.distkey) throw syntaxError('multiple DISTKEY columns are not allowed', t.start)
      attrs.distkey = column
      edits.push({ start: t.start, end: t.end, text: '' })
    } else if (t.upper === 'SORTKEY') {
      ;(attrs.sortkey ??= []).push(column)
      edits.push({ start: t.start, end: t.end, text: '' })
    } else if (t.upper === 'IDENTITY' && next?.text === '(') {
      const close = closingParen(toks, k + 1)
      const args = sql.slice(next.end, toks[close].start).split(',').map(s => s.trim())
      if (args.length !== 2) throw syntaxError('IDENTITY takes a seed and a step: IDENTITY(seed, step)', t.start)
      const generated = toks[k - 1]?.upper === 'AS' && toks[k - 2]?.upper === 'DEFAULT'
      const clause = `(START WITH ${args[0]} INCREMENT BY ${args[1]})`
      edits.push(generated
        ? { start: next.start, end: toks[close].end, text: clause }
        : { start: t.start, end: toks[close].end, text: `GENERATED BY DEFAULT AS IDENTITY ${clause}` })
      k = close
    } else if (t.upper === 'COLLATE' && next) {
      if (next.upper === 'CASE_INSENSITIVE') throw unsupported('COLLATE CASE_INSENSITIVE', next.start)
      if (next.upper === 'CASE_SENSITIVE') { edits.push({ start: t.start, end: next.end, text: '' }); k++ }
    }
    if (k === from + 1 && next?.text !== '(' && unsizedTypes[t.upper] && !(t.upper === 'CHARACTER' && next?.upper !== 'VARYING')) {
      // Redshift sizes what Postgres leaves unbounded: VARCHAR, TEXT → VARCHAR(256), BPCHAR → CHAR(256), DECIMAL → (18,0).
      const end = t.upper === 'CHARACTER' ? next : t
      if (toks[toks.indexOf(end) + 1]?.text !== '(') edits.push({ start: t.start, end: end.end, text: unsizedTypes[t.upper] })
      if (t.upper === 'CHARACTER') k++
      continue
    }
  }
}

/** The end (exclusive) of a column's key constraint starting at k, or k when there is none there. */
function keyConstraint(toks: Token[], k: number, to: number): number {
  let c = k
  if (toks[c].upper === 'CONSTRAINT' && c + 2 < to) c += 2
  const t = toks[c]
  if (t.upper === 'PRIMARY' && toks[c + 1]?.upper === 'KEY') return c + 2
  if (t.upper === 'UNIQUE') return c + 1
  if (t.upper === 'REFERENCES' && c + 1 < to) {
    let e = c + 2
    while (toks[e]?.text === '.' && e + 1 < to) e += 2
    if (toks[e]?.text === '(') e = closingParen(toks, e) + 1
    return e
  }
  return k
}

/** The attributes after the column list (or before `AS` in CREATE TABLE AS). */
function tableAttributes(sql: string, toks: Token[], from: number, attrs: TableAttributes, edits: Edit[]): void {
  for (let k = from; k < toks.length; k++) {
    const t = toks[k]
    if (t.upper === 'AS' || t.text === ';') return
    if (t.kind !== 'word') continue
    const next = toks[k + 1]
    if (t.upper === 'DISTSTYLE' && next) {
      if (!diststyles.has(next.upper)) throw syntaxError(`unknown DISTSTYLE "${next.text}"`, next.start)
      attrs.diststyle = next.upper
      edits.push({ start: t.start, end: next.end, text: '' })
      k++
    } else if (t.upper === 'DISTKEY' && next?.text === '(') {
      const close = closingParen(toks, k + 1)
      attrs.distkey = identValue(toks[k + 2])
      edits.push({ start: t.start, end: toks[close].end, text: '' })
      k = close
    } else if ((t.upper === 'COMPOUND' || t.upper === 'INTERLEAVED') && next?.upper === 'SORTKEY') {
      attrs.sortstyle = t.upper === 'COMPOUND' ? 'compound' : 'interleaved'
      edits.push({ start: t.start, end: t.end, text: '' })
    } else if (t.upper === 'SORTKEY' && next?.upper === 'AUTO') {
      attrs.sortstyle = 'auto'
      edits.push({ start: t.start, end: next.end, text: '' })
      k++
    } else if (t.upper === 'SORTKEY' && next?.text === '(') {
      const close = closingParen(toks, k + 1)
      attrs.sortkey = toks.slice(k + 2, close).filter(c => c.text !== ',').map(identValue)
      attrs.sortstyle ??= 'compound'
      edits.push({ start: t.start, end: toks[close].end, text: '' })
      k = close
    } else if (t.upper === 'ENCODE' && next?.upper === 'AUTO') {
      edits.push({ start: t.start, end: next.end, text: '' })
      k++
    } else if (t.upper === 'BACKUP' && (next?.upper === 'YES' || next?.upper === 'NO')) {
      attrs.backup = next.upper === 'YES'
      edits.push({ start: t.start, end: next.end, text: '' })
      k++
    }
  }
}

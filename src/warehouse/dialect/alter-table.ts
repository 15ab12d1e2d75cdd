/**
 * Redshift's ALTER TABLE forms Postgres lacks:
 * - `ALTER TABLE target APPEND FROM source [IGNOREEXTRA | FILLTARGET]` moves every row of source into target,
 *   matching columns by name (`redshift.append_from`, in one statement's snapshot: source ends empty);
 * - `ALTER DISTSTYLE …`, `ALTER DISTKEY c`, `ALTER [COMPOUND] SORTKEY (…) | AUTO | NONE`, `ALTER ENCODE AUTO`,
 *   `ALTER COLUMN c ENCODE e` change only the physical design: they update `redshift.table_attributes`
 *   (what pg_table_def and svv_table_info show) and leave the data alone;
 * - `ADD [COLUMN] c type … ENCODE e` loses ENCODE, and an unsized VARCHAR/TEXT/DECIMAL gets Redshift's size;
 * - `ADD [CONSTRAINT c] PRIMARY KEY | UNIQUE | FOREIGN KEY …` does nothing (Redshift never enforces keys, and
 *   CREATE TABLE drops them: ddl-attributes.ts), and `DROP CONSTRAINT c` becomes `DROP CONSTRAINT IF EXISTS c`.
 */
import { applyEdits, closingParen, identValue, nameEnd, type Edit, type Token } from './rewrite-tokens.ts'
import { unsizedTypes } from './ddl-attributes.ts'
import { syntaxError, unsupported } from './refuse.ts'

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`
const diststyles = new Set(['ALL', 'EVEN', 'AUTO', 'KEY'])

export function rewriteAlterTable(sql: string, toks: Token[]): string | undefined {
  if (toks[0]?.upper !== 'ALTER' || toks[1]?.upper !== 'TABLE') return undefined
  let end = toks.length
  while (end > 0 && toks[end - 1].text === ';') end--
  let k = 2
  if (toks[k]?.upper === 'IF' && toks[k + 1]?.upper === 'EXISTS') k += 2
  const nameStart = k
  k = nameEnd(toks, k)
  const table = sql.slice(toks[nameStart].start, toks[k].end)
  const verb = toks[k + 1]
  const next = toks[k + 2]
  if (!verb || !next) return undefined
  if (verb.upper === 'APPEND' && next.upper === 'FROM') {
    let s = k + 3
    const sourceStart = s
    s = nameEnd(toks, s)
    if (sourceStart >= end) throw syntaxError('ALTER TABLE … APPEND FROM needs a source table', next.start)
    const source = sql.slice(toks[sourceStart].start, toks[s].end)
    const option = toks[s + 1]
    if (s + 1 < end && !(s + 2 === end && (option.upper === 'IGNOREEXTRA' || option.upper === 'FILLTARGET'))) {
      throw syntaxError(`syntax error at or near "${option.text}"`, option.start)
    }
    const mode = s + 1 < end ? option.upper.toLowerCase() : ''
    return `CALL redshift.append_from(${literal(table)}, ${literal(source)}, '${mode}')`
  }
  const oid = `${literal(table)}::regclass`
  const kind = next.upper === 'CONSTRAINT' ? toks[k + 4]?.upper : next.upper
  if (verb.upper === 'ADD' && (kind === 'PRIMARY' || kind === 'UNIQUE' || kind === 'FOREIGN')) return `DO $rsqlflow$ BEGIN PERFORM ${oid}; END $rsqlflow$`
  if (verb.upper === 'DROP' && next.upper === 'CONSTRAINT' && toks[k + 3] && toks[k + 3].upper !== 'IF') {
    return sql.slice(0, next.end) + ' IF EXISTS' + sql.slice(next.end)
  }
  if (verb.upper === 'ADD' && kind !== 'CONSTRAINT' && kind !== 'CHECK') return addColumn(sql, toks, next.upper === 'COLUMN' ? k + 3 : k + 2, end)
  if (verb.upper !== 'ALTER') return undefined
  const upsert = (columns: Record<string, string>) => {
    const names = Object.keys(columns)
    return `INSERT INTO redshift.table_attributes AS t (table_oid, ${names.join(', ')}) VALUES (${oid}, ${names.map(n => columns[n]).join(', ')}) ` +
      `ON CONFLICT (table_oid) DO UPDATE SET ${names.map(n => n === 'encodings' ? 'encodings = coalesce(t.encodings, \'{}\'::jsonb) || excluded.encodings' : `${n} = excluded.${n}`).join(', ')}`
  }
  const word = (t: Token | undefined) => t?.upper ?? ''
  if (next.upper === 'DISTSTYLE') {
    const style = word(toks[k + 3])
    if (!diststyles.has(style)) throw syntaxError(`unknown DISTSTYLE "${toks[k + 3]?.text ?? ''}"`, (toks[k + 3] ?? next).start)
    if (style === 'KEY') {
      if (word(toks[k + 4]) !== 'DISTKEY' || !toks[k + 5]) throw syntaxError('ALTER DISTSTYLE KEY needs DISTKEY column', next.start)
      return upsert({ diststyle: "'KEY'", distkey: literal(identValue(toks[k + 5])) })
    }
    return upsert({ diststyle: literal(style), distkey: 'NULL' })
  }
  if (next.upper === 'DISTKEY' && toks[k + 3]) return upsert({ diststyle: "'KEY'", distkey: literal(identValue(toks[k + 3])) })
  let s = k + 2
  if (next.upper === 'COMPOUND') s++
  if (word(toks[s]) === 'SORTKEY') {
    const what = toks[s + 1]
    if (what?.upper === 'AUTO') return upsert({ sortstyle: "'auto'", sortkey: 'NULL' })
    if (what?.upper === 'NONE') return upsert({ sortstyle: "'none'", sortkey: 'NULL' })
    if (what?.text !== '(') throw syntaxError('ALTER SORTKEY takes (columns), AUTO or NONE', toks[s].start)
    const close = closingParen(toks, s + 1)
    const columns = toks.slice(s + 2, close).filter(c => c.text !== ',').map(c => literal(identValue(c)))
    return upsert({ sortstyle: "'compound'", sortkey: `ARRAY[${columns.join(', ')}]::text[]` })
  }
  if (next.upper === 'INTERLEAVED') throw unsupported('ALTER TABLE … ALTER INTERLEAVED SORTKEY', next.start)
  if (next.upper === 'ENCODE' && word(toks[k + 3]) === 'AUTO') return `DO $rsqlflow$ BEGIN PERFORM ${oid}; END $rsqlflow$`
  if (next.upper === 'COLUMN' && word(toks[k + 4]) === 'ENCODE') {
    // ALTER COLUMN a ENCODE e [, ALTER COLUMN b ENCODE f …]
    const pairs: string[] = []
    for (let c = k + 1; c < end; c += 6) {
      if (word(toks[c]) !== 'ALTER' || word(toks[c + 1]) !== 'COLUMN' || word(toks[c + 3]) !== 'ENCODE' || !toks[c + 4]) {
        throw syntaxError('expected ALTER COLUMN column ENCODE encoding', (toks[c] ?? next).start)
      }
      pairs.push(`${literal(identValue(toks[c + 2]))}, ${literal(toks[c + 4].text.toLowerCase())}`)
      if (c + 5 < end && toks[c + 5].text !== ',') throw syntaxError(`syntax error at or near "${toks[c + 5].text}"`, toks[c + 5].start)
    }
    return upsert({ encodings: `jsonb_build_object(${pairs.join(', ')})` })
  }
  return undefined
}

/** `ADD [COLUMN] name type …` from the column name at k: Redshift's sizes, no ENCODE. */
function addColumn(sql: string, toks: Token[], k: number, end: number): string | undefined {
  if (toks[k]?.upper === 'IF') k += 3 // IF NOT EXISTS
  const edits: Edit[] = []
  const type = toks[k + 1]
  if (type && unsizedTypes[type.upper] && toks[k + 2]?.text !== '(' && !(type.upper === 'CHARACTER' && toks[k + 2]?.upper !== 'VARYING')) {
    const last = type.upper === 'CHARACTER' ? toks[k + 2] : type
    if (toks[toks.indexOf(last) + 1]?.text !== '(') edits.push({ start: type.start, end: last.end, text: unsizedTypes[type.upper] })
  }
  for (let e = k + 2; e + 1 < end; e++) {
    if (toks[e].upper === 'ENCODE' && toks[e].depth === 0) edits.push({ start: toks[e].start, end: toks[e + 1].end, text: '' })
  }
  return edits.length ? applyEdits(sql, edits) : undefined
}

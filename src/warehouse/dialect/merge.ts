/**
 * Redshift's MERGE. The full form (`WHEN MATCHED THEN UPDATE|DELETE … WHEN NOT MATCHED THEN INSERT …`)
 * is PostgreSQL's too and passes through. The simplified form
 *   MERGE INTO target USING source ON condition REMOVE DUPLICATES
 * replaces matching target rows (all of them: duplicates go) with the source rows and inserts the rest:
 *   WITH removed AS (DELETE FROM target USING source WHERE condition) INSERT INTO target SELECT * FROM source
 * Both parts see the same snapshot, so the inserted rows are never the deleted ones.
 */
import { identValue, type Token } from './rewrite-tokens.ts'
import { syntaxError } from './refuse.ts'

export function rewriteMerge(sql: string, toks: Token[]): string | undefined {
  if (toks[0]?.upper !== 'MERGE') return undefined
  let end = toks.length
  while (end > 0 && toks[end - 1].text === ';') end--
  if (!(toks[end - 2]?.upper === 'REMOVE' && toks[end - 1]?.upper === 'DUPLICATES')) return undefined
  if (toks[1]?.upper !== 'INTO') throw syntaxError('syntax error at or near "MERGE": expected MERGE INTO', toks[0].start)
  const using = toks.findIndex((t, k) => t.upper === 'USING' && t.depth === 0 && k > 1)
  const on = toks.findIndex((t, k) => t.upper === 'ON' && t.depth === 0 && k > using)
  if (using < 0 || on < 0) throw syntaxError('MERGE … REMOVE DUPLICATES needs USING source ON condition', toks[0].start)
  const text = (from: number, to: number) => sql.slice(toks[from].start, toks[to - 1].end)
  const target = text(2, using)
  const targetName = nameOnly(toks, 2, using, sql)
  const source = text(using + 1, on)
  const condition = text(on + 1, end - 2)
  return `WITH __rsqlflow_removed AS (DELETE FROM ${target} USING ${source} WHERE ${condition}) INSERT INTO ${targetName} SELECT * FROM ${source}`
}

/** The table name of `schema.table [AS alias]`, without the alias. */
function nameOnly(toks: Token[], from: number, to: number, sql: string): string {
  let k = from
  while (toks[k + 1]?.text === '.' && k + 2 < to) k += 2
  if (k + 1 < to && toks[k + 1].upper !== 'AS' && toks.slice(k + 1, to).length > 1) throw syntaxError(`unexpected "${toks[k + 1].text}" after the MERGE target ${identValue(toks[k])}`, toks[k + 1].start)
  return sql.slice(toks[from].start, toks[k].end)
}

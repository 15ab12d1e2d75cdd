/**
 * `SET search_path TO …` keeps the `redshift` compatibility schema at its end, so Redshift's
 * functions and system views stay visible when a script picks its own schemas, as they do in Redshift.
 */
import { identValue, type Token } from './rewrite-tokens.ts'
import { compatSearchPath } from './compat-schema.ts'

export function rewriteSearchPath(sql: string, toks: Token[]): string | undefined {
  if (toks[0]?.upper === 'RESET' && toks[1]?.upper === 'SEARCH_PATH') return `SET search_path TO ${compatSearchPath}`
  if (toks[0]?.upper !== 'SET') return undefined
  let k = 1
  if (toks[k]?.upper === 'SESSION' || toks[k]?.upper === 'LOCAL') k++
  if (toks[k]?.upper !== 'SEARCH_PATH' || !(toks[k + 1]?.upper === 'TO' || toks[k + 1]?.text === '=')) return undefined
  let end = toks.length
  while (end > 0 && toks[end - 1].text === ';') end--
  const values = toks.slice(k + 2, end)
  if (values.length === 1 && values[0].upper === 'DEFAULT') return `${sql.slice(0, values[0].start)}${compatSearchPath}`
  const names = values.filter(t => t.text !== ',').map(t => t.kind === 'string' ? t.text.slice(1, -1) : identValue(t))
  if (names.includes('redshift') || values.length === 0) return sql
  return `${sql.slice(0, values[values.length - 1].end)}, redshift`
}

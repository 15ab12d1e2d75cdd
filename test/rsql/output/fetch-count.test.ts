// FETCH_COUNT batches: psql prints each batch with its own column widths, the header only on the
// first and the footer (counting every row) only on the last. printQueryResult with a TablePart per
// batch must reproduce that byte for byte.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { applyPset, defaultPrintOptions, printQueryResult } from '../../../src/rsql/output/index.ts'
import type { StatementResult } from '../../../src/warehouse/index.ts'
import { psqlMissing, startOracle, type Oracle } from './oracle.ts'

const FORMATS: Record<string, [string, string?][]> = {
  aligned: [],
  'border 2': [['border', '2']],
  expanded: [['expanded', 'on']],
  'expanded border 2': [['expanded', 'on'], ['border', '2']],
  unaligned: [['format', 'unaligned']],
  csv: [['format', 'csv']],
  html: [['format', 'html']],
  'html expanded': [['format', 'html'], ['expanded', 'on']],
  'tuples only': [['tuples_only', 'on']],
}

/** The batches psql's cursor loop fetches: full batches, then a short (possibly empty) last one. */
function batches(result: StatementResult, size: number): StatementResult[] {
  const out: StatementResult[] = []
  for (let i = 0; ; i += size) {
    const rows = result.rows.slice(i, i + size)
    out.push({ ...result, rows })
    if (rows.length < size) return out
  }
}

describe('FETCH_COUNT batches print like psql', { skip: psqlMissing() }, () => {
  let oracle: Oracle
  before(async () => { oracle = await startOracle() })
  after(async () => { await oracle?.stop() })

  for (const [name, psets] of Object.entries(FORMATS)) {
    for (const total of [25, 21, 0]) {
      test(`${name}, ${total} rows in batches of 7`, async () => {
        const query = `select g as id, repeat('ab', g) as s, case when g % 5 = 0 then null else g * 0.5 end as half from generate_series(1, ${total}) g`
        const script = psets.map(([k, v]) => `\\pset ${k} ${v ?? ''}\n`).join('') + `\\set FETCH_COUNT 7\n${query};\n`
        const run = oracle.psql(script, ['-q'])
        assert.equal(run.stderr, '')
        const [result] = await oracle.session.query(query)
        const opt = defaultPrintOptions()
        for (const [k, v] of psets) applyPset(opt, k, v)
        let prior = 0
        const parts = batches(result, 7)
        const ours = parts.map((b, i) => {
          const s = printQueryResult(b, opt, { startTable: i === 0, stopTable: i === parts.length - 1, priorRows: prior })
          prior += b.rows.length
          return s
        }).join('')
        assert.equal(ours, run.stdout)
      })
    }
  }
})

// The printers against psql itself: for each option set, one psql run prints every query; each
// printed result must be byte-identical to printQueryResult on the same query's session result.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { applyPset, defaultPrintOptions, printQueryResult, type PrintOptions } from '../../../src/rsql/output/index.ts'
import type { StatementResult } from '../../../src/warehouse/index.ts'
import { psqlMissing, psqlQuote, startOracle, type Oracle } from './oracle.ts'
import { QUERIES } from './queries.ts'

type Pset = [string, string?]

const OPTION_SETS: Record<string, Pset[]> = {
  'aligned': [],
  'border 0': [['border', '0']],
  'border 2': [['border', '2']],
  'tuples only': [['tuples_only', 'on']],
  'null display': [['null', '(null)']],
  'footer off': [['footer', 'off']],
  'title': [['title', 'Quarterly Report']],
  'title border 2': [['title', 'A rather long title that is wider than most of the tables'], ['border', '2']],
  'expanded': [['expanded', 'on']],
  'expanded border 0': [['expanded', 'on'], ['border', '0']],
  'expanded border 2': [['expanded', 'on'], ['border', '2']],
  'expanded tuples only': [['expanded', 'on'], ['tuples_only', 'on']],
  'expanded title null': [['expanded', 'on'], ['title', 'T'], ['null', 'NULL']],
  'unaligned': [['format', 'unaligned']],
  'unaligned separators': [['format', 'unaligned'], ['fieldsep', ','], ['recordsep', ';'], ['title', 'tt']],
  'unaligned expanded': [['format', 'unaligned'], ['expanded', 'on']],
  'unaligned tuples only': [['format', 'unaligned'], ['tuples_only', 'on']],
  'unaligned zero bytes': [['format', 'unaligned'], ['fieldsep_zero'], ['recordsep_zero']],
  'csv': [['format', 'csv']],
  'csv expanded': [['format', 'csv'], ['expanded', 'on']],
  'csv tuples only semicolon': [['format', 'csv'], ['tuples_only', 'on'], ['csv_fieldsep', ';']],
  'html': [['format', 'html']],
  'html expanded': [['format', 'html'], ['expanded', 'on']],
  'html border 2 tableattr title': [['format', 'html'], ['border', '2'], ['tableattr', 'class="x"'], ['title', '<T&T>']],
  'html tuples only': [['format', 'html'], ['tuples_only', 'on']],
  'wrapped 40': [['format', 'wrapped'], ['columns', '40']],
  'wrapped 30 border 2': [['format', 'wrapped'], ['columns', '30'], ['border', '2']],
  'wrapped 20 border 0': [['format', 'wrapped'], ['columns', '20'], ['border', '0']],
  'wrapped 40 expanded': [['format', 'wrapped'], ['columns', '40'], ['expanded', 'on']],
  'wrapped 25 expanded border 2': [['format', 'wrapped'], ['columns', '25'], ['expanded', 'on'], ['border', '2']],
  'expanded auto 40': [['expanded', 'auto'], ['columns', '40']],
  'expanded auto without a width': [['expanded', 'auto']],
  'wrapped expanded without a width': [['format', 'wrapped'], ['expanded', 'on']],
  'wrapped 10 expanded': [['format', 'wrapped'], ['columns', '10'], ['expanded', 'on']],
  'wrapped 15 border 2 title': [['format', 'wrapped'], ['columns', '15'], ['border', '2'], ['title', 'Wrapped']],
  'unicode border 0': [['linestyle', 'unicode'], ['border', '0']],
  'unicode expanded border 1': [['linestyle', 'unicode'], ['expanded', 'on']],
  'unicode border 2': [['linestyle', 'unicode'], ['border', '2']],
  'unicode double': [['linestyle', 'unicode'], ['unicode_border_linestyle', 'double'], ['unicode_header_linestyle', 'double'], ['border', '2']],
  'unicode expanded wrapped': [['linestyle', 'unicode'], ['format', 'wrapped'], ['columns', '30'], ['expanded', 'on']],
  'unicode wrapped': [['linestyle', 'unicode'], ['format', 'wrapped'], ['columns', '30']],
  'old-ascii': [['linestyle', 'old-ascii']],
  'old-ascii border 0 wrapped': [['linestyle', 'old-ascii'], ['border', '0'], ['format', 'wrapped'], ['columns', '30']],
  'old-ascii expanded': [['linestyle', 'old-ascii'], ['expanded', 'on']],
  'numericlocale': [['numericlocale', 'on']],
  'asciidoc': [['format', 'asciidoc'], ['title', 'T']],
  'asciidoc expanded': [['format', 'asciidoc'], ['expanded', 'on'], ['border', '2']],
  'latex': [['format', 'latex'], ['border', '2'], ['title', 'T_1']],
  'latex-longtable': [['format', 'latex-longtable'], ['border', '3'], ['tableattr', '0.2 0.3']],
  'latex expanded': [['format', 'latex'], ['expanded', 'on']],
  'troff-ms': [['format', 'troff-ms'], ['border', '2']],
  'troff-ms expanded': [['format', 'troff-ms'], ['expanded', 'on'], ['border', '1']],
}

const MARK = '@@@@ result '
const missing = psqlMissing()

describe('printers are byte-identical to psql', { skip: missing }, () => {
  let oracle: Oracle
  const results: StatementResult[] = []

  before(async () => {
    oracle = await startOracle()
    for (const q of QUERIES) results.push(...(await oracle.session.query(q)))
  })
  after(async () => { await oracle?.stop() })

  for (const [name, psets] of Object.entries(OPTION_SETS)) {
    test(name, () => {
      const script = psets.map(([k, v]) => `\\pset ${k}${v === undefined ? '' : ' ' + psqlQuote(v)}\n`).join('')
        + QUERIES.map((q, i) => `\\echo '${MARK}${i}'\n${q};\n`).join('')
      const run = oracle.psql(script, ['-q'])
      assert.equal(run.stderr, '')
      const theirs = run.stdout.split(MARK).slice(1).map(chunk => chunk.slice(chunk.indexOf('\n') + 1))

      const opt: PrintOptions = defaultPrintOptions()
      for (const [k, v] of psets) assert.equal(applyPset(opt, k, v).error, undefined)
      const mismatches: string[] = []
      results.forEach((r, i) => {
        const ours = printQueryResult(r, opt)
        if (ours !== theirs[i]) mismatches.push(`${QUERIES[i]}\n--- psql\n${theirs[i]}--- ours\n${ours}`)
      })
      assert.equal(theirs.length, QUERIES.length)
      assert.deepEqual(mismatches, [], `${mismatches.length} of ${QUERIES.length} results differ:\n${mismatches.slice(0, 3).join('\n')}`)
    })
  }
})

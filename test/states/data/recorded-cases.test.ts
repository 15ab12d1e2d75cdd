// Every recorded AWS case made of Pass, Choice, Succeed, Fail and inline Map states, run through the
// data functions by a small scaffold runner and judged with the corpus's own normaliser.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { test } from 'node:test'
import { CONFORMANCE_DIR, loadCases } from './cases.ts'
import { runCase, supported } from './mini-runner.ts'

const cases = loadCases()

test('recorded AWS cases through the data functions', { skip: cases ? false : 'the shared conformance corpus is absent' }, async (t) => {
  const { normalise, deepEqual } = (await import(pathToFileURL(join(CONFORMANCE_DIR, 'normalise.mjs')).href)) as {
    normalise: (v: unknown, kind: string, rules: object) => unknown
    deepEqual: (a: unknown, b: unknown) => boolean
  }
  const mine = cases!.filter((c) => supported(c.definition))
  const failures: string[] = []
  for (const c of mine) {
    const r = await runCase(c.definition, c.input, c.context)
    const rules = c.normalise ?? {}
    let ok = r.status === c.expect.status
    if (ok && r.status === 'SUCCEEDED') ok = deepEqual(normalise(r.output ?? null, 'output', rules), c.expect.output)
    else if (ok && r.status === 'FAILED') {
      for (const f of ['error', 'cause'] as const) {
        const got = r[f] == null ? undefined : normalise(r[f], f, rules)
        const want = c.expect[f]
        if (want === undefined ? got !== undefined : !deepEqual(got, want)) ok = false
      }
    }
    if (!ok) failures.push(`${c.id}\n    got ${JSON.stringify(r).slice(0, 400)}\n    want ${JSON.stringify(c.expect).slice(0, 400)}`)
  }
  t.diagnostic(`${mine.length - failures.length} of ${mine.length} supported cases pass (${cases!.length} in the corpus)`)
  assert.ok(mine.length > 300, `expected most cases to be runnable by the scaffold, got ${mine.length}`)
  assert.deepEqual(failures, [])
})

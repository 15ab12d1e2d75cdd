import assert from 'node:assert/strict'
import { test } from 'node:test'
import { validateDefinition, type Problem } from '../../../../src/states/data/index.ts'
import { loadCases } from '../cases.ts'

const pass = (next?: string) => (next ? { Type: 'Pass', Next: next } : { Type: 'Pass', End: true })
const has = (problems: Problem[], pointer: string, pattern: RegExp) =>
  assert.ok(problems.some((p) => p.pointer === pointer && pattern.test(p.message)), `expected ${pointer} ~ ${pattern}; got ${JSON.stringify(problems)}`)

test('a valid definition has no problems', () => {
  assert.deepEqual(validateDefinition({ StartAt: 'A', States: { A: pass('B'), B: pass() } }), [])
})

test('every problem at once, each with its JSON pointer', () => {
  const problems = validateDefinition({
    StartAt: 'Missing',
    Extra: 1,
    States: {
      A: { Type: 'Pass', Next: 'Nowhere' },
      B: { Type: 'Pass' },
      C: { Type: 'Task', Resource: 'not-an-arn', End: true, Retry: [{ ErrorEquals: ['States.ALL', 'X'] }, { ErrorEquals: [] }] },
      'D/1': { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', InputPath: '$.a[', End: true, Arguments: {} },
      E: { Type: 'Choice', Choices: [{ Variable: '$.x', NumericEquals: 'one', Next: 'A' }, { Variable: '$.x', Next: 'A' }], Default: 'Gone' },
      F: { Type: 'Wait', End: true },
      G: { Type: 'Bogus' },
    },
  })
  has(problems, '/StartAt', /does not exist/)
  has(problems, '/Extra', /not allowed at the top level/)
  has(problems, '/States/A/Next', /"Nowhere" does not exist/)
  has(problems, '/States/B', /neither Next nor "End": true/)
  has(problems, '/States/C/Resource', /invalid resource ARN/)
  has(problems, '/States/C/Retry/0/ErrorEquals', /States.ALL must appear alone/)
  has(problems, '/States/C/Retry/0/ErrorEquals', /last retrier/)
  has(problems, '/States/C/Retry/1/ErrorEquals', /non-empty/)
  has(problems, '/States/D~11/InputPath', /invalid JSONPath/)
  has(problems, '/States/D~11/Arguments', /not allowed in a JSONPath state/)
  has(problems, '/States/E/Choices/0/NumericEquals', /needs a number/)
  has(problems, '/States/E/Choices/1', /no comparison operator/)
  has(problems, '/States/E/Default', /"Gone" does not exist/)
  has(problems, '/States/F', /needs one of Seconds/)
  has(problems, '/States/G/Type', /unknown state Type "Bogus"/)
})

test('unreachable states', () => {
  const problems = validateDefinition({ StartAt: 'A', States: { A: pass(), B: pass('C'), C: pass() } })
  has(problems, '/States/B', /unreachable from StartAt/)
  has(problems, '/States/C', /unreachable from StartAt/)
  assert.equal(problems.length, 2)
})

test('fields not allowed for the query language, and bad JSONata', () => {
  const problems = validateDefinition({
    QueryLanguage: 'JSONata',
    StartAt: 'A',
    States: {
      A: { Type: 'Pass', InputPath: '$.x', Output: '{% $states.input. %}', Next: 'B' },
      B: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true, Next: 'C' }], Default: 'C' },
      C: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { 'x.$': '$.y' }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'A', ResultPath: '$.e' }], End: true, QueryLanguage: 'JSONPath' },
    },
  })
  has(problems, '/States/A/InputPath', /not allowed in a JSONata state/)
  has(problems, '/States/A/Output', /invalid JSONata expression/)
  has(problems, '/States/B/Choices/0', /needs a Condition/)
  has(problems, '/States/B/Choices/0/Variable', /not allowed in a JSONata Choice rule/)
  has(problems, '/States/C/QueryLanguage', /cannot use JSONPath/)
})

test('nested branches and processors are validated recursively', () => {
  const problems = validateDefinition({
    StartAt: 'P',
    States: {
      P: { Type: 'Parallel', Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', Next: 'Y' } } }], Next: 'M' },
      M: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'SIDEWAYS' }, StartAt: 'I', States: { I: { Type: 'Fail', Error: 1 } } }, Parameters: { 'a.$': 'States.Nope()' }, End: true },
    },
  })
  has(problems, '/States/P/Branches/0/States/X/Next', /"Y" does not exist/)
  has(problems, '/States/M/ItemProcessor/ProcessorConfig/Mode', /INLINE or DISTRIBUTED/)
  has(problems, '/States/M/ItemProcessor/States/I/Error', /must be a string/)
  has(problems, '/States/M/Parameters/a.$', /does not exist/)
})

test('every definition AWS accepted in the recorded corpus validates cleanly', { skip: loadCases() ? false : 'the shared conformance corpus is absent' }, () => {
  const bad = loadCases()!.map((c) => [c.id, validateDefinition(c.definition)] as const).filter(([, p]) => p.length > 0)
  assert.deepEqual(bad, [])
})

test('never throws, however malformed the definition', () => {
  // Deterministic fuzzing: mutate corpus-like definitions with random junk at random places.
  let seed = 12345
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
  const junk = () => [null, 0, -1, 1.5, '', '$', '{%', '{% %}', '$.[', true, [], {}, [null], { Type: 'Map' }, 'States.Format(', '\u0000'][Math.floor(rand() * 16)]
  const base = { StartAt: 'A', States: { A: { Type: 'Choice', Choices: [{ And: [{ Variable: '$.a', IsNull: true }], Next: 'B' }], Default: 'B' }, B: { Type: 'Map', ItemProcessor: { StartAt: 'C', States: { C: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry: [{ ErrorEquals: ['X'] }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }], End: true } } }, End: true } } }
  const mutate = (v: unknown, depth: number): unknown => {
    if (rand() < 0.15 || depth > 8) return junk()
    if (Array.isArray(v)) return v.map((x) => mutate(x, depth + 1))
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [rand() < 0.05 ? String(junk()) : k, mutate(x, depth + 1)]))
    return v
  }
  for (let i = 0; i < 2000; i++) {
    const def = mutate(base, 0)
    const problems = validateDefinition(def)
    assert.ok(Array.isArray(problems))
    for (const p of problems) assert.ok(typeof p.pointer === 'string' && typeof p.message === 'string' && !/undefined/.test(p.message), JSON.stringify(p))
  }
  for (const odd of [undefined, null, 'x', 1, [], { States: [] }, { StartAt: 1, States: { A: null } }]) assert.ok(validateDefinition(odd).length > 0)
})

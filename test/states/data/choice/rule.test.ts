import assert from 'node:assert/strict'
import { test } from 'node:test'
import { compileChoiceRule, compileChoices, rootVariables, StatesError, type EvalContext } from '../../../../src/states/data/index.ts'

const ctx: EvalContext = { context: { Execution: { Input: { n: 0 } } }, variables: rootVariables({ guess: 'a', answer: 'a' }) }
const match = (rule: object, input: unknown) => compileChoiceRule(rule, 'JSONPath')(input, ctx) as boolean

// [rule without Variable, value of $.v, expected]
const table: Array<[object, unknown, boolean]> = [
  [{ StringEquals: 'x' }, 'x', true],
  [{ StringEquals: 'x' }, 1, false],
  [{ StringLessThan: 'AB' }, 'A', true],
  [{ StringGreaterThan: 'A ' }, 'A', false],
  [{ StringGreaterThanEquals: '' }, '', true],
  [{ StringMatches: 'log-*.txt' }, 'log-2024.txt', true],
  [{ StringMatches: 'a\\*b' }, 'a*b', true],
  [{ StringMatches: 'a\\*b' }, 'axb', false],
  [{ NumericEquals: 1 }, 1.0, true],
  [{ NumericEquals: 0 }, '0', false],
  [{ NumericLessThan: 1 }, 0, true],
  [{ NumericGreaterThanEquals: 1 }, 1, true],
  [{ NumericLessThanEquals: 0 }, true, false],
  [{ BooleanEquals: false }, false, true],
  [{ BooleanEquals: true }, 'true', false],
  [{ TimestampEquals: '2012-10-09T19:00:55Z' }, '2012-10-09T20:00:55+01:00', true],
  [{ TimestampEquals: '2012-10-09T19:00:55Z' }, '2012-10-09T19:00:55', false],
  [{ TimestampLessThan: '2012-10-09T19:00:55Z' }, '2012-10-09T19:00:54.999999999Z', true],
  [{ TimestampGreaterThan: '2012-10-09T19:00:55Z' }, '2012-10-09T19:00:56Z', true],
  [{ IsNull: true }, null, true],
  [{ IsNull: false }, '', true],
  [{ IsNull: false }, null, false],
  [{ IsNumeric: false }, '1', true],
  [{ IsString: true }, '2023-02-24', true],
  [{ IsBoolean: false }, 0, true],
  [{ IsTimestamp: true }, '2016-03-05T21:29:29.243167252Z', true],
  [{ IsTimestamp: true }, '2016-12-05T25:29:29Z', false],
  [{ IsPresent: true }, null, true],
]

test('every comparator on $.v', () => {
  for (const [op, v, want] of table) assert.equal(match({ Variable: '$.v', ...op }, { v }), want, `${JSON.stringify(op)} on ${JSON.stringify(v)}`)
})

test('the Path forms compare with another path, a variable or the context', () => {
  assert.equal(match({ Variable: '$.a', NumericEqualsPath: '$.b' }, { a: 1, b: 1 }), true)
  assert.equal(match({ Variable: '$.a', StringLessThanPath: '$.b' }, { a: 'A', b: 'AB' }), true)
  assert.equal(match({ Variable: '$guess', StringEqualsPath: '$answer' }, {}), true)
  assert.equal(match({ Variable: '$$.Execution.Input.n', NumericLessThanEquals: 0 }, {}), true)
})

test('IsPresent on a missing path, and And/Or/Not', () => {
  assert.equal(match({ Variable: '$.nope', IsPresent: false }, {}), true)
  assert.equal(match({ Variable: '$.nope', IsPresent: true }, {}), false)
  assert.equal(match({ And: [{ Variable: '$.a', NumericGreaterThan: 0 }, { Not: { Variable: '$.a', NumericEquals: 5 } }] }, { a: 3 }), true)
  assert.equal(match({ Or: [{ Variable: '$.a', IsNull: true }, { Variable: '$.a', StringEquals: 'x' }] }, { a: 3 }), false)
})

test('a comparison on a missing Variable is States.Runtime', () => {
  assert.throws(() => match({ Variable: '$.nope', StringEquals: 'x' }, {}), (e: unknown) => e instanceof StatesError && e.error === 'States.Runtime')
})

test('JSONata Condition and the first matching rule', async () => {
  const pick = compileChoices([{ Condition: '{% $states.input.n > 5 %}', Next: 'A' }, { Condition: '{% $states.input.n > 1 %}', Next: 'B' }], 'JSONata')
  const run = (n: number) => pick({ n }, ctx, { states: { input: { n }, context: {} }, variables: ctx.variables })
  assert.equal(await run(9), 0)
  assert.equal(await run(3), 1)
  assert.equal(await run(0), -1)
  await assert.rejects(async () => compileChoiceRule({ Condition: '{% 1 %}' }, 'JSONata')({}, ctx), (e: unknown) =>
    e instanceof StatesError && e.error === 'States.QueryEvaluationError' && /Expected 'boolean', but was 'number'/.test(e.cause))
})

test('JSONPath rule lists stay synchronous', () => {
  const pick = compileChoices([{ Variable: '$.a', NumericEquals: 1, Next: 'X' }], 'JSONPath')
  assert.equal(pick({ a: 1 }, ctx), 0)
  assert.equal(pick({ a: 2 }, ctx), -1)
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  evaluateJsonata,
  evaluateJsonataTemplate,
  expectJsonataType,
  jsonataSyntaxProblem,
  rootVariables,
  StatesError,
  type JsonataBindings,
} from '../../../../src/states/data/index.ts'

const bindings = (input: unknown, vars: Record<string, unknown> = {}): JsonataBindings => ({
  states: { input, context: { State: { Name: 'S' } } },
  variables: rootVariables(vars),
  intrinsics: { random: () => 0.25, uuid: () => 'u-u-i-d' },
})

const isQueryError = (cause: string) => (e: unknown) => e instanceof StatesError && e.error === 'States.QueryEvaluationError' && e.cause === cause

test('expressions see $states and the variables', async () => {
  const b = bindings({ values: [1, 2, 3] }, { bonus: 1 })
  assert.equal(await evaluateJsonata('$sum($states.input.values) + $bonus', b), 7)
  assert.equal(await evaluateJsonata('$states.context.State.Name', b), 'S')
})

test("AWS's added functions", async () => {
  const b = bindings({})
  const cases: Array<[string, unknown]> = [
    ['$partition([0,1,2], 2)', [[0, 1], [2]]],
    ['$partition([0], 1)', [[0]]],
    ['$range(1, 9, 2)', [1, 3, 5, 7, 9]],
    ['$range(1, 9, 9)', 1],
    ["$hash('input data', 'MD5')", '812f45842bc6d66ee14572ce20db8e86'],
    ["$parse('{\"a\": [true]}')", { a: [true] }],
    ["$parse('1.1')", 1.1],
    ['$random()', 0.25],
    ['$uuid()', 'u-u-i-d'],
  ]
  for (const [expr, want] of cases) assert.deepEqual(await evaluateJsonata(expr, b), want, expr)
  assert.equal(await evaluateJsonata('$random(7)', b), await evaluateJsonata('$random(7)', b))
})

test('$eval is not available and unknown functions fail with T1006', async () => {
  await assert.rejects(evaluateJsonata('$eval("1+1")', bindings({}), 'Output'), isQueryError(
    "The JSONata expression '$eval(\"1+1\")' specified for the field 'Output' threw an error during evaluation. T1006: Attempted to invoke a non-function"))
  await assert.rejects(evaluateJsonata('$randomSeeded($states.input.FunctionInput.fst)', bindings({ FunctionInput: { fst: 'x' } }), 'Output/FunctionResult'), isQueryError(
    "The JSONata expression '$randomSeeded($states.input.FunctionInput.fst)' specified for the field 'Output/FunctionResult' threw an error during evaluation. T1006: Attempted to invoke a non-function"))
})

test('templates evaluate every {% %} string and name the field in errors', async () => {
  const b = bindings({ a: 1 }, { v: 'x' })
  assert.deepEqual(await evaluateJsonataTemplate({ k: '{% $states.input.a + 1 %}', lit: '$.a', list: ['{% $v %}', 2], n: null }, b), { k: 2, lit: '$.a', list: ['x', 2], n: null })
  await assert.rejects(evaluateJsonataTemplate({ result: '{% $doesNotExist %}' }, b, 'Output'), isQueryError(
    "The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined)."))
  await assert.rejects(evaluateJsonataTemplate('{% $doesNotExist %}', b, 'Arguments'), isQueryError(
    "The JSONata expression '$doesNotExist' specified for the field 'Arguments' returned nothing (undefined)."))
})

test('regular expressions behave as in AWS', async () => {
  assert.equal(await evaluateJsonata("$contains('hello$world', /^hello\\$/)", bindings({})), true)
  assert.equal(await evaluateJsonata("$contains('hello$world', /^hello\\ /)", bindings({})), false)
})

test('result types are checked with AWS wording', () => {
  expectJsonataType([1], 'array', '$x', 'Items')
  assert.throws(() => expectJsonataType({ foo: 'bar' }, 'array', '$ItemsVar', 'Items'), isQueryError(
    "The JSONata expression '$ItemsVar' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {\"foo\":\"bar\"}"))
  assert.throws(() => expectJsonataType(null, 'array', 'null', 'Items'), isQueryError(
    "The JSONata expression 'null' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'null' for value: null"))
})

test('syntax problems are reported for validation', () => {
  assert.equal(jsonataSyntaxProblem('$a + 1'), undefined)
  assert.match(jsonataSyntaxProblem('$a +')!, /^S0207/)
})

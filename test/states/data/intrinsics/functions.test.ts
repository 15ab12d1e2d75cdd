import assert from 'node:assert/strict'
import { test } from 'node:test'
import { evaluateIntrinsic, intrinsicFunctions, intrinsicProblem, rootVariables, StatesError, type EvalContext } from '../../../../src/states/data/index.ts'

const ctx: EvalContext = {
  context: { StateMachine: { Name: 'machine-one' } },
  variables: rootVariables({ tpl: "It's {}!" }),
  intrinsics: { random: () => 0.5, uuid: () => '00000000-0000-4000-8000-000000000000' },
}
const input = { arr: [1, 2, 2, 3], obj: { Arg1: 1, Arg2: [] }, s: 'input data', n: null, one: 1.5 }

// [expression, expected] — AWS's behaviour including its quirks (shared/specs/asl.md)
const cases: Array<[string, unknown]> = [
  ["States.Format('Hello {}, {}!', 'a', 1.1)", 'Hello a, 1.1!'],
  ["States.Format('x={}', $.obj)", 'x={Arg1=1, Arg2=[]}'],
  ["States.Format('n={}', $.n)", 'n=null'],
  ["States.Format('\\{\\} {} \\'q\\'', 1)", "{} 1 'q'"],
  ['States.Format($tpl, 2)', "It's 2!"],
  ["States.StringToJson('')", null],
  ["States.StringToJson(' ')", null],
  ["States.StringToJson('{\"a\": [1]}')", { a: [1] }],
  ['States.JsonToString($.obj)', '{"Arg1":1,"Arg2":[]}'],
  ['States.Array()', []],
  ['States.Array(1, $.s, States.Array(true))', [1, 'input data', [true]]],
  ['States.ArrayPartition($.arr, 3)', [[1, 2, 2], [3]]],
  ['States.ArrayPartition($.arr, 1.5)', [[1, 2], [2, 3]]],
  ['States.ArrayContains($.arr, 3)', true],
  ["States.ArrayContains(States.Array($.obj), States.JsonMerge($.obj, States.StringToJson('{}'), false))", true],
  ['States.ArrayRange(1, 9, 2)', [1, 3, 5, 7, 9]],
  ['States.ArrayRange(1, 9, 9)', [1]],
  ['States.ArrayRange(5, 1, -2)', [5, 3, 1]],
  ['States.ArrayGetItem($.arr, 3)', 3],
  ["States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)", 'machine'],
  ['States.ArrayLength($.arr)', 4],
  ['States.ArrayUnique($.arr)', [1, 2, 3]],
  ["States.Base64Encode('Hello World')", 'SGVsbG8gV29ybGQ='],
  ["States.Base64Decode('SGVsbG8gV29ybGQ=')", 'Hello World'],
  ["States.Hash($.s, 'MD5')", '812f45842bc6d66ee14572ce20db8e86'],
  ["States.Hash($.s, 'SHA-1')", 'aaff4a450a104cd177d28d18d74485e8cae074b7'],
  ["States.Hash('Hash this string', 'SHA-256')", '1cac63f39fd68d8c531f27b807610fb3d50f0fc3f186995767fb6316e7200a3e'],
  ["States.JsonMerge(States.StringToJson('{\"a\":{\"x\":1},\"b\":2}'), States.StringToJson('{\"a\":{\"y\":1}}'), false)", { a: { y: 1 }, b: 2 }],
  ['States.MathAdd(-2.5, 0)', -2],
  ['States.MathAdd(2.5, 0)', 3],
  ['States.MathAdd(1.5, 1.51)', 4],
  ['States.MathAdd(-1.5, -1.51)', -3],
  ['States.MathAdd($.one, -1)', 1],
  ['States.MathRandom(10, 20)', 15],
  ["States.StringSplit('This.is+a,test=string', '.+,=')", ['This', 'is', 'a', 'test', 'string']],
  ["States.StringSplit(',,,,', ',')", []],
  ["States.StringSplit(' , ', ',')", [' ', ' ']],
  ['States.UUID()', '00000000-0000-4000-8000-000000000000'],
]

test('every intrinsic function, with AWS quirks', () => {
  for (const [expr, want] of cases) assert.deepEqual(evaluateIntrinsic(expr, input, ctx), want, expr)
})

test('MathRandom with a seed is repeatable and in range', () => {
  const a = evaluateIntrinsic('States.MathRandom(0, 999, 3)', input, ctx) as number
  assert.equal(a, evaluateIntrinsic('States.MathRandom(0, 999, 3)', input, ctx))
  assert.ok(Number.isInteger(a) && a >= 0 && a < 999)
})

const failures = [
  "States.Format('{} {}', 1)",
  'States.ArrayPartition($.arr, 0)',
  'States.ArrayPartition($.s, 2)',
  'States.ArrayGetItem($.arr, 4)',
  'States.ArrayGetItem($.arr, -1)',
  'States.ArrayRange(1, 2000, 1)',
  'States.ArrayRange(1, 5, 0)',
  "States.Base64Decode('not base64!')",
  "States.Hash($.s, 'SHA-999')",
  "States.JsonMerge($.obj, $.obj, true)",
  "States.MathAdd(1, 'a')",
  'States.MathRandom(5, 5)',
  "States.StringToJson('{nope')",
  'States.StringSplit($.arr, 1)',
]

test('bad arguments fail as AWS reports them: States.Runtime "Invalid arguments in States.X"', () => {
  for (const expr of failures) {
    const name = /^States\.\w+/.exec(expr)![0]
    assert.throws(() => evaluateIntrinsic(expr, input, ctx), (e: unknown) => e instanceof StatesError && e.error === 'States.Runtime' && e.cause === `Invalid arguments in ${name}`, expr)
  }
})

test('the table has every AWS intrinsic function', () => {
  const names = ['Format', 'StringToJson', 'JsonToString', 'Array', 'ArrayPartition', 'ArrayContains', 'ArrayRange', 'ArrayGetItem', 'ArrayLength', 'ArrayUnique', 'Base64Encode', 'Base64Decode', 'Hash', 'JsonMerge', 'MathRandom', 'MathAdd', 'StringSplit', 'UUID']
  assert.deepEqual(Object.keys(intrinsicFunctions).sort(), names.map((n) => `States.${n}`).sort())
})

test('parse problems and arity are found before running', () => {
  assert.equal(intrinsicProblem("States.Format('{}', $.a)"), undefined)
  for (const bad of ['States.Nope(1)', 'States.MathAdd(1)', "States.Format('x", 'States.Array(1,', 'States.UUID(1)', 'States.Array(@)']) assert.ok(intrinsicProblem(bad), bad)
})

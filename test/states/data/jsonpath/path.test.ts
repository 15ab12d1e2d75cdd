import assert from 'node:assert/strict'
import { test } from 'node:test'
import { compilePath, evaluatePath, pathSyntaxProblem, rootVariables, selectPath, StatesError, type EvalContext } from '../../../../src/states/data/index.ts'

const doc = {
  a: { b: [10, 20, 30], 'input-value': 1, 'x y': 'sp' },
  users: [{ name: 'ann', status: 0, age: 30 }, { name: 'bob', status: 1, age: 17 }, { name: 'cy', status: 0 }],
  'Test\\""Name"': 'quoted',
  n: null,
}
const ctx: EvalContext = { context: { Execution: { Id: 'arn:x' }, Map: { Item: { Index: 2 } } }, variables: rootVariables({ bias: 4.3, obj: { k: [1, 2] } }) }

const hits: Array<[string, unknown]> = [
  ['$', doc],
  ['$.a.b', [10, 20, 30]],
  ['$.a.b[1]', 20],
  ['$.a.b[-1]', 30],
  ["$['a']['b'][0]", 10],
  ['$["a"].b[2]', 30],
  ['$.a.input-value', 1],
  ["$['a']['x y']", 'sp'],
  ["$['Test\\\"\"Name\"']", 'quoted'],
  ['$.n', null],
  ['$.a.b[*]', [10, 20, 30]],
  ['$.a.b[1:]', [20, 30]],
  ['$.a.b[:2]', [10, 20]],
  ['$.a.b[-2:]', [20, 30]],
  ['$.a.b[0,2]', [10, 30]],
  ['$.users[*].name', ['ann', 'bob', 'cy']],
  ['$.users[?(@.status == 0)].name', ['ann', 'cy']],
  ['$.users[?(@.age > 18)].name', ['ann']],
  ['$.users[?(@.age)].name', ['ann', 'bob']],
  ["$.users[?(@.name == 'bob' || @.age >= 30)].name", ['ann', 'bob']],
  ["$.users[?(@.name =~ /^a.*/)].name", ['ann']],
  ["$.users[?(@.name in ['cy','ann'])].name", ['ann', 'cy']],
  ['$..name', ['ann', 'bob', 'cy']],
  ['$.a.*', [[10, 20, 30], 1, 'sp']],
  ['$.missing[*]', []],
  ['$.item.items[1:5].itemValue', []],
  ['$.a.b.length()', 3],
  ['$$.Execution.Id', 'arn:x'],
  ['$$.Map.Item.Index', 2],
  ['$bias', 4.3],
  ['$obj.k[1]', 2],
]

test('paths select what Jayway JsonPath selects', () => {
  for (const [path, want] of hits) assert.deepEqual(evaluatePath(path, doc, ctx), want, path)
})

const misses: Array<[string, string]> = [
  ['$.NoSuchInputPath', "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"],
  ['$.no.such', "Invalid path '$.no.such' : Missing property in path $['no']"],
  ['$.a.b[7]', "Invalid path '$.a.b[7]' : No results for path: $['a']['b'][7]"],
  ['$noSuchVar', "Invalid path '$noSuchVar' : The variable 'noSuchVar' is not defined"],
]

test('a definite path that misses is States.Runtime with Jayway wording', () => {
  for (const [path, cause] of misses) {
    assert.throws(() => evaluatePath(path, doc, ctx), (e: unknown) => e instanceof StatesError && e.error === 'States.Runtime' && e.cause === cause, path)
  }
})

test('selectPath: absent selects everything, null selects {}', () => {
  assert.equal(selectPath(undefined, doc, ctx), doc)
  assert.deepEqual(selectPath(null, doc, ctx), {})
  assert.equal(selectPath('$.a.input-value', doc, ctx), 1)
})

test('compilePath caches one function per path', () => {
  assert.equal(compilePath('$.a.b'), compilePath('$.a.b'))
})

test('syntax problems are reported, not thrown', () => {
  for (const bad of ['a.b', '$.a[', "$['x", '$.a[?(@.x ==)]', '$.', '$[1:2:3:4]']) assert.ok(pathSyntaxProblem(bad), bad)
  for (const good of ['$', '$$', '$.a', '$x.y', '$.a[?(@.b)]', "$..['x']"]) assert.equal(pathSyntaxProblem(good), undefined, good)
})

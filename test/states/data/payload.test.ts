import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyResultPath, checkPayloadSize, evaluatePayloadTemplate, PAYLOAD_LIMIT_BYTES, rootVariables, StatesError, type EvalContext } from '../../../src/states/data/index.ts'

const ctx: EvalContext = { context: { Execution: { Id: 'arn:e' }, Map: { Item: { Index: 1, Value: 'b' } } }, variables: rootVariables({ v: 42 }) }

test('payload templates: .$ keys take paths, context paths, variables and intrinsic calls', () => {
  const template = {
    constant: 'Comment text',
    'literal-dollar': '$.not.a.path',
    'fromInput.$': '$.a',
    'ctx.$': '$$.Execution.Id',
    'item.$': '$$.Map.Item.Value',
    'var.$': '$v',
    'fmt.$': "States.Format('{}-{}', $.a, $v)",
    nested: { 'deep.$': '$.list[1]', arr: [{ 'x.$': '$.a' }, 'plain'] },
    'wild.$': '$.missing[*]',
  }
  assert.deepEqual(evaluatePayloadTemplate(template, { a: 'A', list: [1, 2] }, ctx), {
    constant: 'Comment text',
    'literal-dollar': '$.not.a.path',
    fromInput: 'A',
    ctx: 'arn:e',
    item: 'b',
    var: 42,
    fmt: 'A-42',
    nested: { deep: 2, arr: [{ x: 'A' }, 'plain'] },
    wild: [],
  })
})

test('a missing path in a template is States.Runtime naming the field and the input', () => {
  assert.throws(() => evaluatePayloadTemplate({ 'JobName.$': '$.JobName' }, {}, ctx), (e: unknown) =>
    e instanceof StatesError && e.error === 'States.Runtime' && e.cause === "The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the input '{}'")
  assert.throws(() => evaluatePayloadTemplate({ 'f.$': "States.Format('{}', $.nope)" }, { a: 1 }, ctx), (e: unknown) =>
    e instanceof StatesError && e.cause === 'The JSONPath \'$.nope\' specified for the field \'f.$\' could not be found in the input \'{"a":1}\'')
})

test('ResultPath places the result and copies only along the path', () => {
  const input = { keep: { x: 1 }, a: { b: 1 } }
  assert.deepEqual(applyResultPath(input, 'r', undefined), 'r')
  assert.deepEqual(applyResultPath(input, 'r', '$'), 'r')
  assert.equal(applyResultPath(input, 'r', null), input)
  const out = applyResultPath(input, 'r', '$.a.c.d') as Record<string, unknown>
  assert.deepEqual(out, { keep: { x: 1 }, a: { b: 1, c: { d: 'r' } } })
  assert.equal(out.keep, input.keep)
  assert.deepEqual(input, { keep: { x: 1 }, a: { b: 1 } })
  assert.deepEqual(applyResultPath({ l: [0, 1] }, 'r', '$.l[1]'), { l: [0, 'r'] })
})

test('ResultPath into a non-object is States.ResultPathMatchFailure', () => {
  assert.throws(() => applyResultPath({ a: 'text' }, 1, '$.a.b'), (e: unknown) => e instanceof StatesError && e.error === 'States.ResultPathMatchFailure')
  assert.throws(() => applyResultPath('text', 1, '$.a'), (e: unknown) => e instanceof StatesError && e.error === 'States.ResultPathMatchFailure')
})

test('payloads over 256 KiB are States.DataLimitExceeded, without a state prefix', () => {
  checkPayloadSize({ a: 'x'.repeat(PAYLOAD_LIMIT_BYTES - 20) }, 'S')
  assert.throws(() => checkPayloadSize({ a: 'x'.repeat(PAYLOAD_LIMIT_BYTES) }, 'State_1'), (e: unknown) =>
    e instanceof StatesError && e.error === 'States.DataLimitExceeded' && !e.scoped &&
    e.cause === "The state/task 'State_1' returned a result with a size exceeding the maximum number of bytes service limit.")
  // multi-byte characters count as UTF-8 bytes
  assert.throws(() => checkPayloadSize('é'.repeat(PAYLOAD_LIMIT_BYTES / 2 + 1), 'S'), StatesError)
})

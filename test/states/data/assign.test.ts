import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyAssignment, childVariables, evaluateAssign, flattenVariables, readVariable, rootVariables, type EvalContext } from '../../../src/states/data/index.ts'

test('JSONPath Assign: constants stay literal, .$ keys evaluate, all against the old variables', async () => {
  const ctx: EvalContext = { context: { Execution: { Id: 'arn:e' } }, variables: rootVariables({ answer: 42 }) }
  const assigned = await evaluateAssign({
    'x.$': '$.in', 'old.$': '$answer', answer: 'new', literal: '$.no.such.path', tpl: '{% $answer %}',
    nested: { 'id.$': '$$.Execution.Id', 'sum.$': 'States.MathAdd($answer, 1)' },
  }, { in: 'v' }, ctx, 'JSONPath')
  assert.deepEqual(assigned, { x: 'v', old: 42, answer: 'new', literal: '$.no.such.path', tpl: '{% $answer %}', nested: { id: 'arn:e', sum: 43 } })
  applyAssignment(ctx, assigned)
  assert.equal(readVariable(ctx.variables, 'answer'), 'new')
})

test('JSONata Assign sees $states.result', async () => {
  const ctx: EvalContext = { context: {}, variables: rootVariables({ n: 1 }) }
  const assigned = await evaluateAssign({ total: '{% $n + $states.result.add %}', k: 'lit' }, {}, ctx, 'JSONata', {
    states: { input: {}, context: {}, result: { add: 2 } }, variables: ctx.variables,
  })
  assert.deepEqual(assigned, { total: 3, k: 'lit' })
})

test('nested scopes read outer variables and assign locally', () => {
  const outer = rootVariables({ bias: 4, toString: 'a variable' })
  const inner = childVariables(outer)
  inner.x = 1
  inner.bias = 5
  assert.equal(readVariable(inner, 'bias'), 5)
  assert.equal(readVariable(outer, 'bias'), 4)
  assert.equal(readVariable(outer, 'x'), undefined)
  assert.equal(readVariable({}, 'toString'), undefined)
  assert.deepEqual(flattenVariables(inner), { x: 1, bias: 5, toString: 'a variable' })
})

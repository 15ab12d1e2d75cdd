import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Arg } from '../../src/rsql/args.ts'
import { evaluateCondition, parseBoolean } from '../../src/rsql/expression.ts'

const args = (...parts: (string | [string])[]): Arg[] => parts.map(p => (Array.isArray(p) ? { value: p[0], quoted: true } : { value: p, quoted: false }))
const ev = (...parts: (string | [string])[]) => evaluateCondition(args(...parts))

test('the spec examples evaluate as the docs and samples expect', () => {
  assert.equal(ev('0', '=', '0').value, true) // :ACTIVITYCOUNT = 0 with 0 rows
  assert.equal(ev('4307207', '>', '100').value, true)
  assert.equal(ev('994803', '>', '1000000').value, false)
  assert.equal(ev('994803', '=', '1000000').value, false)
  assert.equal(ev("'00000'", '=', ['00000']).value, true) // :'ERRORCODE' = '00000'
  assert.equal(ev('true', '<>', '0').value, true) // :ERROR <> 0 after a failure
  assert.equal(ev('false', '<>', '0').value, false) // … after a success
})

test('all comparison operators, AND, OR, NOT and parentheses', () => {
  assert.equal(ev('1', '!=', '2').value, true)
  assert.equal(ev('2', '<=', '2').value, true)
  assert.equal(ev('3', '>=', '4').value, false)
  assert.equal(ev('1', '<', '2', 'AND', '2', '<', '3').value, true)
  assert.equal(ev('1', '>', '2', 'or', '2', '<', '3').value, true)
  assert.equal(ev('NOT', '1', '=', '1').value, false)
  assert.equal(ev('(1=1', 'OR', '1=2)', 'AND', '1=2').value, false)
  assert.equal(ev('1=1', 'OR', '(1=2', 'AND', '1=2)').value, true)
  assert.equal(ev('not', '(1', '=', '2)').value, true)
})

test('integers compare exactly beyond 2^53 (ACTIVITYCOUNT reaches 2^64-1)', () => {
  assert.equal(ev('18446744073709551615', '>', '18446744073709551614').value, true)
  assert.equal(ev('9007199254740993', '=', '9007199254740992').value, false)
})

test('text compares as text; numbers as numbers', () => {
  assert.equal(ev(['abc'], '<', ['abd']).value, true)
  assert.equal(ev('10', '>', '9').value, true)
  assert.equal(ev('1.5', '<', '2').value, true)
})

test('a lone value is a psql boolean', () => {
  assert.equal(ev('on').value, true)
  assert.equal(ev('f').value, false)
  const bad = ev('banana')
  assert.equal(bad.value, false)
  assert.equal(bad.error, 'unrecognized value "banana" for "\\if expression": Boolean expected')
  assert.equal(parseBoolean('o'), undefined)
  assert.equal(parseBoolean('of'), false)
  assert.equal(parseBoolean('YES'), true)
})

test('syntax errors and undefined variables are reported, not guessed', () => {
  assert.match(ev('1', '=').error ?? '', /syntax error in expression "1 ="/)
  assert.match(ev('(1', '=', '1').error ?? '', /syntax error/)
  assert.equal(ev(':FOO', '<>', '0').error, 'variable "FOO" is not defined')
})

test('values without an operator are psql\'s boolean: nothing, several words or an unset variable are psql\'s unrecognized value, not a failure', () => {
  assert.deepEqual(evaluateCondition([]), { value: false, error: 'unrecognized value "" for "\\if expression": Boolean expected', psqlBoolean: true })
  assert.deepEqual(ev('true', 'extra'), { value: false, error: 'unrecognized value "true extra" for "\\if expression": Boolean expected', psqlBoolean: true })
  assert.deepEqual(ev(':nothing'), { value: false, error: 'unrecognized value ":nothing" for "\\if expression": Boolean expected', psqlBoolean: true })
  assert.deepEqual(ev(':nothing', '=', '1'), { value: false, error: 'variable "nothing" is not defined' })
})

test('a text read before gives the same answer; quoting, splitting and the command still count', () => {
  for (let i = 0; i < 3; i++) {
    assert.equal(ev('1 = 1').value, true)
    assert.match(ev(['1 = 1']).error ?? '', /Boolean expected/) // one quoted value: a psql boolean
    assert.equal(ev('1', '=', '2').value, false)
    assert.match(evaluateCondition(args('1 ='), '\\elseif').error ?? '', /^\\elseif: /)
    assert.match(evaluateCondition(args('1 ='), '\\if').error ?? '', /^\\if: /)
  }
})

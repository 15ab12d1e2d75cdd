import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compileEventPattern, InvalidEventPattern } from '../../src/integrations/index.ts'

const event = {
  version: '0', id: 'e1', 'detail-type': 'Object Created', source: 'aws.s3', account: '000000000000', region: 'us-east-1',
  resources: ['arn:aws:s3:::data'],
  detail: { bucket: { name: 'data' }, object: { key: 'incoming/2024/orders.csv', size: 5, etag: 'abc' }, reason: 'PutObject', tags: ['a', 'b'] },
}

test('EventBridge matchers: AND across fields, OR inside arrays', () => {
  const table: [unknown, boolean][] = [
    [{ source: ['aws.s3'] }, true],
    [{ source: ['aws.batch'] }, false],
    [{ source: ['aws.batch', 'aws.s3'] }, true],
    [{ source: ['aws.s3'], 'detail-type': ['Object Deleted'] }, false],
    [{ detail: { object: { key: [{ prefix: 'incoming/' }] } } }, true],
    [{ detail: { object: { key: [{ prefix: 'INCOMING/' }] } } }, false],
    [{ detail: { object: { key: [{ prefix: { 'equals-ignore-case': 'INCOMING/' } }] } } }, true],
    [{ detail: { object: { key: [{ suffix: '.csv' }] } } }, true],
    [{ detail: { object: { key: [{ suffix: '.json' }, { prefix: 'incoming/' }] } } }, true],
    [{ detail: { object: { key: [{ wildcard: 'incoming/*.csv' }] } } }, true],
    [{ detail: { object: { key: [{ wildcard: 'incoming/*/x.csv' }] } } }, false],
    [{ detail: { reason: [{ 'anything-but': ['CopyObject', 'POST Object'] }] } }, true],
    [{ detail: { reason: [{ 'anything-but': 'PutObject' }] } }, false],
    [{ detail: { object: { key: [{ 'anything-but': { prefix: 'tmp/' } }] } } }, true],
    [{ detail: { object: { size: [{ numeric: ['>', 0, '<=', 5] }] } } }, true],
    [{ detail: { object: { size: [{ numeric: ['>', 5] }] } } }, false],
    [{ detail: { object: { 'version-id': [{ exists: false }] } } }, true],
    [{ detail: { object: { etag: [{ exists: true }] } } }, true],
    [{ detail: { object: { etag: [{ exists: false }] } } }, false],
    [{ detail: { tags: ['b'] } }, true],
    [{ detail: { 'detail-type': [{ 'equals-ignore-case': 'object created' }] } }, false],
    [{ 'detail-type': [{ 'equals-ignore-case': 'object created' }] }, true],
    [{ $or: [{ source: ['aws.batch'] }, { detail: { bucket: { name: ['data'] } } }] }, true],
    [{ detail: { bucket: { name: [null] } } }, false],
    [{ detail: { missing: { deeper: ['x'] } } }, false],
  ]
  for (const [pattern, expected] of table) assert.equal(compileEventPattern(pattern)(event), expected, JSON.stringify(pattern))
})

test('invalid patterns are rejected with a pointer', () => {
  const bad: [unknown, RegExp][] = [
    [[], /must be a JSON object/],
    [{ source: 'aws.s3' }, /array or an object at \/source/],
    [{ source: [] }, /empty array/],
    [{ detail: { size: [{ numeric: ['>>', 1] }] } }, /numeric operator/],
    [{ source: [{ bogus: 1 }] }, /unrecognized match type bogus at \/source\/0/],
  ]
  for (const [p, re] of bad) assert.throws(() => compileEventPattern(p), (e: unknown) => e instanceof InvalidEventPattern && re.test(e.message))
})

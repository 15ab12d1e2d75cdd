// The console's layout cache: a definition is laid out once while it stays among the recent ones, and the cache
// holds at most its limit however many definitions a long-running server meets.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { GraphCache, GRAPH_CACHE_SIZE, layoutDefinition } from '../../../src/api/console/index.ts'

/** A one-state machine per name, so every definition lays out differently. */
const machine = (name: string) => ({ StartAt: name, States: { [name]: { Type: 'Pass', End: true } } })

/** The real layout, counting the definitions it lays out. */
function counted() {
  const laidOut: string[] = []
  const layout = (definition: unknown) => {
    laidOut.push((definition as { StartAt: string }).StartAt)
    return layoutDefinition(definition)
  }
  return { laidOut, layout }
}

test('a cached layout is reused: the definition is read and laid out once', async () => {
  const { laidOut, layout } = counted()
  const cache = new GraphCache(10, layout)
  let reads = 0
  const read = () => { reads++; return machine('load') }
  const first = await cache.of('hash-load', read)
  const again = await cache.of('hash-load', read)
  assert.equal(again, first)
  assert.deepEqual(laidOut, ['load'])
  assert.equal(reads, 1)
  assert.deepEqual(first.nodes.map(n => n.id).sort(), ['__end', '__start', 'load'])
})

test('the cache keeps at most its default limit, dropping the least recently used', async () => {
  const { laidOut, layout } = counted()
  const cache = new GraphCache(undefined, layout)
  assert.equal(cache.limit, GRAPH_CACHE_SIZE)
  const total = GRAPH_CACHE_SIZE + 50
  for (let i = 0; i < total; i++) {
    await cache.of(`h${i}`, () => machine(`s${i}`))
    // h0 is used after every insert: the most recent, it outlives the others
    await cache.of('h0', () => machine('s0'))
    assert.ok(cache.size <= GRAPH_CACHE_SIZE, `size ${cache.size} after ${i + 1} definitions`)
  }
  assert.equal(cache.size, GRAPH_CACHE_SIZE)
  assert.equal(laidOut.length, total, 'each definition laid out once, h0 never again')
  assert.ok(cache.has('h0'))
  for (let i = 1; i <= 50; i++) assert.ok(!cache.has(`h${i}`), `h${i} was dropped`)
  for (let i = 51; i < total; i++) assert.ok(cache.has(`h${i}`), `h${i} is kept`)
  // a dropped definition is laid out again when asked for
  await cache.of('h1', () => machine('s1'))
  assert.equal(laidOut.at(-1), 's1')
  assert.equal(laidOut.length, total + 1)
  assert.equal(cache.size, GRAPH_CACHE_SIZE)
})

test('a hit makes a layout the most recent: with a limit of 3, using a then adding d drops b', async () => {
  const { laidOut, layout } = counted()
  const cache = new GraphCache(3, layout)
  for (const n of ['a', 'b', 'c']) await cache.of(n, () => machine(n))
  await cache.of('a', () => machine('a'))
  await cache.of('d', () => machine('d'))
  assert.deepEqual(['a', 'b', 'c', 'd'].filter(n => cache.has(n)), ['a', 'c', 'd'])
  assert.deepEqual(laidOut, ['a', 'b', 'c', 'd'])
})

test('a failed layout is not kept: the next request lays it out again', async () => {
  let calls = 0
  const cache = new GraphCache(3, async definition => {
    if (++calls === 1) throw new Error('layout failed')
    return layoutDefinition(definition)
  })
  await assert.rejects(cache.of('x', () => machine('x')), /layout failed/)
  assert.ok(!cache.has('x'))
  const g = await cache.of('x', () => machine('x'))
  assert.equal(calls, 2)
  assert.ok(g.nodes.some(n => n.id === 'x'))
  assert.ok(cache.has('x'))
})

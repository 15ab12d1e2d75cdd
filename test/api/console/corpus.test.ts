// The recorded AWS executions of the shared ASL corpus (definitions and their real histories): every definition
// lays out, and the states' view read from every recorded history ends coherent.
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { deriveStates, layoutDefinition } from '../../../src/api/console/index.ts'
import type { HistoryEvent } from '../../../src/states/index.ts'

const shared = process.env.RSQLFLOW_SHARED ?? fileURLToPath(new URL('../../../../shared', import.meta.url))
const cases = join(shared, 'conformance', 'asl', 'cases')
const skip = existsSync(cases) ? false : `the shared ASL corpus is absent (looked in ${join('..', 'shared', 'conformance', 'asl', 'cases')})`
if (skip) console.log(`# skipping: ${skip}`)

interface Case { id: string; definition?: unknown; history?: HistoryEvent[] }
const load = (): Case[] => readdirSync(cases).filter(f => f.endsWith('.json')).map(f => JSON.parse(readFileSync(join(cases, f), 'utf8')) as Case)

test('every definition of the corpus lays out, children inside their parents', { skip }, async () => {
  let laid = 0
  const seen = new Set<string>()
  for (const c of load()) {
    if (!c.definition || seen.has(JSON.stringify(c.definition))) continue
    seen.add(JSON.stringify(c.definition))
    const g = await layoutDefinition(c.definition)
    const byId = new Map(g.nodes.map(n => [n.id, n]))
    for (const n of g.nodes) {
      const p = n.parent ? byId.get(n.parent) : undefined
      if (n.parent) assert.ok(p && n.x + n.width <= p.width + 0.5 && n.y + n.height <= p.height + 0.5, `${c.id}: ${n.id} inside ${n.parent}`)
    }
    for (const e of g.edges) assert.ok(byId.has(e.source) && byId.has(e.target), `${c.id}: edge ${e.id} joins drawn nodes`)
    laid++
  }
  assert.ok(laid > 50, `${laid} distinct definitions`)
})

test('recorded histories: every entered state is shown, none is left running after the end, a failed run shows a failure', { skip }, () => {
  let read = 0
  for (const c of load()) {
    const h = c.history
    if (!Array.isArray(h) || h.length === 0) continue
    const states = deriveStates(h)
    const entered = new Set(h.filter(e => e.type.endsWith('StateEntered')).map(e => (e.stateEnteredEventDetails as { name: string }).name))
    assert.deepEqual(new Set(Object.keys(states)), entered, c.id)
    const end = h.at(-1)!.type
    if (/^Execution(Succeeded|Failed|Aborted|TimedOut)$/.test(end)) {
      assert.deepEqual(Object.values(states).filter(v => v.status === 'running').map(v => v.name), [], `${c.id}: nothing running after ${end}`)
    }
    if (end === 'ExecutionFailed' && entered.size > 0) assert.ok(Object.values(states).some(v => v.status === 'failed'), `${c.id}: a state failed`)
    read++
  }
  assert.ok(read > 100, `${read} histories`)
})

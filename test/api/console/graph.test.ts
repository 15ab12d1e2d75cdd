import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { layoutDefinition, type Graph, type GraphNode } from '../../../src/api/console/index.ts'
import { TPCH_SAMPLE_DIR } from '../../../src/samples/index.ts'

const overlap = (a: GraphNode, b: GraphNode) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

/** Parents come first, every child lies inside its parent, siblings never overlap. */
function checkNesting(g: Graph) {
  const byId = new Map<string, GraphNode>()
  for (const n of g.nodes) {
    if (n.parent) {
      const p = byId.get(n.parent)
      assert.ok(p, `${n.id}'s parent ${n.parent} comes before it`)
      assert.ok(n.x >= 0 && n.y >= 0 && n.x + n.width <= p.width && n.y + n.height <= p.height, `${n.id} lies inside ${p.id}`)
    }
    byId.set(n.id, n)
  }
  for (const a of g.nodes) for (const b of g.nodes) if (a !== b && a.parent === b.parent) assert.ok(!overlap(a, b), `${a.id} and ${b.id} overlap`)
}

test('the sample pipeline: the Parallel holds one group per branch, Catch edges lead to notify-failure', async () => {
  const g = await layoutDefinition(JSON.parse(await readFile(join(TPCH_SAMPLE_DIR, 'workflows', 'etl.asl.json'), 'utf8')))
  checkNesting(g)
  const node = (id: string) => g.nodes.find(n => n.id === id)!
  assert.deepEqual(g.nodes.filter(n => n.parent === 'tpc-benchmark-demo-load').map(n => [n.id, n.kind]), [
    ['tpc-benchmark-demo-load/branch-1', 'group'], ['tpc-benchmark-demo-load/branch-2', 'group'],
  ])
  assert.equal(node('copy-nation').parent, 'tpc-benchmark-demo-load/branch-2')
  assert.equal(node('tpc-benchmark-demo-load').type, 'Parallel')
  const catches = g.edges.filter(e => e.kind === 'catch').map(e => `${e.source}->${e.target}`).sort()
  assert.deepEqual(catches, ['notify-success->notify-failure', 'tpc-benchmark-demo-load->notify-failure', 'vacuum-analyze->notify-failure'])
  // drawn top to bottom: a state sits below the one before it
  assert.ok(node('apply-defaults').y < node('tpc-benchmark-demo-load').y)
  assert.ok(node('tpc-benchmark-demo-load').y < node('vacuum-analyze').y)
  assert.ok(node('copy-region').y < node('merge-nation').y)
  assert.ok(g.edges.some(e => e.source === '__start' && e.target === 'apply-defaults'))
  assert.ok(g.edges.some(e => e.source === 'fail' && e.target === '__end'))
})

test('a Map nests its item processor, a Choice labels its rules, Parallels nest in Maps', async () => {
  const g = await layoutDefinition({
    StartAt: 'pick',
    States: {
      pick: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'each' }], Default: 'done' },
      each: {
        Type: 'Map', Next: 'done',
        ItemProcessor: {
          StartAt: 'both',
          States: {
            both: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'a', States: { a: { Type: 'Pass', End: true } } }, { StartAt: 'b', States: { b: { Type: 'Pass', End: true } } }] },
          },
        },
      },
      done: { Type: 'Succeed' },
    },
  })
  checkNesting(g)
  const parent = (id: string) => g.nodes.find(n => n.id === id)?.parent
  assert.equal(parent('each/items'), 'each')
  assert.equal(parent('both'), 'each/items')
  assert.equal(parent('a'), 'both/branch-1')
  assert.deepEqual(g.edges.filter(e => e.source === 'pick').map(e => [e.target, e.kind, e.label]), [['each', 'choice', 'rule 1'], ['done', 'default', 'default']])
})

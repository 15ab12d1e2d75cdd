// The execution graph laid out on the server with elkjs: a node per state, Parallel branches and Map item
// processors as groups nested in their state, edges for Next, Choice rules, Default and Catch.
import elkBundled from 'elkjs/lib/elk.bundled.js'
import type { ELK as Elk, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js'

export type EdgeKind = 'next' | 'choice' | 'default' | 'catch'

export interface GraphNode {
  id: string
  /** a state, a group (a Parallel branch, a Map's item processor), or the machine's start and end */
  kind: 'state' | 'group' | 'start' | 'end'
  /** the state's name (the key of its status), or the group's label */
  label: string
  type?: string
  parent?: string
  /** relative to the parent */
  x: number
  y: number
  width: number
  height: number
}

export interface GraphEdge { id: string; source: string; target: string; kind: EdgeKind; label?: string }
export interface Graph { nodes: GraphNode[]; edges: GraphEdge[] }

type StateDef = {
  Type?: string; Next?: string; End?: boolean; Default?: string
  Choices?: { Next?: string }[]; Catch?: { Next?: string; ErrorEquals?: string[] }[]
  Branches?: Machine[]; ItemProcessor?: Machine; Iterator?: Machine
}
type Machine = { StartAt?: string; States?: Record<string, StateDef> }

const STATE = { width: 190, height: 40 }
const GROUP_PADDING = '[top=34,left=14,bottom=14,right=14]'
const LAYERED = { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.layered.spacing.nodeNodeBetweenLayers': '36', 'elk.spacing.nodeNode': '24' }

interface Built { node: ElkNode; meta: Map<string, Omit<GraphNode, 'x' | 'y' | 'width' | 'height'>>; edges: GraphEdge[] }

/** The states of one machine (or branch) as ELK children with their edges, recorded in `b`. */
function machine(m: Machine, parent: string | undefined, b: Built): { children: ElkNode[]; edges: ElkExtendedEdge[] } {
  const children: ElkNode[] = []
  const edges: ElkExtendedEdge[] = []
  const edge = (source: string, target: string | undefined, kind: EdgeKind, label?: string) => {
    if (!target || !m.States?.[target] && target !== '__end') return
    const id = `${source}->${target}#${kind}${edges.length}`
    edges.push({ id, sources: [source], targets: [target] })
    b.edges.push({ id, source, target, kind, label })
  }
  for (const [name, s] of Object.entries(m.States ?? {})) {
    b.meta.set(name, { id: name, kind: 'state', label: name, type: s.Type, parent })
    const inner = s.Type === 'Parallel' ? (s.Branches ?? []) : s.Type === 'Map' ? [s.ItemProcessor ?? s.Iterator ?? {}] : []
    const node: ElkNode = inner.length ? { id: name } : { id: name, ...STATE }
    if (inner.length) {
      node.layoutOptions = { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.padding': GROUP_PADDING, 'elk.spacing.nodeNode': '24' }
      node.children = inner.map((branch, i) => {
        const id = `${name}/${s.Type === 'Map' ? 'items' : `branch-${i + 1}`}`
        b.meta.set(id, { id, kind: 'group', label: s.Type === 'Map' ? 'item processor' : `branch ${i + 1}`, parent: name })
        const built = machine(branch, id, b)
        return { id, layoutOptions: { ...LAYERED, 'elk.padding': GROUP_PADDING }, children: built.children, edges: built.edges }
      })
    }
    children.push(node)
    edge(name, s.Next, 'next')
    s.Choices?.forEach((c, i) => edge(name, c.Next, 'choice', `rule ${i + 1}`))
    edge(name, s.Default, 'default', 'default')
    s.Catch?.forEach(c => edge(name, c.Next, 'catch', (c.ErrorEquals ?? []).join(', ') || 'catch'))
  }
  return { children, edges }
}

// elkjs is CommonJS whose module.exports is the constructor; its types describe an ES default export
const ElkConstructor = elkBundled as unknown as new () => Elk
const elk = new ElkConstructor()

/** Lays out a state machine definition: parents come before their children, positions are relative to the parent. */
export async function layoutDefinition(definition: unknown): Promise<Graph> {
  const m = (definition ?? {}) as Machine
  const b: Built = { node: { id: 'root' }, meta: new Map(), edges: [] }
  const { children, edges } = machine(m, undefined, b)
  const start = { id: '__start', width: 70, height: 28 }
  const end = { id: '__end', width: 70, height: 28 }
  b.meta.set('__start', { id: '__start', kind: 'start', label: 'Start' })
  b.meta.set('__end', { id: '__end', kind: 'end', label: 'End' })
  if (m.StartAt && m.States?.[m.StartAt]) {
    edges.unshift({ id: '__start->start', sources: ['__start'], targets: [m.StartAt] })
    b.edges.unshift({ id: '__start->start', source: '__start', target: m.StartAt, kind: 'next' })
  }
  for (const [name, s] of Object.entries(m.States ?? {})) {
    if (s.End || s.Type === 'Succeed' || s.Type === 'Fail') {
      const id = `${name}->__end`
      edges.push({ id, sources: [name], targets: ['__end'] })
      b.edges.push({ id, source: name, target: '__end', kind: 'next' })
    }
  }
  const laid = await elk.layout({ id: 'root', layoutOptions: LAYERED, children: [start, ...children, end], edges })
  const nodes: GraphNode[] = []
  const walk = (n: ElkNode) => {
    for (const c of n.children ?? []) {
      const meta = b.meta.get(c.id)
      if (meta) nodes.push({ ...meta, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? STATE.width, height: c.height ?? STATE.height })
      walk(c)
    }
  }
  walk(laid)
  return { nodes, edges: b.edges }
}

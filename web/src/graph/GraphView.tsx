import { useMemo } from 'react'
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import type { Graph, StateStatus, StateView } from '../api.ts'

type StateData = { label: string; type?: string; status: StateStatus; retries: number; selected: boolean }

const STATUS_LABEL: Record<StateStatus, string> = { running: 'running', succeeded: 'succeeded', failed: 'failed', caught: 'caught', 'not-run': 'not run' }

function StateNode({ data }: NodeProps<Node<StateData>>) {
  return (
    <div className={`state-node ${data.status}${data.selected ? ' selected' : ''}`} data-state={data.label} data-status={data.status} title={`${data.label}: ${STATUS_LABEL[data.status]}`}>
      <Handle type="target" position={Position.Top} />
      <span className="state-name">{data.label}</span>
      {data.retries > 0 && <span className="retries">↻{data.retries}</span>}
      <Handle type="source" position={Position.Bottom} />
    </div>
  )
}

function GroupNode({ data }: NodeProps<Node<StateData>>) {
  return (
    <div className={`group-node ${data.type ? `state-group ${data.status}` : 'branch'}${data.selected ? ' selected' : ''}`}
      data-state={data.type ? data.label : undefined} data-status={data.type ? data.status : undefined}>
      <Handle type="target" position={Position.Top} />
      <span className="group-label">{data.label}{data.type ? <span className="muted"> · {data.type}</span> : null}</span>
      <Handle type="source" position={Position.Bottom} />
    </div>
  )
}

function TerminalNode({ data }: NodeProps<Node<StateData>>) {
  return (
    <div className="terminal-node">
      <Handle type="target" position={Position.Top} />
      {data.label}
      <Handle type="source" position={Position.Bottom} />
    </div>
  )
}

// not `group`: React Flow styles its own group type with a border and padding of its own
const nodeTypes = { state: StateNode, container: GroupNode, terminal: TerminalNode }

/** The graph the server laid out, coloured by each state's status; clicking a state selects it. */
export function GraphView({ graph, states, selected, onSelect }: {
  graph: Graph; states: Record<string, StateView>; selected?: string; onSelect: (name: string | undefined) => void
}) {
  const containers = useMemo(() => new Set(graph.nodes.map(n => n.parent).filter(Boolean)), [graph])
  const nodes = useMemo<Node<StateData>[]>(() => graph.nodes.map(n => {
    const isState = n.kind === 'state'
    const type = n.kind === 'start' || n.kind === 'end' ? 'terminal' : containers.has(n.id) ? 'container' : 'state'
    // The server laid the graph out, so every node's size is known. Saying so (`measured` too) keeps React Flow
    // from hiding the nodes until it has measured them again: these objects are rebuilt on every status change,
    // and a rebuild that lands between two measurements would otherwise leave the graph hidden for good.
    return {
      id: n.id, type, parentId: n.parent, position: { x: n.x, y: n.y },
      width: n.width, height: n.height, measured: { width: n.width, height: n.height },
      data: {
        label: n.label, type: isState ? n.type : undefined, status: isState ? states[n.label]?.status ?? 'not-run' : 'not-run',
        retries: states[n.label]?.retries ?? 0, selected: isState && selected === n.label,
      },
      draggable: false, selectable: isState, connectable: false,
      zIndex: type === 'container' ? 0 : 1,
    }
  }), [graph, states, selected, containers])
  const edges = useMemo<Edge[]>(() => graph.edges.map(e => ({
    id: e.id, source: e.source, target: e.target, label: e.label, type: 'smoothstep',
    className: `edge-${e.kind}`, zIndex: 2,
    markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
    // the transition into a running state moves
    animated: states[e.source] !== undefined && states[e.source]?.status !== 'running' && states[e.target]?.status === 'running',
  })), [graph, states])
  // tall graphs get a taller canvas (up to a screenful), so their states stay legible when fitted
  const height = useMemo(() => {
    const bottom = Math.max(0, ...graph.nodes.filter(n => !n.parent).map(n => n.y + n.height))
    return Math.min(760, Math.max(360, bottom + 60))
  }, [graph])
  return (
    <div className="graph" data-testid="graph" style={{ height }}>
      <ReactFlow
        nodes={nodes} edges={edges} nodeTypes={nodeTypes} fitView fitViewOptions={{ padding: 0.08, maxZoom: 1.1 }}
        nodesDraggable={false} nodesConnectable={false} elementsSelectable
        onNodeClick={(_, n) => { if (graph.nodes.find(g => g.id === n.id)?.kind === 'state') onSelect(n.id) }}
        onPaneClick={() => onSelect(undefined)}
        proOptions={{ hideAttribution: true }} minZoom={0.2}
      >
        <Background gap={16} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
      <ul className="legend">
        {(Object.keys(STATUS_LABEL) as StateStatus[]).map(s => <li key={s}><span className={`swatch ${s}`} />{STATUS_LABEL[s]}</li>)}
      </ul>
    </div>
  )
}

// A frame is one thread of states: the execution's root, a Parallel branch or a Map iteration. It
// holds the variable scope, the abort signal of its enclosing Map/Parallel and its place in the run.
import { childVariables, type Variables } from './data/index.ts'

export interface Frame {
  /** '' at the root; '/Map#1[3]' for iteration 3 of the first visit of state Map (nested frames append) */
  key: string
  vars: Variables
  signal: AbortSignal
  /** id of the last event this frame wrote (AWS's previousEventId chain) */
  prev: number
  visits: Map<string, number>
  /** `$$.Map.Item` inside a Map iteration */
  item?: { Index: number; Value: unknown }
  /** called when the frame starts waiting on something outside (a task, a Wait, a retry interval) */
  onBlock?: () => void
  /** a DISTRIBUTED Map iteration: a child execution whose events stay out of this history */
  silent?: boolean
}

/** One visit of a state in a frame; `seq` numbers the events it writes, for their keys. */
export interface Visit {
  key: string
  seq: number
  /** previousEventId of the visit's entered event (AWS's EvaluationFailed points there too) */
  enteredPrev?: number
}

export function rootFrame(vars: Variables, signal: AbortSignal): Frame {
  return { key: '', vars, signal, prev: 0, visits: new Map() }
}

export function childFrame(parent: Frame, key: string, signal: AbortSignal, prev: number, item?: Frame['item']): Frame {
  return { key, vars: childVariables(parent.vars), signal, prev, visits: new Map(), item, silent: parent.silent }
}

export function visitState(frame: Frame, name: string): Visit {
  const n = (frame.visits.get(name) ?? 0) + 1
  frame.visits.set(name, n)
  return { key: `${frame.key}/${name}#${n}`, seq: 0 }
}

/** Raised in a branch whose Map or Parallel was cut short by a sibling's failure. */
export class BranchAborted extends Error {
  constructor() {
    super('branch aborted')
    this.name = 'BranchAborted'
  }
}

// The console's laid-out graphs by definition hash: a definition never changes under its hash, and elkjs takes a
// while on a large machine. Bounded, least recently used first out, so a long-running server that meets many
// definitions does not grow without end.
import { layoutDefinition, type Graph } from './graph.ts'

export const GRAPH_CACHE_SIZE = 100

export class GraphCache {
  // a Map iterates in insertion order: a hit is deleted and set again, so the first key is the least recent
  readonly #graphs = new Map<string, Promise<Graph>>()

  constructor(readonly limit = GRAPH_CACHE_SIZE, private readonly layout: (definition: unknown) => Promise<Graph> = layoutDefinition) {}

  get size(): number { return this.#graphs.size }

  has(hash: string): boolean { return this.#graphs.has(hash) }

  /** The graph of the definition under `hash`, laid out once; `definition` is read only on a miss. */
  of(hash: string, definition: () => unknown): Promise<Graph> {
    const hit = this.#graphs.get(hash)
    if (hit) {
      this.#graphs.delete(hash)
      this.#graphs.set(hash, hit)
      return hit
    }
    const g = this.layout(definition())
    // a failed layout is not kept: the next request tries again
    g.catch(() => { if (this.#graphs.get(hash) === g) this.#graphs.delete(hash) })
    this.#graphs.set(hash, g)
    if (this.#graphs.size > this.limit) this.#graphs.delete(this.#graphs.keys().next().value!)
    return g
  }
}

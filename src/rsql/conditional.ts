/**
 * The `\if` stack, after psql's conditional.c. Each open block is in one state:
 * `true` / `false` (the branch taken or not yet), `ignored` (inside an inactive block, or a
 * branch after the one taken), `elseTrue` / `elseFalse` (after `\else`).
 */
export type IfState = 'none' | 'true' | 'false' | 'ignored' | 'elseTrue' | 'elseFalse'

/** The query buffer as a block's taken branch (or the text before the block) left it: psql restores it. */
export interface SavedQuery {
  length: number
  parenDepth: number
}

export class ConditionalStack {
  private readonly states: IfState[] = []
  private readonly saved: SavedQuery[] = []

  push(state: IfState): void {
    this.states.push(state)
    this.saved.push({ length: 0, parenDepth: 0 })
  }

  /** psql's conditional_stack_set_query_len and _paren_depth, for the innermost block. */
  save(query: SavedQuery): void {
    if (this.saved.length > 0) this.saved[this.saved.length - 1] = query
  }

  /** What `save` kept for the innermost block. */
  savedQuery(): SavedQuery | undefined {
    return this.saved[this.saved.length - 1]
  }

  /** The innermost block's state, `none` outside every block. */
  peek(): IfState {
    return this.states.length === 0 ? 'none' : this.states[this.states.length - 1]
  }

  /** Changes the innermost block's state. */
  poke(state: IfState): void {
    if (this.states.length > 0) this.states[this.states.length - 1] = state
  }

  pop(): boolean {
    this.saved.pop()
    return this.states.pop() !== undefined
  }

  get depth(): number {
    return this.states.length
  }

  /** True when commands run: outside every block, or in a taken branch. */
  active(): boolean {
    const s = this.peek()
    return s === 'none' || s === 'true' || s === 'elseTrue'
  }

  /** Makes the blocks above `depth` taken branches: a `\goto` landed inside them. */
  enterFrom(depth: number): void {
    for (let i = depth; i < this.states.length; i++) {
      const s = this.states[i]
      this.states[i] = s === 'elseFalse' || s === 'elseTrue' ? 'elseTrue' : 'true'
    }
  }
}

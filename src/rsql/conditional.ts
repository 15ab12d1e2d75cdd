/**
 * The `\if` stack, after psql's conditional.c. Each open block is in one state:
 * `true` / `false` (the branch taken or not yet), `ignored` (inside an inactive block, or a
 * branch after the one taken), `elseTrue` / `elseFalse` (after `\else`).
 */
export type IfState = 'none' | 'true' | 'false' | 'ignored' | 'elseTrue' | 'elseFalse'

export class ConditionalStack {
  private readonly states: IfState[] = []

  push(state: IfState): void {
    this.states.push(state)
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

/**
 * The `\if` stack, after psql's conditional.c. Each open block is in one state:
 * `true` / `false` (the branch taken or not yet), `ignored` (inside an inactive block, or a
 * branch after the one taken), `elseTrue` / `elseFalse` (after `\else`).
 */
export type IfState = 'none' | 'true' | 'false' | 'ignored' | 'elseTrue' | 'elseFalse'

export class ConditionalStack {
  private readonly states: IfState[] = []
  // the query buffer as a block's taken branch (or the text before the block) left it: psql restores it
  // (numbers, not an object per block: a script checks every statement with an \if)
  private readonly savedLengths: number[] = []
  private readonly savedParenDepths: number[] = []

  push(state: IfState): void {
    this.states.push(state)
    this.savedLengths.push(0)
    this.savedParenDepths.push(0)
  }

  /** psql's conditional_stack_set_query_len and _paren_depth, for the innermost block. */
  save(length: number, parenDepth: number): void {
    const i = this.states.length - 1
    if (i < 0) return
    this.savedLengths[i] = length
    this.savedParenDepths[i] = parenDepth
  }

  /** The query length `save` kept for the innermost block, -1 outside every block. */
  savedLength(): number {
    return this.states.length === 0 ? -1 : this.savedLengths[this.states.length - 1]
  }

  /** The parenthesis depth `save` kept for the innermost block. */
  savedParenDepth(): number {
    return this.savedParenDepths[this.states.length - 1] ?? 0
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
    this.savedLengths.pop()
    this.savedParenDepths.pop()
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

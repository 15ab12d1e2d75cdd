/** ASL variables in scope: own properties are this scope's, the prototype chain holds outer scopes. */
export type Variables = Record<string, unknown>

/** What JSONPath and intrinsic evaluation read besides the input: `$$` and `$name`. */
export interface EvalContext {
  /** The context object (`$$` / `$states.context`). */
  context: object
  variables: Variables
  /** Randomness for States.UUID / States.MathRandom / $uuid / $random; crypto and Math.random by default. */
  intrinsics?: { random: () => number; uuid: () => string }
}

/** A nested scope (Map iteration, Parallel branch): reads see outer variables, Assign writes stay here. */
export function childVariables(parent: Variables): Variables {
  return Object.create(parent) as Variables
}

/** A fresh outermost scope (no prototype, so `toString` is not a variable). */
export function rootVariables(initial: Record<string, unknown> = {}): Variables {
  return Object.assign(Object.create(null) as Variables, initial)
}

const own = Object.prototype.hasOwnProperty

/** Walks the scope chain; stops at Object.prototype so a `{}` root works too. */
export function hasVariable(vars: Variables, name: string): boolean {
  for (let v: object | null = vars; v !== null && v !== Object.prototype; v = Object.getPrototypeOf(v)) {
    if (own.call(v, name)) return true
  }
  return false
}

export function readVariable(vars: Variables, name: string): unknown {
  return hasVariable(vars, name) ? vars[name] : undefined
}

/** Every visible variable, outer scopes first, inner values winning. */
export function flattenVariables(vars: Variables): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const name in vars) if (hasVariable(vars, name)) out[name] = vars[name]
  return out
}

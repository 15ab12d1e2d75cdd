/**
 * The variable store. Special variables validate on assignment through a hook per name (psql's
 * assign/substitute hooks), so `\set ON_ERROR_STOP banana` fails where it is written and the
 * script's settings always hold a valid value.
 */

/** Checks a new value (undefined = unset) and returns the value to store, or an error. */
export type VariableHook = (value: string | undefined) => { value?: string; error?: string }

const NAME = /^[A-Za-z0-9_\u0080-\uffff]+$/

export class Variables {
  private readonly values = new Map<string, string>()
  private readonly hooks = new Map<string, VariableHook>()

  get(name: string): string | undefined {
    return this.values.get(name)
  }

  /** Registers a hook and runs it once on the current value, so defaults take effect. */
  hook(name: string, hook: VariableHook): void {
    this.hooks.set(name, hook)
    const r = hook(this.values.get(name))
    if (r.value !== undefined) this.values.set(name, r.value)
  }

  /** Sets a variable; returns psql's message when the name or the value is refused. */
  set(name: string, value: string): string | undefined {
    if (!NAME.test(name)) return `invalid variable name: "${name}"`
    const hook = this.hooks.get(name)
    if (hook) {
      const r = hook(value)
      if (r.error) return r.error
      this.values.set(name, r.value ?? value)
      return undefined
    }
    this.values.set(name, value)
    return undefined
  }

  /** Whether a variable is special (psql's VariableHasHook): `\gset` leaves it alone. */
  special(name: string): boolean {
    return this.hooks.has(name)
  }

  /** Sets a status variable without validation (they have no hooks). */
  setStatus(name: string, value: string): void {
    this.values.set(name, value)
  }

  unset(name: string): string | undefined {
    const hook = this.hooks.get(name)
    if (hook) {
      const r = hook(undefined)
      if (r.error) return r.error
      if (r.value !== undefined) { this.values.set(name, r.value); return undefined }
    }
    this.values.delete(name)
    return undefined
  }

  /** Every variable, sorted by name, as `\set` lists them. */
  entries(): [string, string][] {
    return [...this.values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  }
}

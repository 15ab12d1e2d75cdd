import type { ArgReader } from '../args.ts'
import type { ScriptContext, Source } from '../context.ts'
import type { SendOptions } from '../execute.ts'

/**
 * What a meta-command asks the loop to do next: nothing, report failure (`error`, which stops
 * the run under ON_ERROR_STOP), end the run, send the query buffer, or run another source.
 */
export type Outcome = void | 'error' | { exit: number } | { send: SendOptions } | { run: Source }

export type MetaCommand = (args: ArgReader, ctx: ScriptContext) => Outcome | Promise<Outcome>

export interface CommandEntry {
  run: MetaCommand
  /** Runs even in an inactive branch (the `\if` family and `\label`): it keeps the structure. */
  control?: boolean
  /** Takes the rest of the line as one argument (`\!`, `\os`). */
  wholeLine?: boolean
  /** Its first argument may be `|command`, the rest of the line (`\o`, `\g`). */
  filepipe?: boolean
}

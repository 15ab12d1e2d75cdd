/**
 * The rsql room's door: the RSQL interpreter as a library (`runScript`, used by fetch-and-run),
 * and the pieces the `rsql` command line is built from.
 */
import { dirname, resolve } from 'node:path'
import { connect, type Session, type WarehouseTarget } from '../warehouse/index.ts'
import type { OutputTarget } from './channel.ts'
import { run, type RunResult } from './run.ts'
import { textSource } from './source.ts'
import { clientOptions, targetConnector } from './target.ts'

export { run, type RunOptions, type RunResult } from './run.ts'
export type { Action } from './actions.ts'
export { textSource, fileSource, scriptText, splitLines } from './source.ts'
export { clientOptions, resolveTarget, targetConnector, parseConninfo, REDSHIFT_PORT, type ConnectionOptions, type PasswordPrompt, type ResolvedTarget } from './target.ts'
export { loadDsn, parseOdbcIni, odbcIniPath, ProfileError, type DsnProfile } from './profiles.ts'
export { checkScript, checkScriptBytes, type CheckPlace, type CheckProblem } from './check.ts'
export { describeIoError } from './paths.ts'
export { HELP as META_COMMANDS_HELP } from './commands/index.ts'
export { VARIABLES_HELP } from './variables-help.ts'
export { evaluateCondition, parseBoolean } from './expression.ts'
export type { OutputTarget } from './channel.ts'
export type { Source } from './context.ts'

export interface RunScriptOptions {
  /** The script's text. */
  source: string
  /** How messages name the script (`s3://scripts/customer/copy.sql`, `copy.sql`). */
  name: string
  /** An open session, left open at the end; or a target to connect to (closed at the end). */
  session?: Session
  target?: WarehouseTarget
  /** `-v name=value` variables. */
  variables?: Record<string, string>
  stdout: OutputTarget
  stderr: OutputTarget
  /** Folder for relative paths (`\i`, `\run`, `\o`, `\export`); defaults to the process's. */
  cwd?: string
  /** Environment for `\os`, backticks and RSPASSWORD; defaults to none. */
  env?: Record<string, string | undefined>
}

/**
 * Runs an RSQL script and resolves with its exit code, as the `rsql` command would exit.
 * Nothing is written to the console and no process state is touched, so many scripts can run
 * in one process at once.
 */
export async function runScript(o: RunScriptOptions): Promise<RunResult> {
  const cwd = o.cwd ?? process.cwd()
  const env = o.env ?? {}
  if (!o.session && !o.target) throw new TypeError('runScript needs a session or a target')
  const source = textSource(o.source, o.name, o.name.includes('://') ? cwd : dirname(resolve(cwd, o.name)))
  const target = o.target
  return run({
    sources: [source],
    session: o.session,
    open: target ? () => connect(target, clientOptions(env)) : undefined,
    connector: target ? targetConnector(target, env) : undefined,
    variables: Object.entries(o.variables ?? {}),
    stdout: o.stdout,
    stderr: o.stderr,
    cwd,
    env,
  })
}

// The conformance interface: JSON Lines in (`{id, definition, input, context}`), one result line out
// per case, each run in memory on a virtual clock (ASL_FIXED_CLOCK), no real integration invoked.
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { VirtualClock } from './clock.ts'
import { compile, InvalidDefinition } from './compile.ts'
import { StatesEngine } from './engine.ts'
import { TypeOnlyHistory } from './history.ts'
import { IntegrationRegistry } from './integrations/registry.ts'

export interface ExecCase {
  id: string
  definition: unknown
  input?: unknown
  context?: Record<string, unknown>
}

export interface ExecLine {
  id: string
  status: string
  output?: unknown
  error?: string
  cause?: string
  events?: string[]
}

export const DEFAULT_FIXED_CLOCK = '2024-01-01T00:00:00.000Z'

/** Runs one case; a definition the validator rejects still runs (AWS accepted it), its problems go to `warn`. */
export async function execCase(c: ExecCase, fixedClock: string, warn: (text: string) => void = () => {}): Promise<ExecLine> {
  let machine
  try {
    machine = compile(c.definition)
  } catch (e) {
    if (!(e instanceof InvalidDefinition)) throw e
    warn(`${c.id}: ${e.message}`)
    machine = compile(c.definition, { validate: false })
  }
  const clock = new VirtualClock(fixedClock)
  const engine = new StatesEngine({ clock, integrations: new IntegrationRegistry() })
  const history = new TypeOnlyHistory()
  const ctx = c.context ?? {}
  const execution = (ctx.Execution ?? {}) as Record<string, unknown>
  const machineCtx = (ctx.StateMachine ?? {}) as Record<string, unknown>
  const smName = String(machineCtx.Name ?? 'StateMachine')
  const name = String(execution.Name ?? 'execution')
  const result = await engine.run({
    machine,
    stateMachineName: smName,
    name,
    input: c.input ?? {},
    history,
    details: false,
    context: { ...ctx, Execution: { StartTime: fixedClock, ...execution, Input: c.input ?? {} } },
  })
  const line: ExecLine = { id: c.id, status: result.status, events: history.types }
  if (result.status === 'SUCCEEDED') line.output = result.output
  else {
    if (result.error !== undefined) line.error = result.error
    if (result.cause !== undefined) line.cause = result.cause
  }
  return line
}

/** Reads cases from `input` and writes one line per case to `output`; a broken case never stops the rest. */
export async function execJsonl(input: Readable, output: Writable, options: { fixedClock?: string; warn?: (t: string) => void } = {}): Promise<number> {
  const fixedClock = options.fixedClock ?? DEFAULT_FIXED_CLOCK
  let n = 0
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    if (!raw.trim()) continue
    let line: ExecLine
    let id = ''
    try {
      const c = JSON.parse(raw) as ExecCase
      id = String(c.id ?? '')
      line = await execCase(c, fixedClock, options.warn)
    } catch (e) {
      line = { id, status: 'ERROR', error: 'EngineError', cause: e instanceof Error ? e.message : String(e) }
      options.warn?.(`${id}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    }
    output.write(JSON.stringify(line) + '\n')
    n++
  }
  return n
}

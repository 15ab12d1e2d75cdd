import Database from 'better-sqlite3'
import { Batch, VirtualClock, inProcessExecutor, subprocessExecutor, type InProcessProgram } from '../../src/batch/index.ts'

/** A gate a test opens to let a program finish. */
export class Gates {
  private waiting = new Map<string, () => void>()
  opened = new Set<string>()
  wait(name: string, signal: AbortSignal): Promise<'open' | 'aborted'> {
    if (this.opened.has(name)) return Promise.resolve('open')
    return new Promise(resolve => {
      this.waiting.set(name, () => resolve('open'))
      signal.addEventListener('abort', () => resolve('aborted'), { once: true })
    })
  }
  open(name: string): void { this.opened.add(name); this.waiting.get(name)?.() }
}

export const tick = () => new Promise(r => setImmediate(r))
export async function until(cond: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 5000; i++) { if (cond()) return; await new Promise(r => setTimeout(r, 2)) }
  throw new Error(`timed out waiting for ${what}`)
}

/** In-process programs the tests use: `echo`, `exit N`, `gate NAME` (waits; 143 on SIGTERM), `stubborn` (ignores SIGTERM). */
export function programs(gates: Gates): Record<string, InProcessProgram> {
  const expand = (args: string[], env: Record<string, string | undefined>) => args.map(a => a.replace(/^\$(\w+)$/, (_, n) => env[n] ?? ''))
  return {
    echo: async ({ args, env, stdout }) => { stdout(expand(args, env).join(' ') + '\n'); return 0 },
    exit: async ({ args, env, stderr }) => { const code = Number(expand(args, env)[0]); stderr(`exiting ${code}\n`); return code },
    gate: async ({ args, signal, stdout }) => {
      stdout(`waiting for ${args[0]}\n`)
      return (await gates.wait(args[0], signal)) === 'open' ? Number(args[1] ?? 0) : 143
    },
    stubborn: () => new Promise(() => {}),
  }
}

export function makeBatch(opts: { db?: Database.Database; clock?: VirtualClock; maxvCpus?: number; owner?: string; isAlive?: (owner: string) => boolean } = {}) {
  const gates = new Gates()
  const clock = opts.clock ?? new VirtualClock()
  const db = opts.db ?? new Database(':memory:')
  const batch = new Batch({
    db, clock, owner: opts.owner, isAlive: opts.isAlive, killGraceMs: 30_000,
    executors: { 'fetch-and-run': inProcessExecutor(programs(gates)), subprocess: subprocessExecutor() },
  })
  batch.resources.createComputeEnvironment({ computeEnvironmentName: 'local', maxvCpus: opts.maxvCpus ?? 4 })
  batch.resources.createJobQueue({ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'local' }] })
  batch.resources.registerJobDefinition({ jobDefinitionName: 'jd', containerProperties: { command: ['echo', 'hello'] } })
  return { batch, gates, clock, db }
}

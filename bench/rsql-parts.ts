// What bench:rsql's ratio is made of, measured in the same run: the start of each client (connect, one
// statement, exit), what each client pays a statement once its start is taken off, and rsql's own work per
// statement with no server at all (the interpreter, status variables and output against a session that
// answers at once). The ratio is about
// (rsql start + statements × (round trip + rsql's own work)) / (psql start + statements × round trip).
import { Writable } from 'node:stream'
import { run, textSource } from '../src/rsql/index.ts'
import type { Session, StatementResult } from '../src/warehouse/index.ts'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** Median wall time (ms) of each command, run in turn `rounds` times. */
export async function startTimes(commands: (() => Promise<number>)[], rounds: number): Promise<number[]> {
  const times: number[][] = commands.map(() => [])
  for (let r = 0; r < rounds; r++) {
    for (const [i, command] of commands.entries()) times[i].push(await command())
  }
  return times.map(median)
}

/** rsql's own work per statement (µs, the best of `rounds`): the bench's script against an in-memory session. */
export async function interpreterMicros(script: string, statements: number, rounds = 5): Promise<number> {
  const result: StatementResult = { command: 'INSERT', commandTag: 'INSERT 0 1', rowCount: '1', fields: [], rows: [], tuples: false }
  const session = {
    info: { database: 'dev', user: 'awsuser', host: '127.0.0.1', port: 5439 },
    inTransaction: false,
    serverVersion: '15.0',
    query: () => Promise.resolve([{ ...result }]),
    close: async () => {},
    cancel: async () => {},
  } as unknown as Session
  const sink = new Writable({ write(_chunk, _encoding, done) { done() } })
  let best = Infinity
  for (let r = 0; r < rounds; r++) {
    const started = performance.now()
    const { exitCode } = await run({ sources: [textSource(script, 'bench.sql', '.')], session, stdout: sink, stderr: process.stderr, cwd: '.', env: {} })
    if (exitCode !== 0) throw new Error(`the in-memory run exited ${exitCode}`)
    best = Math.min(best, (performance.now() - started) * 1000 / statements)
  }
  return best
}

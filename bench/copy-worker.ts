/**
 * The process that runs the COPYs for bench/copy.ts, so its peak RSS is the load's alone (not the data
 * generator's, not the Postgres server's). Commands arrive over IPC; each answer carries the time taken.
 */
import { createReadStream, readFileSync } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { LocalObjectStore } from '../src/objects/index.ts'
import { connect, executeRedshift } from '../src/warehouse/index.ts'

export type WorkerCommand = { kind: 'reset'; ddl: string } | { kind: 'copy'; ddl: string; sql: string } | { kind: 'raw'; ddl: string; file: string } | { kind: 'count' } | { kind: 'exit' }
/** `cpuMs`: this process's CPU time during the load; `serverCpuMs`: its Postgres backend's (Linux only). */
export type WorkerAnswer = { ok: true; ms?: number; cpuMs?: number; serverCpuMs?: number; value?: string; maxRssKb: number; rssKb: number } | { ok: false; error: string }

const [dir, objectsDir] = process.argv.slice(2)
const session = await connect({ type: 'local', dir })
const objects = new LocalObjectStore(objectsDir)
const [pidResult] = await session.query('select pg_backend_pid()')
const backend = Number(pidResult.rows[0][0])

/** utime + stime of the session's backend, in ms (clock ticks are 10 ms on Linux). */
function serverCpu(): number | undefined {
  try {
    const fields = readFileSync(`/proc/${backend}/stat`, 'latin1').replace(/^.*\) /, '').split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch { return undefined }
}

async function timed(load: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number; serverCpuMs?: number }> {
  const s0 = serverCpu()
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  await load()
  const ms = performance.now() - t0
  const c = process.cpuUsage(c0)
  const s1 = serverCpu()
  return { ms, cpuMs: (c.user + c.system) / 1000, serverCpuMs: s0 === undefined || s1 === undefined ? undefined : s1 - s0 }
}

const answer = (a: Omit<Extract<WorkerAnswer, { ok: true }>, 'ok' | 'maxRssKb' | 'rssKb'>): WorkerAnswer => ({
  ok: true, ...a, maxRssKb: process.resourceUsage().maxRSS, rssKb: Math.round(process.memoryUsage.rss() / 1024),
})

process.on('message', async (cmd: WorkerCommand) => {
  try {
    switch (cmd.kind) {
      case 'reset':
        await session.query(cmd.ddl)
        process.send!(answer({}))
        break
      case 'copy': {
        await session.query(cmd.ddl)
        process.send!(answer(await timed(() => executeRedshift(session, cmd.sql, { objects }))))
        break
      }
      case 'raw': {
        // The floor: the file's bytes straight into COPY FROM STDIN, no transformation at all.
        await session.query(cmd.ddl)
        process.send!(answer(await timed(() => pipeline(createReadStream(cmd.file, { highWaterMark: 256 * 1024 }), session.copyFrom('copy customer from stdin')))))
        break
      }
      case 'count': {
        const [r] = await session.query('select count(*) from customer')
        process.send!(answer({ value: r.rows[0][0] ?? '' }))
        break
      }
      case 'exit':
        await session.close()
        process.disconnect()
        break
    }
  } catch (err) {
    const e = err as Error & { detail?: string }
    process.send!({ ok: false, error: `${e.message}${e.detail ? `\n${e.detail}` : ''}` })
  }
})
process.send!(answer({}))

import type { Readable } from 'node:stream'
import { runScript, scriptText, type RunScriptOptions } from '../rsql/index.ts'
import type { ObjectStore } from '../objects/index.ts'
import type { ObjectReader, ScriptRunner } from './fetch-and-run.ts'

export type WarehouseTarget = NonNullable<RunScriptOptions['target']>
export type WarehouseSession = NonNullable<RunScriptOptions['session']>
/** Where fetch-and-run's scripts run: a target to connect to, or a function opening a session. */
export type ScriptWarehouse = WarehouseTarget | (() => Promise<WarehouseSession>)

/** Reads the script at `s3://bucket/key` as `rsql -f` reads a file: bytes that are not UTF-8 reach the server as they are. */
export function objectReader(objects: Pick<ObjectStore, 'get'>): ObjectReader {
  return async uri => {
    const chunks: Buffer[] = []
    for await (const c of await objects.get(uri) as Readable) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c))
    return scriptText(Buffer.concat(chunks))
  }
}

/**
 * Runs scripts with the RSQL interpreter. With a session opener, SIGTERM cancels the running statement
 * and closes the session, so the script stops at once; the attempt then ends with 143.
 */
export function rsqlRunner(warehouse: ScriptWarehouse, cwd?: string): ScriptRunner {
  return async ({ source, name, env, stdout, stderr, signal }) => {
    let session: WarehouseSession | undefined
    if (typeof warehouse === 'function') {
      try { session = await warehouse() } catch (e) { stderr(`rsql: error: ${(e as Error).message}\n`); return 2 }
      if (signal.aborted) { await session.close().catch(() => {}); return 143 }
    }
    const onAbort = () => { session?.cancel().catch(() => {}); session?.close().catch(() => {}) }
    signal.addEventListener('abort', onAbort, { once: true })
    try {
      const result = await runScript({
        source, name, session, target: session ? undefined : warehouse as WarehouseTarget, cwd, env,
        stdout: line => stdout(`${line}\n`), stderr: line => stderr(`${line}\n`),
      })
      return signal.aborted ? 143 : result.exitCode
    } finally {
      signal.removeEventListener('abort', onAbort)
      if (session && !signal.aborted) await session.close().catch(() => {})
    }
  }
}

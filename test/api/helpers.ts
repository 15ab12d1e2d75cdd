// A real listening server over a throwaway project, and AWS SDK v3 clients pointed at it.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BatchClient } from '@aws-sdk/client-batch'
import { SFNClient } from '@aws-sdk/client-sfn'
import { SNSClient } from '@aws-sdk/client-sns'
import { createApp, type App } from '../../src/app.ts'
import { createServer, type RsqlflowServer } from '../../src/api/index.ts'
import { loadProject } from '../../src/project/index.ts'

export const ACCOUNT = '000000000000'
export const REGION = 'us-east-1'
export const smArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`

export async function writeProject(config: object, workflows: Record<string, object> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rsqlflow-api-'))
  await mkdir(join(dir, 'workflows'))
  await writeFile(join(dir, 'rsqlflow.json'), JSON.stringify(config))
  for (const [name, definition] of Object.entries(workflows)) await writeFile(join(dir, 'workflows', `${name}.asl.json`), JSON.stringify(definition))
  return dir
}

export interface Served {
  dir: string
  app: App
  server: RsqlflowServer
  url: string
  sfn: SFNClient
  batch: BatchClient
  sns: SNSClient
  close(): Promise<void>
}

/**
 * Clients as an AWS user configures them: endpoint, region, and the token (if any) as the access key id.
 * `disableHostPrefix`: StartSyncExecution otherwise sends to `sync-<host>`, which a local address lacks.
 */
export function clients(url: string, accessKeyId = 'rsqlflow') {
  const config = { endpoint: url, region: REGION, credentials: { accessKeyId, secretAccessKey: 'any-secret' }, maxAttempts: 1, disableHostPrefix: true }
  return { sfn: new SFNClient(config), batch: new BatchClient(config), sns: new SNSClient(config) }
}

export async function serve(config: object, workflows: Record<string, object> = {}, options: { token?: string; host?: string } = {}): Promise<Served> {
  const dir = await writeProject(config, workflows)
  const app = await createApp(await loadProject({ dir }))
  const server = await createServer(app, { token: options.token, console: false })
  const { url } = await server.listen(0, options.host ?? '127.0.0.1')
  const c = clients(url, options.token)
  return {
    dir, app, server, url, ...c,
    async close() {
      for (const client of Object.values(c)) client.destroy()
      await server.close()
      // executions a test left running (Wait states) end here rather than hold the close
      for (const e of app.states.listExecutions({ statusFilter: 'RUNNING' }).executions) app.states.engine.stop(e.executionArn)
      await app.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Polls until `check` returns a value (not undefined), at most `ms`. */
export async function until<T>(check: () => T | undefined | Promise<T | undefined>, ms = 15_000, what = 'the condition'): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await check()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise(r => setTimeout(r, 25))
  }
}

export const pass = { StartAt: 'p', States: { p: { Type: 'Pass', Result: { ok: true }, ResultPath: '$.result', End: true } } }
export const waitLong = { StartAt: 'w', States: { w: { Type: 'Wait', Seconds: 3600, End: true } } }

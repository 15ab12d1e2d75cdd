// A Step Functions nextToken is signed with the project's secret (kept in its store): it pages on after the server
// restarts on the same project, and stays InvalidToken on another project's server.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { GetExecutionHistoryCommand, ListExecutionsCommand, ListStateMachinesCommand, StartExecutionCommand } from '@aws-sdk/client-sfn'
import { createApp } from '../../src/app.ts'
import { createServer } from '../../src/api/index.ts'
import { loadProject } from '../../src/project/index.ts'
import { clients, pass, smArn, until, writeProject } from './helpers.ts'

const SERVE = fileURLToPath(new URL('./fixtures/serve-project.ts', import.meta.url))
const dirs: string[] = []
after(() => Promise.all(dirs.map(d => rm(d, { recursive: true, force: true }))))

/** A server on the project in `dir` until `close`: the app, its store and the server all end there. */
async function start(dir: string) {
  const app = await createApp(await loadProject({ dir }))
  const server = await createServer(app, { console: false })
  const { url } = await server.listen(0, '127.0.0.1')
  const { sfn } = clients(url)
  return { app, sfn, async close() { sfn.destroy(); await server.close(); await app.close() } }
}

/** The same, in a process of its own: its page tokens are signed in that process. */
async function startProcess(dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE, dir], { stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', d => { out += d; const m = /^(http\S+)\n/.exec(out); if (m) resolve(m[1]) })
    child.once('exit', code => reject(new Error(`the server exited (${code})`)))
  })
  const { sfn } = clients(url)
  const exited = new Promise(r => child.once('exit', r))
  return { sfn, async close() { sfn.destroy(); child.kill('SIGTERM'); await exited } }
}

async function project(): Promise<string> {
  const dir = await writeProject({ name: 'tokens' }, { hello: pass, second: pass })
  dirs.push(dir)
  return dir
}

test('a nextToken survives a restart of the server on the same project; another project\'s server refuses it (InvalidToken)', async () => {
  const dir = await project()
  const elsewhere = await project()
  const before = await startProcess(dir)
  const names = ['a', 'b']
  for (const name of names) await before.sfn.send(new StartExecutionCommand({ stateMachineArn: smArn('hello'), name }))
  await until(async () => (await before.sfn.send(new ListExecutionsCommand({ stateMachineArn: smArn('hello'), statusFilter: 'SUCCEEDED' }))).executions!.length === 2 || undefined)
  const list = (token?: string) => new ListExecutionsCommand({ stateMachineArn: smArn('hello'), maxResults: 1, nextToken: token })
  const history = (token?: string) => new GetExecutionHistoryCommand({ executionArn: `${smArn('hello').replace(':stateMachine:', ':execution:')}:a`, maxResults: 1, nextToken: token })
  const first = await before.sfn.send(list())
  const events = await before.sfn.send(history())
  const machines = await before.sfn.send(new ListStateMachinesCommand({ maxResults: 1 }))
  assert.ok(first.nextToken && events.nextToken && machines.nextToken)
  await before.close()

  const s = await start(dir)
  try {
    const rest = await s.sfn.send(list(first.nextToken))
    assert.deepEqual([...first.executions!, ...rest.executions!].map(e => e.name).sort(), names, 'the token pages on after the restart')
    const more = await s.sfn.send(history(events.nextToken))
    assert.equal(more.events![0].id, 2)
    const second = await s.sfn.send(new ListStateMachinesCommand({ maxResults: 1, nextToken: machines.nextToken }))
    assert.deepEqual([...machines.stateMachines!, ...second.stateMachines!].map(m => m.name).sort(), ['hello', 'second'])
  } finally { await s.close() }

  // the same state machine and execution names on another project: its server did not issue the tokens
  const other = await start(elsewhere)
  try {
    for (const name of names) await other.sfn.send(new StartExecutionCommand({ stateMachineArn: smArn('hello'), name }))
    await assert.rejects(other.sfn.send(list(first.nextToken)), (e: Error) => e.name === 'InvalidToken')
    await assert.rejects(other.sfn.send(new ListStateMachinesCommand({ maxResults: 1, nextToken: machines.nextToken })), (e: Error) => e.name === 'InvalidToken')
  } finally { await other.close() }
})

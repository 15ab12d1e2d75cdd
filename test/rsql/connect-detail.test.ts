// A server that turns every startup down with a FATAL carrying DETAIL and HINT (and answers N to SSLRequest):
// rsql's message is psql's, each attempt's lines included when sslmode allow or prefer tries again.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import { psqlMissing } from './output/oracle.ts'

const rsqlBin = fileURLToPath(new URL('../../bin/rsql.js', import.meta.url))
const SSL_REQUEST = 80877103
const GSSENC_REQUEST = 80877104

function errorResponse(fields: Record<string, string>): Buffer {
  const body = Buffer.concat([...Object.entries(fields).map(([k, v]) => Buffer.from(`${k}${v}\0`)), Buffer.from([0])])
  const head = Buffer.alloc(5)
  head[0] = 0x45 // E
  head.writeInt32BE(body.length + 4, 1)
  return Buffer.concat([head, body])
}

let server: net.Server
let port: number
before(async () => {
  server = net.createServer(socket => {
    let pending = Buffer.alloc(0)
    socket.on('error', () => {})
    socket.on('data', data => {
      pending = Buffer.concat([pending, data])
      while (pending.length >= 8 && pending.length >= pending.readInt32BE(0)) {
        const code = pending.readInt32BE(4)
        pending = pending.subarray(pending.readInt32BE(0))
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) socket.write('N')
        else socket.end(errorResponse({ S: 'FATAL', V: 'FATAL', C: '28000', M: 'no entry for this client', D: 'the server says why', H: 'ask the administrator' }))
      }
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as net.AddressInfo).port
})
after(() => { server.close() })

function run(command: string, args: string[]): Promise<{ stderr: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, PGPASSWORD: '', PGCONNECT_TIMEOUT: '5' }, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', d => { stderr += d })
    child.on('error', reject)
    child.on('close', status => resolve({ stderr, status }))
  })
}

for (const mode of ['allow', 'prefer', 'disable']) {
  test(`a startup turned down with DETAIL and HINT, sslmode=${mode}: stderr and exit code as psql's`, { skip: psqlMissing() }, async () => {
    const args = ['-X', `host=127.0.0.1 port=${port} user=u dbname=d sslmode=${mode}`, '-c', 'select 1']
    const [theirs, ours] = await Promise.all([run('psql', args), run(process.execPath, [rsqlBin, ...args])])
    assert.match(theirs.stderr, /^DETAIL: {2}the server says why\nHINT: {2}ask the administrator$/m)
    assert.equal(ours.stderr.replace(/^rsql:/, 'psql:'), theirs.stderr)
    assert.equal(ours.status, theirs.status)
  })
}

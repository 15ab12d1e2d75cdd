// A server that starts a session and then, at its first query, closes the connection: without a word, with a reset,
// after an ERROR (no ReadyForQuery), after a FATAL, in the middle of a result. rsql tells the lost connection by the
// session's flag, not by the driver's words: its stderr and exit code are psql's.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import { psqlMissing } from './output/oracle.ts'

const rsqlBin = fileURLToPath(new URL('../../bin/rsql.js', import.meta.url))
const SSL_REQUEST = 80877103
const GSSENC_REQUEST = 80877104

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5)
  head[0] = type.charCodeAt(0)
  head.writeInt32BE(body.length + 4, 1)
  return Buffer.concat([head, body])
}
const int32 = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b }
const errorResponse = (fields: Record<string, string>) => message('E', Buffer.concat([...Object.entries(fields).map(([k, v]) => Buffer.from(`${k}${v}\0`)), Buffer.from([0])]))
const STARTED = Buffer.concat([message('R', int32(0)), message('S', Buffer.from('server_version\u000015.0\u0000')), message('S', Buffer.from('client_encoding\u0000UTF8\u0000')),
  message('K', Buffer.concat([int32(1), int32(2)])), message('Z', Buffer.from('I'))])

/** What the server does at the first query: the user name picks it. */
const ENDINGS: Record<string, (socket: net.Socket) => void> = {
  close: socket => socket.end(),
  reset: socket => socket.resetAndDestroy(),
  error: socket => socket.end(errorResponse({ S: 'ERROR', V: 'ERROR', C: '42000', M: 'an error, then nothing' })),
  fatal: socket => socket.end(errorResponse({ S: 'FATAL', V: 'FATAL', C: '57P01', M: 'terminating connection due to administrator command' })),
  rows: socket => socket.end(Buffer.concat([message('T', Buffer.concat([Buffer.from([0, 1]), Buffer.from('a\0'), Buffer.alloc(18)])), message('D', Buffer.concat([Buffer.from([0, 1]), int32(1), Buffer.from('1')]))])),
}

let server: net.Server
let port: number
before(async () => {
  server = net.createServer(socket => {
    let pending = Buffer.alloc(0)
    let ending: ((socket: net.Socket) => void) | undefined
    socket.on('error', () => {})
    socket.on('data', data => {
      pending = Buffer.concat([pending, data])
      while (!ending && pending.length >= 8 && pending.length >= pending.readInt32BE(0)) {
        const startup = pending.subarray(0, pending.readInt32BE(0))
        pending = pending.subarray(startup.length)
        const code = startup.readInt32BE(4)
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) { socket.write('N'); continue }
        const words = startup.subarray(8).toString().split('\0')
        ending = ENDINGS[words[words.indexOf('user') + 1]]
        socket.write(STARTED)
      }
      while (ending && pending.length >= 5 && pending.length > pending.readInt32BE(1)) {
        const type = String.fromCharCode(pending[0])
        pending = pending.subarray(pending.readInt32BE(1) + 1)
        if (type === 'Q') return ending(socket)
        if (type === 'X') return socket.end()
      }
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as net.AddressInfo).port
})
after(() => { server.close() })

function run(command: string, args: string[]): Promise<{ stdout: string; stderr: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, PGPASSWORD: '', PGCONNECT_TIMEOUT: '5' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', d => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', d => { stderr += d })
    child.on('error', reject)
    child.on('close', status => resolve({ stdout, stderr, status }))
  })
}

for (const ending of Object.keys(ENDINGS)) {
  for (const flags of [[], ['-b', '-v', 'ON_ERROR_STOP=1']]) {
    test(`a connection the server ends at the first query (${ending})${flags.map(f => ' ' + f).join('')}: psql's messages and exit code`, { skip: psqlMissing() }, async () => {
      const args = ['-X', '-h', '127.0.0.1', '-p', String(port), '-U', ending, '-d', 'd', ...flags, '-c', 'select 1', '-c', 'select 2']
      const [theirs, ours] = await Promise.all([run('psql', args), run(process.execPath, [rsqlBin, ...args])])
      assert.match(theirs.stderr, /server closed the connection unexpectedly/)
      assert.deepEqual([ours.stdout, ours.stderr.replace(/^rsql:/gm, 'psql:'), ours.status], [theirs.stdout, theirs.stderr, theirs.status])
    })
  }
}

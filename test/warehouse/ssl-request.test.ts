// TLS negotiation against servers that misbehave at its edges, each a few lines of net.Server speaking just enough
// of the protocol: the connection lost (or bytes in the clear) right after the server's S, a handshake that never
// ends under prefer, an ErrorResponse in place of the S, and a server that cannot take connections now (57P03), which libpq's fallbacks do not try again.
import { register } from 'node:module'
import { test } from 'node:test'
import assert from 'node:assert/strict'
import net from 'node:net'
import { spawn } from 'node:child_process'
import { connectPg, type PgConnectOptions } from '../../src/warehouse/index.ts'

// node:tls loads on the first handshake (ssl-request.ts); here it takes 100 ms, so that what the server does right
// after its S happens while it loads, every time (the window of a cold start)
register('data:text/javascript,' + encodeURIComponent(`export async function resolve(specifier, context, next) {
  if (specifier === 'node:tls') await new Promise(r => setTimeout(r, 100))
  return next(specifier, context)
}`))

/** A server on a free loopback port; `seen` lists each connection's first message (SSLRequest or startup). */
async function fakeServer(onFirst: (client: net.Socket, first: 'SSLRequest' | 'startup', n: number) => void) {
  const seen: string[] = []
  const server = net.createServer(client => {
    client.on('error', () => {})
    client.once('data', d => {
      const first = d.length === 8 && d.readUInt32BE(4) === 80877103 ? 'SSLRequest' : 'startup'
      seen.push(first)
      onFirst(client, first, seen.length)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  const options = (more: Partial<PgConnectOptions>): PgConnectOptions => ({ host: '127.0.0.1', port, database: 'dev', user: 'u', connectTimeoutMs: 5000, ...more })
  return { port, seen, options, close: () => server.close() }
}

/** An ErrorResponse as the server sends it before a backend runs. */
function errorResponse(code: string, message: string): Buffer {
  const body = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`)
  const head = Buffer.alloc(5)
  head[0] = 0x45
  head.writeInt32BE(4 + body.length, 1)
  return Buffer.concat([head, body])
}

const settled = <T>(p: Promise<T>) => Promise.race([
  p.then(() => 'connected', (e: Error) => e.message),
  new Promise<string>(resolve => setTimeout(() => resolve('still waiting after 3 s'), 3000).unref()),
])

for (const how of ['reset', 'end', 'data'] as const) {
  test(`right after S, before node:tls is loaded, the server's ${how} fails the handshake: no wait forever, no uncaught error`, async () => {
    const server = await fakeServer(client => {
      client.write('S', () => {
        if (how === 'reset') client.resetAndDestroy()
        else if (how === 'end') client.end()
        else setTimeout(() => client.write('Z'), 20) // unencrypted bytes after the S, on their own, before any ClientHello
      })
    })
    try {
      const outcome = await settled(connectPg(server.options({ ssl: { rejectUnauthorized: false } })))
      assert.match(outcome, new RegExp(`^connection to server at "127\\.0\\.0\\.1", port ${server.port} failed: SSL error: ${how === 'data' ? 'received unencrypted data after SSL response$' : ''}`))
    } finally { server.close() }
  })
}

test('prefer whose handshake runs out of time gives up (timeout expired), as libpq: no plain attempt after it', async () => {
  const server = await fakeServer((client, first) => { if (first === 'SSLRequest') client.write('S') }) // then silence
  try {
    const outcome = await settled(connectPg(server.options({ ssl: { rejectUnauthorized: false }, sslFallback: 'prefer', connectTimeoutMs: 300 })))
    assert.equal(outcome, `connection to server at "127.0.0.1", port ${server.port} failed: timeout expired`)
    assert.deepEqual(server.seen, ['SSLRequest'])
  } finally { server.close() }
})

test('a server that cannot take connections now (57P03) is not tried again by allow or prefer, as libpq; another rejection is', async () => {
  let code = '57P03'
  const server = await fakeServer((client, first) => {
    if (first === 'SSLRequest') client.write('N', () => client.once('data', () => client.end(errorResponse(code, 'the database system is starting up'))))
    else client.end(errorResponse(code, 'the database system is starting up'))
  })
  try {
    const allow = await settled(connectPg(server.options({ ssl: { rejectUnauthorized: false }, sslFallback: 'allow' })))
    assert.equal(allow, `connection to server at "127.0.0.1", port ${server.port} failed: FATAL:  the database system is starting up`)
    assert.deepEqual(server.seen, ['startup'])
    code = '28000'
    await settled(connectPg(server.options({ ssl: { rejectUnauthorized: false }, sslFallback: 'allow' })))
    assert.deepEqual(server.seen, ['startup', 'startup', 'SSLRequest'], 'plain, then TLS asked for (and N: plain again)')
  } finally { server.close() }
})

test('an ErrorResponse in place of S or N: libpq 15\'s words (none of the server\'s text, unauthenticated yet), no other sslmode tried', async () => {
  // as a server out of connections answers, whole or split in two (the rest after a pause)
  const message = errorResponse('53300', 'sorry, too many clients already')
  const server = await fakeServer((client, first, n) => {
    if (first !== 'SSLRequest') return client.end(message)
    if (n % 2 === 1) client.end(message)
    else client.write(message.subarray(0, 3), () => setTimeout(() => client.end(message.subarray(3)), 20))
  })
  const expected = `connection to server at "127.0.0.1", port ${server.port} failed: server sent an error response during SSL exchange`
  try {
    assert.equal(await settled(connectPg(server.options({ ssl: { rejectUnauthorized: false } }))), expected)
    assert.equal(await settled(connectPg(server.options({ ssl: { rejectUnauthorized: false }, sslFallback: 'prefer' }))), expected)
    assert.deepEqual(server.seen, ['SSLRequest', 'SSLRequest'], 'prefer does not go on plain')
    // psql says the same (when it is here to ask)
    const psql = await new Promise<{ stderr: string; status: number | null } | undefined>(resolve => {
      const child = spawn('psql', ['-X', '-h', '127.0.0.1', '-p', String(server.port), '-U', 'u', '-d', 'dev', '-c', 'select 1'], { env: { ...process.env, PGSSLMODE: 'prefer', PGPASSWORD: '' } })
      let stderr = ''
      child.stderr.setEncoding('utf8').on('data', d => { stderr += d })
      child.on('error', () => resolve(undefined))
      child.on('close', status => resolve({ stderr, status }))
    })
    if (psql) assert.deepEqual(psql, { stderr: `psql: error: ${expected}\n`, status: 2 })
    else process.stdout.write('# psql is not installed: its words are not compared\n')
  } finally { server.close() }
})

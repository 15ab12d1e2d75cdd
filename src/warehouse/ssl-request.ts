import net from 'node:net'
import type { ConnectionOptions, TLSSocket } from 'node:tls'

/** SSLRequest: its length (8) and the code 1234 5679, sent before the startup message. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f])

/** Why the connection could not be settled, and whether a TLS handshake failed (libpq's prefer then tries plain). */
export class NegotiationError extends Error {
  constructor(message: string, readonly handshake = false, options?: ErrorOptions) {
    super(message, options)
  }
}

/**
 * Connects `socket` and settles TLS as libpq does before the startup message: SSLRequest, then the server's
 * one-byte answer. S: the TLS handshake on the same connection (the encrypted stream is returned); N: the
 * server has no TLS, and the connection goes on plain (`socket` itself) when `plainIfRefused`, else fails as
 * libpq's require does. Errors of the TCP connection itself come as they are (ECONNREFUSED…).
 */
export async function negotiateTls(socket: net.Socket, host: string, port: number, options: ConnectionOptions, plainIfRefused: boolean): Promise<net.Socket> {
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    const connected = () => { socket.off('error', reject); resolve() }
    socket.connect(port, host, connected) // TCP only: over a Unix-domain socket nobody asks for TLS (pg-connect.ts)
  })
  socket.setNoDelay(true)
  socket.write(SSL_REQUEST)
  const answer = await firstRead(socket)
  if (answer[0] === 0x4e) { // N
    if (plainIfRefused) return socket
    throw new NegotiationError('server does not support SSL, but SSL was required')
  }
  // E: the server failed before it could answer (too many clients, no backend…). libpq from 15.10 on (CVE-2024-10977)
  // shows none of its text, which nothing authenticates yet, and tries no other sslmode
  if (answer[0] === 0x45) throw new NegotiationError('server sent an error response during SSL exchange')
  if (answer[0] !== 0x53) throw new NegotiationError(`received invalid response to SSL negotiation: ${String.fromCharCode(answer[0])}`)
  // the server speaks TLS next: anything after the S came from someone between it and us (CVE-2021-23222)
  if (answer.length > 1) throw new NegotiationError('received unencrypted data after SSL response')
  return handshake(socket, host, options)
}

/** The first bytes the server sends. */
function firstRead(socket: net.Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const settle = (fn: () => void) => { socket.off('data', onData); socket.off('error', onError); socket.off('close', onClose); fn() }
    const onData = (b: Buffer) => settle(() => resolve(b))
    const onError = (e: Error) => settle(() => reject(e))
    const onClose = () => settle(() => reject(new NegotiationError('server closed the connection unexpectedly')))
    socket.on('data', onData)
    socket.on('error', onError)
    socket.on('close', onClose)
  })
}

/** The TLS handshake over a connected socket (SNI only for a host name, as pg: RFC 6066 forbids an address). */
async function handshake(socket: net.Socket, host: string, options: ConnectionOptions): Promise<TLSSocket> {
  // until tls takes the socket, its loss (a reset, the server's end, the connect timeout) is the handshake's: tls
  // would not hear of it, and waited forever on a closed socket, and an error with no listener would be uncaught
  // (a TLS server speaks only after the ClientHello: bytes before it are someone else's, and fail it too)
  let lost: Error | undefined
  const onError = (e: Error) => { lost ??= e }
  const onEnd = () => { lost ??= new Error('server closed the connection unexpectedly') }
  const onData = () => { lost ??= new Error('received unencrypted data after SSL response') }
  socket.on('error', onError).on('end', onEnd).on('close', onEnd).on('data', onData)
  let tls: typeof import('node:tls')
  try {
    tls = await import('node:tls') // only here: loading it costs a plain connection's start ~5 ms
  } finally {
    socket.off('error', onError).off('end', onEnd).off('close', onEnd).off('data', onData)
  }
  if (lost || socket.destroyed || socket.readableEnded) {
    socket.destroy()
    lost ??= new Error('server closed the connection unexpectedly')
    throw new NegotiationError(`SSL error: ${lost.message}`, true, { cause: lost })
  }
  return new Promise((resolve, reject) => {
    const secure = tls.connect({ ...options, socket, host, servername: net.isIP(host) === 0 ? host : undefined })
    const onError = (e: Error) => { secure.destroy(); reject(new NegotiationError(`SSL error: ${e.message}`, true, { cause: e })) }
    secure.once('error', onError)
    secure.once('secureConnect', () => { secure.off('error', onError); resolve(secure) })
  })
}

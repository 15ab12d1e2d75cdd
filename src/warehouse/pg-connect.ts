/**
 * Opening a pg session, with TLS settled as libpq's sslmode says. rsql owns the socket: it sends SSLRequest
 * and does the TLS handshake itself, then hands pg a connected stream (encrypted or plain) for the startup and
 * the authentication. So `prefer` can go on plain on the same connection when the server answers N, and a
 * connection that stays plain keeps the fast lane (fast-lane.ts).
 */
import { createRequire } from 'node:module'
import net from 'node:net'
import { Writable } from 'node:stream'
import pg from 'pg'
import type { ConnectionOptions as TlsOptions } from 'node:tls'
import type { ConnectionInfo, Session } from './session.ts'
import { toWarehouseError, WarehouseError } from './errors.ts'
import { FastLane } from './fast-lane.ts'
import { PgSession } from './pg-session.ts'
import { NegotiationError, negotiateTls } from './ssl-request.ts'
import { decodeBytes } from './raw-text.ts'

// the protocol parser of the pg rsql uses (its Parser is what pg's connection reads messages with)
const pgRequire = createRequire(createRequire(import.meta.url).resolve('pg'))

// Every value stays the server's text: output formats print exactly what psql prints.
const textTypes = { getTypeParser: () => (value: string) => value }

export interface PgConnectOptions extends ConnectionInfo {
  password?: string
  /** TLS (see tls.ts): false or absent connects plain, without asking the server (the local warehouse). */
  ssl?: false | TlsOptions
  /**
   * libpq's fallbacks, with `ssl` as the TLS to use: `prefer` asks for TLS and goes on plain when the server
   * has none, when the handshake fails or when the server rejects the encrypted connection; `allow` connects
   * plain and tries TLS when the server rejects that.
   */
  sslFallback?: 'prefer' | 'allow'
  applicationName?: string
  /**
   * Settings sent in the startup packet as libpq sends them (client_encoding from PGCLIENTENCODING, datestyle,
   * timezone, geqo): without a client_encoding, the database's encoding is the client's, as for psql. Without
   * startupParameters the client encoding is UTF8 (pg's).
   */
  startupParameters?: Record<string, string>
  connectTimeoutMs?: number
  /**
   * libpq's connect_timeout as its text (PGCONNECT_TIMEOUT), over connectTimeoutMs: whole seconds, at least 2, none
   * at 0 or less; anything else fails the connection with libpq's message.
   */
  connectTimeout?: string
  /**
   * psql's password prompt: asked for the user's password when the server wants one and none was given (the
   * password, PGPASSWORD, the password file); the connection is then made again with the answer. With
   * `askPasswordFirst` (psql's -W) it is asked for before connecting, for no user named yet.
   */
  askPassword?: (user?: string) => Promise<string>
  askPasswordFirst?: boolean
}

/** Opens a Session over the Postgres wire protocol (local warehouse, any Postgres, Redshift). */
export async function connectPg(options: PgConnectOptions): Promise<Session> {
  const { askPassword, askPasswordFirst } = options
  if (askPassword && askPasswordFirst) return connectTls({ ...options, password: await askPassword() })
  try {
    return await connectTls(options)
  } catch (err) {
    // as psql: asked once, and an empty answer is no password
    if (!askPassword || !(err as Attempted).passwordNeeded) throw err
    return connectTls({ ...options, password: await askPassword(options.user) })
  }
}

/** A connection with TLS as the sslmode says, with its fallbacks. */
async function connectTls(options: PgConnectOptions): Promise<Session> {
  const { ssl, sslFallback } = options
  // libpq asks for TLS on no Unix-domain socket, whatever the sslmode (the server would answer N there)
  if (!ssl || options.host.startsWith('/')) return attempt(options, false)
  if (sslFallback === 'allow') {
    try {
      return await attempt(options, false)
    } catch (err) {
      if (!(err as Attempted).rejected) throw err
      return retry(err, () => attempt(options, ssl, true))
    }
  }
  if (sslFallback === 'prefer') {
    try {
      return await attempt(options, ssl, true)
    } catch (err) {
      if (!(err as Attempted).retryPlain) throw err
      return retry(err, () => attempt(options, false))
    }
  }
  return attempt(options, ssl)
}

/**
 * A failed attempt's error. `rejected`: the server turned the startup down before the authentication completed (a
 * pg_hba.conf line, a failed password), which libpq's fallbacks try again in the other way, but for 57P03 (cannot
 * connect now); an error after AuthenticationOk (no such database, too many connections for the role) is final, so
 * the password goes once. `retryPlain`: the TLS handshake failed, or the server rejected the encrypted connection.
 */
type Attempted = WarehouseError & { rejected?: boolean; retryPlain?: boolean; passwordNeeded?: boolean }

/**
 * One connection: plain from the start (`tls` false: no SSLRequest, no extra round trip), or TLS asked for
 * first; with `plainIfRefused` a server without TLS (N) gets the rest of the startup plain.
 */
async function attempt(options: PgConnectOptions, tls: false | TlsOptions, plainIfRefused = false): Promise<Session> {
  const started = Date.now()
  const timeoutMs = options.connectTimeout === undefined ? options.connectTimeoutMs ?? 30_000 : libpqTimeoutMs(options)
  let lane = tls === false || plainIfRefused ? new FastLane() : undefined
  let stream: net.Socket | undefined
  if (tls !== false) {
    const socket = lane?.socket ?? new net.Socket()
    let timedOut = false
    const timer = timeoutMs > 0 ? setTimeout(() => { timedOut = true; socket.destroy(new Error('timeout expired')) }, timeoutMs) : undefined
    try {
      stream = await negotiateTls(socket, options.host, options.port, tls, plainIfRefused)
    } catch (err) {
      socket.destroy()
      // libpq's connect_timeout gives up on the server (its next address), without trying another sslmode
      if (timedOut) throw connectionError(options, new Error('timeout expired'))
      throw Object.assign(connectionError(options, err), { retryPlain: err instanceof NegotiationError && err.handshake })
    } finally {
      clearTimeout(timer)
    }
    if (stream !== socket) {
      lane = undefined
      socket.on('error', () => {}) // the TLS stream on top reports what goes wrong
    }
  }
  let passwordNeeded = false
  const client = new pg.Client({
    // pg connects its stream itself; a negotiated one is connected already (pg only starts up on it)
    stream: (() => stream ? connected(stream) : lane!.socket) as () => net.Socket,
    host: options.host,
    port: options.port,
    database: options.database,
    user: options.user,
    // asked for when the server wants one; none found, pg fails the authentication and the error says it was needed
    password: (async () => {
      const found = await password(options)
      passwordNeeded = found === undefined
      return found
    }) as () => Promise<string>,
    ssl: false,
    application_name: options.applicationName ?? 'rsqlflow',
    connectionTimeoutMillis: timeoutMs > 0 ? Math.max(1, timeoutMs - (Date.now() - started)) : 0,
    types: textTypes,
  })
  if (options.startupParameters) startsUpWith(client, options.startupParameters)
  const reading = lane ?? textReading(client)
  // the server reports its version at the start (ParameterStatus): kept, so nobody has to ask for it
  const parameters = new Map<string, string>()
  const connection = (client as unknown as { connection: { on: (ev: string, fn: (m: { parameterName: string; parameterValue: string }) => void) => void } }).connection
  connection.on('parameterStatus', m => { parameters.set(m.parameterName, m.parameterValue) })
  let authenticated = false
  connection.on('authenticationOk', () => { authenticated = true })
  try {
    await client.connect()
  } catch (err) {
    client.end().catch(() => {})
    const error = connectionError(options, err)
    const rejected = !authenticated && rejectedByServer(error) && error.code !== '57P03'
    throw Object.assign(error, { rejected, retryPlain: stream !== undefined && lane === undefined && rejected, passwordNeeded })
  }
  return new PgSession(client, options, lane, parameters, reading)
}

/**
 * The password for the server that asks for one, as libpq looks for it: the one given (empty is none), PGPASSWORD,
 * then the password file (PGPASSFILE, else ~/.pgpass; pg's pgpass module, not read when PGPASSWORD is set).
 */
async function password(options: PgConnectOptions): Promise<string | undefined> {
  const given = options.password || process.env.PGPASSWORD
  if (given) return given
  const pgpass = pgRequire('pgpass') as PasswordFile
  // its warnings (a file others may read) as libpq's: util.format leaves a blank before the newline
  pgpass.warnTo(new Writable({ write: (chunk: Buffer, _encoding, done) => { process.stderr.write(chunk.toString().replace(/ \n$/, '\n')); done() } }))
  return new Promise(resolve => pgpass({ host: options.host, port: options.port, database: options.database, user: options.user }, resolve))
}

/** pg's pgpass module: the password of the password file's first line that matches, if any. */
type PasswordFile = ((connection: { host: string; port: number; database: string; user: string }, found: (password?: string) => void) => void) & { warnTo(stream: Writable): void }

interface ProtocolParser {
  reader: { buffer: Buffer; offset: number; string(length: number): string; cstring(): string }
  parse(buffer: Buffer, callback: (message: { name: string }) => void): void
}

/**
 * The server's text on a connection pg reads (TLS), read as the fast lane reads it: a byte a character (decodeBytes)
 * while `rawText` says the client encoding is not UTF8, else as UTF-8. pg's parser reads every string as UTF-8: the
 * connection gets pg's own listener (Connection.attachListeners) on a parser whose reader reads them so.
 */
function textReading(client: pg.Client): { rawText: boolean } {
  const reading = { rawText: false }
  const decode = (bytes: Buffer, start: number, end: number) => reading.rawText ? decodeBytes(bytes, start, end) : bytes.toString('utf8', start, end)
  const { Parser } = pgRequire('pg-protocol/dist/parser.js') as { Parser: new () => ProtocolParser }
  const connection = (client as unknown as { connection: { attachListeners(stream: net.Socket): void; emit(event: string, message: unknown): void; _emitMessage: boolean } }).connection
  connection.attachListeners = stream => {
    const parser = new Parser()
    const reader = parser.reader
    reader.string = length => {
      const start = reader.offset
      reader.offset += length
      return decode(reader.buffer, start, reader.offset)
    }
    reader.cstring = () => {
      const start = reader.offset
      const nul = reader.buffer.indexOf(0, start)
      reader.offset = nul + 1
      return decode(reader.buffer, start, nul)
    }
    stream.on('data', (buffer: Buffer) => parser.parse(buffer, message => {
      if (connection._emitMessage) connection.emit('message', message)
      connection.emit(message.name === 'error' ? 'errorMessage' : message.name, message)
    }))
  }
  return reading
}

/**
 * The client's startup packet (StartupMessage, protocol 3.0) with these parameters too, as libpq's: pg's own always
 * ends with client_encoding UTF8.
 */
function startsUpWith(client: pg.Client, parameters: Record<string, string>): void {
  const connection = (client as unknown as { connection: { startup(config: Record<string, string>): void; stream: net.Socket } }).connection
  connection.startup = config => {
    // each name and value ends with a NUL, and the list with one more
    const pairs = Object.entries({ ...config, ...parameters }).flatMap(([name, value]) => [name, value])
    const body = Buffer.from(pairs.join('\0') + '\0\0')
    const message = Buffer.alloc(body.length + 8)
    message.writeInt32BE(message.length, 0)
    message.writeInt32BE(3 << 16, 4)
    body.copy(message, 8)
    connection.stream.write(message)
  }
}

/** connect_timeout read as libpq 15's parse_int_param and connectDBComplete read it, in milliseconds (0: none). */
function libpqTimeoutMs(options: PgConnectOptions): number {
  const text = options.connectTimeout!
  const seconds = /^[ \t\n\v\f\r]*[+-]?\d+[ \t\n\v\f\r]*$/.test(text) ? Number(text) : NaN
  if (!(seconds >= -(2 ** 31) && seconds <= 2 ** 31 - 1)) throw connectionError(options, new Error(`invalid integer value "${text}" for connection option "connect_timeout"`))
  return seconds <= 0 ? 0 : Math.max(2, seconds) * 1000
}

/** pg's Connection calls connect() on its stream and starts up at 'connect': a connected stream only says so. */
function connected(stream: net.Socket): net.Socket {
  stream.connect = (() => {
    process.nextTick(() => stream.emit('connect'))
    return stream
  }) as typeof stream.connect
  return stream
}

/** The server answered the startup with an error (not a lost connection, nor one of the client's own). */
function rejectedByServer(err: unknown): boolean {
  return (err as { cause?: unknown }).cause instanceof pg.DatabaseError
}

/** The second attempt; when it fails too, both reasons, one a line, as libpq reports every attempt. */
async function retry(first: unknown, second: () => Promise<Session>): Promise<Session> {
  try {
    return await second()
  } catch (err) {
    const w = err as WarehouseError
    throw new WarehouseError(`${(first as Error).message}\n${w.message}`, { code: w.code, severity: w.severity, detail: w.detail, hint: w.hint, cause: err })
  }
}

function connectionError(options: ConnectionInfo, err: unknown): WarehouseError {
  const e = err as { code?: string; message?: string }
  const where = options.host.startsWith('/')
    ? `connection to server on socket "${options.host}/.s.PGSQL.${options.port}" failed`
    : `connection to server at "${options.host}", port ${options.port} failed`
  if (e?.code === 'ECONNREFUSED') {
    return new WarehouseError(`${where}: Connection refused`, {
      code: '08001', hint: 'Is the server running on that host and accepting TCP/IP connections?', cause: err,
    })
  }
  if (err instanceof pg.DatabaseError) {
    const w = toWarehouseError(err)
    // libpq's text of a server's error at startup has its DETAIL and HINT lines (each attempt's, when a fallback retries)
    const more = (w.detail ? `\nDETAIL:  ${w.detail}` : '') + (w.hint ? `\nHINT:  ${w.hint}` : '')
    return new WarehouseError(`${where}: FATAL:  ${w.message}${more}`, { code: w.code, severity: 'FATAL', detail: w.detail, hint: w.hint, cause: err })
  }
  return new WarehouseError(`${where}: ${e?.message ?? String(err)}`, { code: '08001', cause: err })
}

import { createRequire } from 'node:module'
import pg from 'pg'
import type { Duplex, Readable, Writable } from 'node:stream'
import type { ConnectionInfo, DescribedField, Notice, Notification, QueryOptions, Session, StatementResult } from './session.ts'
import { DescribeStatement } from './describe-statement.ts'
import { protocolFields, toWarehouseError, type WarehouseError } from './errors.ts'
import type { FastLane } from './fast-lane.ts'
import { holdReading, startCopyIn } from './copy-data.ts'
import { isUtf8Encoding, queryMessage } from './raw-text.ts'

const NONE: Notification[] = []
const LISTEN = /\blisten\b/i

// pg-copy-streams (and node:assert with it) load on the first \copy, COPY or UNLOAD stream, not at every start
const lazyRequire = createRequire(import.meta.url)
let copyStreams: typeof import('pg-copy-streams') | undefined
const pgCopy = () => (copyStreams ??= lazyRequire('pg-copy-streams') as typeof import('pg-copy-streams'))

/** A pg client's session (opened by pg-connect.ts); plain queries go through the fast lane when it has one. */
export class PgSession implements Session {
  private noticeHandler?: (n: Notice) => void
  private status: 'I' | 'T' | 'E' = 'I'
  private notifications: Notification[] = []
  /** A LISTEN was sent (sendsAhead). */
  private listening = false

  /**
   * How the server's text is read (the lane's, or pg's reader over TLS: pg-connect.ts): `rawText` a byte a character
   * (decodeBytes) in a client encoding that is not UTF8.
   */
  private readonly reading: { rawText: boolean }

  constructor(private readonly client: pg.Client, readonly info: ConnectionInfo, private readonly lane: FastLane | undefined, private readonly parameters: Map<string, string>, reading?: { rawText: boolean }) {
    this.reading = lane ?? reading ?? { rawText: false }
    this.reading.rawText = !isUtf8Encoding(parameters.get('client_encoding'))
    client.on('notice', (msg: { severity?: string; code?: string; message?: string; detail?: string; hint?: string; where?: string }) => {
      this.noticeHandler?.({ severity: msg.severity ?? 'NOTICE', code: msg.code, message: msg.message ?? '', detail: msg.detail, hint: msg.hint, where: msg.where, serverFields: protocolFields(msg) })
    })
    client.on('error', () => {}) // a dead connection surfaces on the next query instead
    // NOTIFYs: the lane's while its query runs, pg's between queries
    client.on('notification', (m: { channel: string; payload?: string; processId: number }) => {
      this.notifications.push({ channel: m.channel, payload: m.payload ?? '', processId: m.processId })
    })
    if (lane) lane.onNotification = n => { this.notifications.push(n) }
    // ReadyForQuery carries the transaction status: I (idle), T (in a block), E (failed block).
    const connection = (client as unknown as { connection: { on: <M>(ev: string, fn: (m: M) => void) => void } }).connection
    // ParameterStatus: the lane's at once while its query runs (pg hears of them later), pg's between queries
    if (lane) lane.onParameterStatus = (name, value) => this.parameterStatus(name, value)
    connection.on('parameterStatus', (m: { parameterName: string; parameterValue: string }) => {
      if (!lane?.busy) this.parameterStatus(m.parameterName, m.parameterValue)
    })
    connection.on('readyForQuery', (msg: { status: string }) => { this.status = msg.status as 'I' | 'T' | 'E' })
    // pg routes no CopyOutResponse to a query (pg-copy-streams reads its own): a plain query's COPY TO STDOUT
    connection.on('copyOutResponse', () => {
      const active = (client as unknown as { _activeQuery: unknown })._activeQuery
      if (active instanceof SimpleQuery) active.handleCopyOutResponse()
    })
  }

  get inTransaction(): boolean {
    return this.status !== 'I'
  }

  get transactionStatus(): 'I' | 'T' | 'E' {
    return this.status
  }

  takeNotifications(): Notification[] {
    if (this.notifications.length === 0) return NONE
    const taken = this.notifications
    this.notifications = []
    return taken
  }

  /**
   * Through the fast lane (a plain socket; pipelines are its own), until the session listens: the server sends a
   * pipeline's notifications at its end, not after the statement that made them, as it does a Query message's.
   */
  get sendsAhead(): boolean {
    return this.lane !== undefined && !this.listening
  }

  get sentAhead(): number {
    return this.lane?.aheadCount ?? 0
  }

  get serverVersion(): string | undefined {
    return this.parameters.get('server_version')
  }

  parameter(name: string): string | undefined {
    return this.parameters.get(name)
  }

  /** A parameter the server reports; the client encoding tells how to read the server's text. */
  private parameterStatus(name: string, value: string): void {
    this.parameters.set(name, value)
    if (name === 'client_encoding') this.reading.rawText = !isUtf8Encoding(value)
  }

  query(sql: string, options?: QueryOptions): Promise<StatementResult[]> {
    if (!this.listening && LISTEN.test(sql)) this.listening = true
    if (options?.ahead && !this.sendsAhead) options = { ...options, ahead: undefined }
    // statements sent ahead (QueryOptions.ahead) are asked for in order, before anything else
    if (this.lane?.nextAhead !== undefined) return this.laneQuery(sql, options)
    if (this.lane?.usable && this.pgReady) return this.laneQuery(sql, options)
    this.noticeHandler = options?.onNotice
    return new Promise<StatementResult[]>((resolve, reject) => {
      this.client.query(new SimpleQuery(sql, options, (err, results) => {
        this.noticeHandler = undefined
        if (err) this.afterReadyForQuery(err, () => reject(this.failure(err)))
        else resolve(results!)
      }) as never)
    })
  }

  /**
   * pg hands a server's error over at its ErrorResponse, before the ReadyForQuery that follows: the caller
   * hears of it after that, when transactionStatus tells what the error left (E in a block), or when the
   * connection ended.
   */
  private afterReadyForQuery(err: Error, settle: () => void): void {
    const c = this.client as unknown as { _ended?: boolean; _queryable: boolean; connection: { on(e: string, f: () => void): void; off(e: string, f: () => void): void } }
    if (!(err instanceof pg.DatabaseError) || c._ended || !c._queryable) return settle()
    const done = () => {
      c.connection.off('readyForQuery', done)
      c.connection.off('end', done)
      settle()
    }
    c.connection.on('readyForQuery', done)
    c.connection.on('end', done)
  }

  /** What pg's query failed with, as a WarehouseError that says whether the connection went with it. */
  private failure(err: Error): WarehouseError {
    const w = toWarehouseError(err)
    // pg marks its client ended when the socket closed, not queryable when the socket failed
    const c = this.client as unknown as { _ended?: boolean; _queryable: boolean }
    if (c._ended || !c._queryable) w.connectionLost = true
    return w
  }

  /** pg has the connection open and no query running or queued (COPY streams go through pg). */
  private get pgReady(): boolean {
    const c = this.client as unknown as { readyForQuery: boolean; _queryQueue: unknown[]; _queryable: boolean; _ending: boolean }
    return c.readyForQuery === true && c._queryQueue.length === 0 && c._queryable && !c._ending
  }

  /** Runs a query in the fast lane (laneDone). */
  private laneQuery(sql: string, options?: QueryOptions): Promise<StatementResult[]> {
    return new Promise<StatementResult[]>((resolve, reject) => {
      const query = new SimpleQuery(sql, options, (err, results) => {
        if (err) reject(toWarehouseError(err))
        else resolve(results!)
      })
      this.lane!.query(sql, query, options, this.laneDone())
    })
  }

  /** In the fast lane when it can (its RowDescription read as the lane reads a query's: decodeBytes in a client encoding not UTF8). */
  describe(sql: string): Promise<DescribedField[]> {
    const inLane = this.lane?.usable && this.pgReady
    return new Promise<DescribedField[]>((resolve, reject) => {
      const statement = new DescribeStatement(sql, (err, fields) => {
        if (!err) resolve(fields!)
        else if (inLane) reject(toWarehouseError(err))
        else this.afterReadyForQuery(err, () => reject(this.failure(err)))
      })
      if (inLane) this.lane!.describe(sql, statement, this.laneDone())
      else this.client.query(statement as never)
    })
  }

  /**
   * pg marked busy while the lane runs, so a COPY started now waits its turn; the lane's end frees it (a
   * pipeline's: its last statement asked for; pg's writes then go after the pipeline's, answered after it).
   */
  private laneDone(): (transactionStatus: string) => void {
    const c = this.client as unknown as { readyForQuery: boolean; _pulseQueryQueue(): void }
    c.readyForQuery = false
    return status => {
      this.status = status as 'I' | 'T' | 'E'
      if (this.lane!.nextAhead !== undefined) return
      c.readyForQuery = true
      c._pulseQueryQueue()
    }
  }

  copyFrom(sql: string): Writable {
    return this.client.query(sentAsBytes(pgCopy().from(sql)))
  }

  copyTo(sql: string): Readable {
    return this.client.query(sentAsBytes(pgCopy().to(sql)))
  }

  async cancel(): Promise<void> {
    const c = this.client as unknown as { processID: number; secretKey: number; connectionParameters: pg.ClientConfig }
    const canceller = new pg.Client({ ...this.info, ssl: false, password: (this.client as unknown as { password?: string }).password })
    // The wire protocol's CancelRequest goes over a fresh connection, as libpq's PQcancel does.
    const con = (canceller as unknown as { connection: { connect: (port: number | string, host?: string) => void; on: (e: string, f: () => void) => void; cancel: (pid: number, key: number) => void; end: () => void } }).connection
    await new Promise<void>(resolve => {
      con.on('connect', () => { con.cancel(c.processID, c.secretKey); resolve() })
      con.on('error', () => resolve())
      // a host that is a folder names the server's Unix-domain socket, as for the session itself
      if (this.info.host.startsWith('/')) con.connect(`${this.info.host}/.s.PGSQL.${this.info.port}`)
      else con.connect(this.info.port, this.info.host)
    })
  }

  async close(): Promise<void> {
    // pg's end() waits for the server to finish the statement unless its own query runs: a lane query is cut off
    if (this.lane?.busy) this.lane.socket.destroy()
    await this.client.end().catch(() => {})
  }
}

/**
 * One simple-protocol Query (psql's PQexec), as a pg "submittable": the rows are kept as the arrays of
 * text the protocol parser made (pg's own Query copies each row through its type parsers, and builds a
 * Result per statement), so a large result costs one array and its strings per row.
 */
class SimpleQuery {
  private readonly results: StatementResult[] = []
  private current: StatementResult | undefined
  /** The COPY … FROM STDIN whose data is being sent: ended when the server answers (copy-data.ts) */
  private copy: { end(): void } | undefined

  constructor(
    private readonly text: string,
    private readonly options: QueryOptions | undefined,
    public callback: ((err: Error | null, results?: StatementResult[]) => void) | undefined,
  ) {}

  submit(connection: { query(text: string): void; _send(message: Buffer): void }): null {
    // pg writes text as UTF-8: bytes a script carries that are not (raw-text.ts) are written as they are
    if (this.text.isWellFormed()) connection.query(this.text)
    else connection._send(queryMessage(this.text))
    return null
  }

  /** The result the next message belongs to: a new one after a statement completed. */
  private open(): StatementResult {
    if (!this.current) {
      this.current = { command: '', commandTag: '', rowCount: null, fields: [], rows: [], tuples: false }
      this.results.push(this.current)
    }
    return this.current
  }

  handleRowDescription(msg: { fields: { name: string; dataTypeID: number }[] }): void {
    const r = this.open()
    r.fields = msg.fields.map(f => ({ name: f.name, dataTypeID: f.dataTypeID }))
    r.tuples = true
  }

  handleDataRow(msg: { fields: (string | null)[] }): void {
    const r = this.open()
    const onRow = this.options?.onRow
    if (onRow) onRow(msg.fields, r)
    else r.rows.push(msg.fields)
  }

  handleCommandComplete(msg: { text?: string; command?: string }): void {
    this.copy?.end()
    const r = this.open()
    const tag = msg.text ?? msg.command ?? ''
    const verb = tag.slice(0, tag.indexOf(' ') >>> 0)
    const count = tag.slice(tag.lastIndexOf(' ') + 1)
    const counted = COUNTED_TAGS.has(verb) && count.length > 0 && count.length < tag.length && isDigits(count)
    r.command = counted ? verb : tag
    r.commandTag = tag
    r.rowCount = counted ? count : null
    this.current = undefined
  }

  handleEmptyQuery(): void {
    this.open()
  }

  handleCopyOutResponse(): void {
    this.open().copyOut = true
    this.options?.onCopyOut?.(this.results.slice(0, -1))
  }

  handleError(err: Error): void {
    this.copy?.end()
    const callback = this.callback
    this.callback = undefined
    // the statements that completed before the failing one (an open result is the failing one's)
    const results = this.current ? this.results.slice(0, -1) : this.results
    callback?.(Object.assign(err, { results }))
  }

  handleReadyForQuery(): void {
    this.copy?.end()
    if (this.results.length === 0) this.open()
    const callback = this.callback
    this.callback = undefined
    callback?.(null, this.results)
  }

  // CopyData and the rest written to pg's stream as the lane writes them to its socket (copy-data.ts), waiting for drain
  handleCopyInResponse(connection: { stream: Duplex }): void {
    this.copy = startCopyIn(connection.stream, this.options?.copyIn?.())
  }

  handleCopyData(msg: { chunk: Buffer }, connection: { stream: Duplex }): void {
    const wait = this.options?.copyOut?.(msg.chunk)
    if (wait) holdReading(connection.stream, wait)
  }

  handlePortalSuspended(): void {}
}

// Tags that end in a row count (`INSERT oid rows` has the OID between), read without a regular
// expression: every statement of a script has one.
const COUNTED_TAGS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'MOVE', 'FETCH', 'COPY'])

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x30 || c > 0x39) return false
  }
  return true
}

type PgConnection = { query(text: string): void; _send(message: Buffer): void }

/**
 * A pg-copy-streams COPY whose statement carries bytes that are not UTF-8 (raw-text.ts): its Query message is written
 * with them, as SimpleQuery's is (the stream goes on with the connection itself).
 */
function sentAsBytes<T extends { text: string }>(copy: T): T {
  if (copy.text.isWellFormed()) return copy
  const submittable = copy as unknown as { submit(connection: PgConnection): void }
  const submit = submittable.submit
  submittable.submit = connection => submit.call(copy, Object.assign(Object.create(connection) as PgConnection, { query: (text: string) => connection._send(queryMessage(text)) }))
  return copy
}

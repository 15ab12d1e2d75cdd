import pg from 'pg'
import pgCopy from 'pg-copy-streams'
import type { Readable, Writable } from 'node:stream'
import type { ConnectionInfo, Notice, QueryOptions, Session, StatementResult } from './session.ts'
import { toWarehouseError, WarehouseError } from './errors.ts'

// pg keeps only the command tag's first word and parses its count into a float; psql prints the
// whole tag (`CREATE TABLE`, `INSERT 0 1`) and RSQL's ACTIVITYCOUNT is 64-bit, so keep the raw text too.
const ResultProto = (pg as unknown as { Result: { prototype: Record<string, unknown> } }).Result.prototype
const addCommandComplete = ResultProto.addCommandComplete as (this: Record<string, unknown>, msg: { text?: string; command?: string }) => void
ResultProto.addCommandComplete = function (this: Record<string, unknown>, msg: { text?: string; command?: string }) {
  this.commandTag = msg.text ?? msg.command
  addCommandComplete.call(this, msg)
}

// Every value stays the server's text: output formats print exactly what psql prints.
const textTypes = { getTypeParser: () => (value: string) => value }

export interface PgConnectOptions extends ConnectionInfo {
  password?: string
  ssl?: boolean | { rejectUnauthorized: boolean }
  applicationName?: string
  connectTimeoutMs?: number
}

/** Opens a Session over the Postgres wire protocol (local warehouse, any Postgres, Redshift). */
export async function connectPg(options: PgConnectOptions): Promise<Session> {
  const client = new pg.Client({
    host: options.host,
    port: options.port,
    database: options.database,
    user: options.user,
    password: options.password,
    ssl: options.ssl,
    application_name: options.applicationName ?? 'rsqlflow',
    connectionTimeoutMillis: options.connectTimeoutMs ?? 30_000,
    types: textTypes,
  })
  try {
    await client.connect()
  } catch (err) {
    client.end().catch(() => {})
    throw connectionError(options, err)
  }
  return new PgSession(client, options)
}

function connectionError(options: ConnectionInfo, err: unknown): WarehouseError {
  const e = err as { code?: string; message?: string }
  const where = `connection to server at "${options.host}", port ${options.port} failed`
  if (e?.code === 'ECONNREFUSED') {
    return new WarehouseError(`${where}: Connection refused`, {
      code: '08001', hint: 'Is the server running on that host and accepting TCP/IP connections?', cause: err,
    })
  }
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
    const w = toWarehouseError(err)
    return new WarehouseError(`${where}: FATAL:  ${w.message}`, { code: w.code, severity: 'FATAL', detail: w.detail, hint: w.hint, cause: err })
  }
  return new WarehouseError(`${where}: ${e?.message ?? String(err)}`, { code: '08001', cause: err })
}

class PgSession implements Session {
  private noticeHandler?: (n: Notice) => void
  private transactionStatus = 'I'

  constructor(private readonly client: pg.Client, readonly info: ConnectionInfo) {
    client.on('notice', (msg: { severity?: string; code?: string; message?: string; detail?: string; hint?: string }) => {
      this.noticeHandler?.({ severity: msg.severity ?? 'NOTICE', code: msg.code, message: msg.message ?? '', detail: msg.detail, hint: msg.hint })
    })
    client.on('error', () => {}) // a dead connection surfaces on the next query instead
    // ReadyForQuery carries the transaction status: I (idle), T (in a block), E (failed block).
    const connection = (client as unknown as { connection: { on: (ev: string, fn: (m: { status: string }) => void) => void } }).connection
    connection.on('readyForQuery', msg => { this.transactionStatus = msg.status })
  }

  get inTransaction(): boolean {
    return this.transactionStatus !== 'I'
  }

  async query(sql: string, options?: QueryOptions): Promise<StatementResult[]> {
    this.noticeHandler = options?.onNotice
    try {
      const res = await this.client.query({ text: sql, rowMode: 'array' })
      const list = (Array.isArray(res) ? res : [res]) as unknown as RawResult[]
      return list.map(toStatementResult)
    } catch (err) {
      throw toWarehouseError(err)
    } finally {
      this.noticeHandler = undefined
    }
  }

  copyFrom(sql: string): Writable {
    return this.client.query(pgCopy.from(sql))
  }

  copyTo(sql: string): Readable {
    return this.client.query(pgCopy.to(sql))
  }

  async cancel(): Promise<void> {
    const c = this.client as unknown as { processID: number; secretKey: number; connectionParameters: pg.ClientConfig }
    const canceller = new pg.Client({ ...this.info, password: (this.client as unknown as { password?: string }).password })
    // The wire protocol's CancelRequest goes over a fresh connection, as libpq's PQcancel does.
    const con = (canceller as unknown as { connection: { connect: (port: number, host: string) => void; on: (e: string, f: () => void) => void; cancel: (pid: number, key: number) => void; end: () => void } }).connection
    await new Promise<void>(resolve => {
      con.on('connect', () => { con.cancel(c.processID, c.secretKey); resolve() })
      con.on('error', () => resolve())
      con.connect(this.info.port, this.info.host)
    })
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {})
  }
}

interface RawResult {
  command: string | null
  commandTag?: string
  rowCount: number | null
  fields: { name: string; dataTypeID: number }[]
  rows: (string | null)[][]
}

// Tags that end in a row count; `INSERT oid rows` has the OID between.
const countedTag = /^(SELECT|INSERT \d+|UPDATE|DELETE|MERGE|MOVE|FETCH|COPY) (\d+)$/

function toStatementResult(r: RawResult): StatementResult {
  const tag = r.commandTag ?? r.command ?? ''
  const m = countedTag.exec(tag)
  return {
    command: m ? m[1].split(' ')[0] : tag,
    commandTag: tag,
    rowCount: m ? m[2] : null,
    fields: r.fields.map(f => ({ name: f.name, dataTypeID: f.dataTypeID })),
    rows: r.rows,
  }
}

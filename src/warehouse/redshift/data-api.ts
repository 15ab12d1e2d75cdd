/**
 * The `redshift-data` target: a Session over the Redshift Data API. One statement goes as
 * ExecuteStatement, several as BatchExecuteStatement (one transaction, as the API runs them);
 * DescribeStatement is polled with backoff; GetStatementResult is paged with NextToken. The first call
 * opens a Data API session (SessionKeepAliveSeconds) and later calls reuse it (SessionId), so temp
 * tables and transaction blocks live across statements as on a connection.
 * A failed statement is not an API error: its `Error` text becomes a WarehouseError with a SQLSTATE.
 */
import { Writable, Readable } from 'node:stream'
import {
  RedshiftDataClient, ExecuteStatementCommand, BatchExecuteStatementCommand, DescribeStatementCommand,
  GetStatementResultCommand, CancelStatementCommand, type DescribeStatementResponse, type Field as DataField, type ColumnMetadata,
} from '@aws-sdk/client-redshift-data'
import type { ConnectionInfo, QueryOptions, Session, StatementResult } from '../session.ts'
import { WarehouseError } from '../errors.ts'
import { columnField, commandTag, fieldText, splitStatements, statementError } from './data-results.ts'
import type { RedshiftDataTarget } from './targets.ts'

const keepAliveSeconds = 3600
const maxPollMs = 2000

export interface DataApiOptions {
  /** Waits between polls; tests pass a faster one. */
  sleep?: (ms: number) => Promise<void>
}

export function connectRedshiftData(target: RedshiftDataTarget, options: DataApiOptions = {}): Session {
  if (!target.clusterId === !target.workgroup) {
    throw new WarehouseError('a redshift-data target needs exactly one of clusterId (provisioned) or workgroup (Serverless)', { code: '08001' })
  }
  return new DataApiSession(target, options)
}

class DataApiSession implements Session {
  readonly info: ConnectionInfo
  private readonly client: RedshiftDataClient
  private sessionId?: string
  private running?: string
  private transaction = false
  private readonly sleep: (ms: number) => Promise<void>

  constructor(private readonly target: RedshiftDataTarget, options: DataApiOptions) {
    this.client = new RedshiftDataClient({ region: target.region, ...(target.endpoint ? { endpoint: target.endpoint } : {}) })
    this.info = { host: target.clusterId ?? target.workgroup!, port: 443, database: target.database, user: target.dbUser ?? '' }
    this.sleep = options.sleep ?? (ms => new Promise(r => setTimeout(r, ms)))
  }

  get inTransaction(): boolean {
    return this.transaction
  }

  async query(sql: string, _options?: QueryOptions): Promise<StatementResult[]> {
    const statements = splitStatements(sql)
    if (statements.length === 0) return []
    const where = this.sessionId
      ? { SessionId: this.sessionId }
      : {
          Database: this.target.database, ClusterIdentifier: this.target.clusterId, WorkgroupName: this.target.workgroup,
          DbUser: this.target.dbUser, SecretArn: this.target.secretArn, SessionKeepAliveSeconds: keepAliveSeconds,
        }
    const started = await this.call(() => statements.length === 1
      ? this.client.send(new ExecuteStatementCommand({ Sql: statements[0], ...where }))
      : this.client.send(new BatchExecuteStatementCommand({ Sqls: statements, ...where })))
    this.sessionId = started.SessionId ?? this.sessionId
    this.running = started.Id
    try {
      const done = await this.wait(started.Id!)
      const parts = statements.length === 1 ? [{ ...done, Id: started.Id }] : (done.SubStatements ?? [])
      const results: StatementResult[] = []
      for (let k = 0; k < statements.length; k++) {
        const part = parts[k] ?? {}
        results.push(await this.result(part.Id ?? `${started.Id}:${k + 1}`, statements[k], part.HasResultSet ?? false, part.ResultRows))
        this.track(statements[k])
      }
      return results
    } finally {
      this.running = undefined
    }
  }

  private async wait(id: string): Promise<DescribeStatementResponse> {
    let delay = this.target.pollMs ?? 50
    for (;;) {
      const d = await this.call(() => this.client.send(new DescribeStatementCommand({ Id: id })))
      if (d.Status === 'FINISHED') return d
      if (d.Status === 'FAILED') {
        const failed = d.SubStatements?.find(s => s.Status === 'FAILED')
        throw statementError(failed?.Error ?? d.Error ?? 'statement failed')
      }
      if (d.Status === 'ABORTED') throw new WarehouseError('canceling statement due to user request', { code: '57014' })
      await this.sleep(delay)
      delay = Math.min(maxPollMs, Math.ceil(delay * 1.5))
    }
  }

  private async result(id: string, sql: string, hasResultSet: boolean, resultRows: number | undefined): Promise<StatementResult> {
    if (!hasResultSet) return { ...commandTag(sql, resultRows), fields: [], rows: [] }
    let columns: ColumnMetadata[] = []
    const rows: (string | null)[][] = []
    let token: string | undefined
    do {
      const page = await this.call(() => this.client.send(new GetStatementResultCommand({ Id: id, NextToken: token })))
      if (page.ColumnMetadata?.length) columns = page.ColumnMetadata
      for (const record of page.Records ?? []) rows.push(record.map((f: DataField) => fieldText(f)))
      token = page.NextToken
    } while (token)
    return { ...commandTag(sql, rows.length), fields: columns.map(columnField), rows }
  }

  private track(sql: string): void {
    const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase()
    if (verb === 'BEGIN' || (verb === 'START' && /^\s*start\s+transaction/i.test(sql))) this.transaction = true
    if (verb === 'COMMIT' || verb === 'END' || verb === 'ROLLBACK' || verb === 'ABORT') this.transaction = false
  }

  /** Runs one API call; an API error becomes a WarehouseError naming the AWS error. */
  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send()
    } catch (err) {
      const e = err as { name?: string; message?: string }
      throw new WarehouseError(`redshift data api: ${e.name ?? 'Error'}: ${e.message ?? String(err)}`, { code: '08006', detail: e.name, cause: err })
    }
  }

  copyFrom(_sql: string): Writable {
    throw new WarehouseError('COPY … FROM STDIN is not supported by the Redshift Data API', { code: '0A000', hint: "load with COPY … FROM 's3://…'" })
  }

  copyTo(_sql: string): Readable {
    throw new WarehouseError('COPY … TO STDOUT is not supported by the Redshift Data API', { code: '0A000', hint: "export with UNLOAD … TO 's3://…'" })
  }

  async cancel(): Promise<void> {
    if (this.running) await this.call(() => this.client.send(new CancelStatementCommand({ Id: this.running })))
  }

  async close(): Promise<void> {
    this.client.destroy()
  }
}

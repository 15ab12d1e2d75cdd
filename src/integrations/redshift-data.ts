import { randomUUID } from 'node:crypto'
import type { Session, StatementResult } from '../warehouse/index.ts'
import { TaskError, sdkCause } from './errors.ts'
import type { TaskInvocation } from './types.ts'

/** Where Data API statements run: sessions on the configured warehouse, and how SQL is executed on one. */
export interface DataApiWarehouse {
  openSession(): Promise<Session>
  /** Defaults to `session.query`; the composition passes the Redshift dialect (`executeRedshift`). */
  execute?(session: Session, sql: string): Promise<StatementResult[]>
}

export class DataApiError extends Error {
  constructor(readonly code: 'ValidationException' | 'ResourceNotFoundException' | 'ExecuteStatementException' | 'ActiveStatementsExceededException', message: string) { super(message) }
}

type Status = 'SUBMITTED' | 'PICKED' | 'STARTED' | 'FINISHED' | 'ABORTED' | 'FAILED'
interface Statement {
  Id: string; QueryString: string; Status: Status; Error?: string; CreatedAt: Date; UpdatedAt: Date; Duration: number
  HasResultSet: boolean; ResultRows: number; ResultSize: number; StatementName?: string; Database?: string
  ClusterIdentifier?: string; WorkgroupName?: string; DbUser?: string; SecretArn?: string; SessionId?: string
  QueryParameters?: { name: string; value: string }[]; RedshiftPid?: number; SubStatements?: Statement[]
  result?: StatementResult; session?: Session; started?: bigint
}

const TYPE_NAMES: Record<number, string> = { 16: 'bool', 20: 'int8', 21: 'int2', 23: 'int4', 25: 'text', 700: 'float4', 701: 'float8', 1042: 'bpchar', 1043: 'varchar', 1082: 'date', 1114: 'timestamp', 1184: 'timestamptz', 1700: 'numeric' }

/** A Data API `Field`: longValue for integers, doubleValue for floats, booleanValue, isNull; text (and DECIMAL) as stringValue. */
function field(value: string | null, oid: number): Record<string, unknown> {
  if (value === null) return { isNull: true }
  if (oid === 16) return { booleanValue: value === 't' || value === 'true' }
  if (oid === 20 || oid === 21 || oid === 23) return { longValue: Number(value) }
  if (oid === 700 || oid === 701) return { doubleValue: Number(value) }
  return { stringValue: value }
}

/**
 * Binds `:name` parameters as quoted literals (outside quotes, never `::casts`), written as Redshift reads a
 * literal: a backslash is an escape there, so the value's own backslashes are doubled.
 */
export function bindParameters(sql: string, params: { name: string; value: string }[] = []): string {
  if (!params.length) return sql
  const values = new Map(params.map(p => [p.name, p.value]))
  return sql.replace(/'(?:[^'\\]|''|\\[\s\S])*'|"(?:[^"]|"")*"|::|:([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name?: string) => {
    if (!name) return whole
    const v = values.get(name)
    if (v === undefined) throw new DataApiError('ValidationException', `parameter :${name} has no value`)
    return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
  })
}

/** The Redshift Data API against the configured warehouse: statements run asynchronously and are described and fetched by Id. */
export class RedshiftDataService {
  private statements = new Map<string, Statement>()
  private sessions = new Map<string, Session>()
  constructor(private readonly warehouse: DataApiWarehouse) {}

  private base(p: Record<string, unknown>, sql: string): Statement {
    const now = new Date()
    return {
      Id: randomUUID(), QueryString: sql, Status: 'SUBMITTED', CreatedAt: now, UpdatedAt: now, Duration: -1, HasResultSet: false, ResultRows: -1, ResultSize: -1,
      StatementName: p.StatementName as string | undefined, Database: p.Database as string | undefined, ClusterIdentifier: p.ClusterIdentifier as string | undefined,
      WorkgroupName: p.WorkgroupName as string | undefined, DbUser: p.DbUser as string | undefined, SecretArn: p.SecretArn as string | undefined,
    }
  }

  executeStatement(p: Record<string, unknown>): Record<string, unknown> {
    if (typeof p.Sql !== 'string' || !p.Sql.trim()) throw new DataApiError('ValidationException', 'Sql is required')
    const params = p.Parameters as { name: string; value: string }[] | undefined
    const st = this.base(p, p.Sql)
    st.QueryParameters = params
    const sql = bindParameters(p.Sql, params)
    this.statements.set(st.Id, st)
    void this.run(st, [sql], p)
    return this.echo(st)
  }

  batchExecuteStatement(p: Record<string, unknown>): Record<string, unknown> {
    const sqls = p.Sqls as string[] | undefined
    if (!Array.isArray(sqls) || !sqls.length) throw new DataApiError('ValidationException', 'Sqls must have 1 to 40 statements')
    const st = this.base(p, sqls.join('; '))
    st.SubStatements = sqls.map((s, i) => ({ ...this.base(p, s), Id: `${st.Id}:${i + 1}` }))
    this.statements.set(st.Id, st)
    void this.run(st, sqls, p)
    return this.echo(st)
  }

  private echo(st: Statement): Record<string, unknown> {
    const out: Record<string, unknown> = { Id: st.Id, CreatedAt: st.CreatedAt, Database: st.Database, ClusterIdentifier: st.ClusterIdentifier, WorkgroupName: st.WorkgroupName, DbUser: st.DbUser, SecretArn: st.SecretArn, SessionId: st.SessionId }
    for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k]
    return out
  }

  private async run(st: Statement, sqls: string[], p: Record<string, unknown>): Promise<void> {
    const keep = typeof p.SessionKeepAliveSeconds === 'number' && p.SessionKeepAliveSeconds > 0
    let session: Session
    try {
      if (typeof p.SessionId === 'string') {
        const s = this.sessions.get(p.SessionId)
        if (!s) throw new DataApiError('ValidationException', `session does not exist: ${p.SessionId}`)
        session = s
        st.SessionId = p.SessionId
      } else {
        session = await this.warehouse.openSession()
        if (keep) { st.SessionId = randomUUID(); this.sessions.set(st.SessionId, session) }
      }
    } catch (e) { return this.finish(st, 'FAILED', (e as Error).message) }
    st.session = session
    st.Status = 'STARTED'; st.started = process.hrtime.bigint(); st.UpdatedAt = new Date()
    const exec = (sql: string) => this.warehouse.execute ? this.warehouse.execute(session, sql) : session.query(sql)
    try {
      if (st.SubStatements) {
        await exec('begin')
        for (const sub of st.SubStatements) {
          sub.Status = 'STARTED'
          try { const r = await exec(sub.QueryString); this.record(sub, r.at(-1)); sub.Status = 'FINISHED' } catch (e) { sub.Status = 'FAILED'; sub.Error = (e as Error).message; throw e }
        }
        await exec('commit')
      } else {
        const results = await exec(sqls[0])
        this.record(st, results.at(-1))
      }
      this.finish(st, (st.Status as Status) === 'ABORTED' ? 'ABORTED' : 'FINISHED')
    } catch (e) {
      if (st.SubStatements) await exec('rollback').catch(() => {})
      for (const sub of st.SubStatements ?? []) if (sub.Status === 'SUBMITTED') sub.Status = 'ABORTED'
      this.finish(st, (st.Status as Status) === 'ABORTED' ? 'ABORTED' : 'FAILED', (e as Error).message)
    } finally {
      if (!st.SessionId) await session.close().catch(() => {})
      st.session = undefined
    }
  }

  private record(st: Statement, r: StatementResult | undefined): void {
    if (!r) return
    st.result = r
    st.HasResultSet = r.tuples ?? r.fields.length > 0
    st.ResultRows = r.rowCount === null ? (r.fields.length ? r.rows.length : -1) : Number(r.rowCount)
    st.ResultSize = st.HasResultSet ? Buffer.byteLength(JSON.stringify(r.rows)) : -1
  }

  private finish(st: Statement, status: Status, error?: string): void {
    st.Status = status
    if (error) st.Error = error
    st.UpdatedAt = new Date()
    st.Duration = st.started ? Number(process.hrtime.bigint() - st.started) : -1
  }

  private find(id: string): Statement {
    const [parent, sub] = id.split(':')
    const st = this.statements.get(parent)
    const found = sub ? st?.SubStatements?.[Number(sub) - 1] : st
    if (!found) throw new DataApiError('ResourceNotFoundException', `Query does not exist: ${id}`)
    return found
  }

  describeStatement(p: { Id?: string }): Record<string, unknown> {
    const st = this.find(p.Id ?? '')
    const { result: _r, session: _s, started: _t, SubStatements, ...rest } = st
    return { ...rest, ...(SubStatements ? { SubStatements: SubStatements.map(s => ({ Id: s.Id, Status: s.Status, Error: s.Error, QueryString: s.QueryString, HasResultSet: s.HasResultSet, ResultRows: s.ResultRows, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, Duration: s.Duration })) } : {}) }
  }

  getStatementResult(p: { Id?: string }): Record<string, unknown> {
    const st = this.find(p.Id ?? '')
    if (st.Status !== 'FINISHED' || !st.result || !st.HasResultSet) throw new DataApiError('ResourceNotFoundException', 'Query does not have result. Please check query status with DescribeStatement.')
    const r = st.result
    return {
      ColumnMetadata: r.fields.map(f => ({ name: f.name, label: f.name, typeName: TYPE_NAMES[f.dataTypeID] ?? String(f.dataTypeID), nullable: 1, isCaseSensitive: false, isCurrency: false, isSigned: [20, 21, 23, 700, 701, 1700].includes(f.dataTypeID), length: 0, precision: 0, scale: 0, schemaName: '', tableName: '' })),
      Records: r.rows.map(row => row.map((v, i) => field(v, r.fields[i].dataTypeID))),
      TotalNumRows: r.rows.length,
    }
  }

  cancelStatement(p: { Id?: string }): { Status: boolean } {
    const st = this.find(p.Id ?? '')
    if (st.Status !== 'STARTED' && st.Status !== 'SUBMITTED') return { Status: false }
    st.Status = 'ABORTED'
    st.session?.cancel().catch(() => {})
    return { Status: true }
  }

  listStatements(p: { Status?: string; StatementName?: string; MaxResults?: number }): Record<string, unknown> {
    const all = [...this.statements.values()].filter(s => (!p.Status || p.Status === 'ALL' || s.Status === p.Status) && (!p.StatementName || s.StatementName?.startsWith(p.StatementName)))
    return { Statements: all.slice(-(p.MaxResults ?? 100)).reverse().map(s => ({ Id: s.Id, Status: s.Status, QueryString: s.QueryString, StatementName: s.StatementName, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, IsBatchStatement: !!s.SubStatements })) }
  }

  async close(): Promise<void> { for (const s of this.sessions.values()) await s.close().catch(() => {}); this.sessions.clear() }
}

const ACTIONS = ['executeStatement', 'batchExecuteStatement', 'describeStatement', 'getStatementResult', 'cancelStatement', 'listStatements'] as const

/** `arn:aws:states:::aws-sdk:redshiftdata:<action>`; errors become `RedshiftData.<Exception>`. */
export function redshiftDataSdk(service: RedshiftDataService) {
  return async (task: TaskInvocation): Promise<unknown> => {
    const action = task.resource.resource as (typeof ACTIONS)[number]
    if (!ACTIONS.includes(action)) throw new TaskError('States.Runtime', `the Redshift Data API action ${action} is not supported locally (supported: ${ACTIONS.join(', ')})`)
    try {
      const out = service[action]((task.parameters ?? {}) as never)
      return JSON.parse(JSON.stringify(out))
    } catch (e) {
      if (e instanceof DataApiError) throw new TaskError(`RedshiftData.${e.code}`, sdkCause(e.message, 'RedshiftData', e.code === 'ResourceNotFoundException' ? 404 : 400, e.code))
      throw e
    }
  }
}

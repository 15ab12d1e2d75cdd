import type { Database } from 'better-sqlite3'
import { pidAlive, registerMigration } from '../store/index.ts'
import type { ExecutorName, JobDetail, JobStatus, LogEvent } from './types.ts'

/** A job as the scheduler keeps it: the AWS JobDetail plus what only this implementation needs. */
export interface JobRecord {
  detail: JobDetail
  queueName: string
  executor: ExecutorName
  vcpus: number
  /** For an array child, the parent's job ID. */
  parentId?: string
  /** Job IDs this job still waits for (dependsOn, N_TO_N, SEQUENTIAL, and its array parent's). */
  waitsFor: string[]
  /** The pid of the process running the attempt (set from STARTING until the attempt ends). */
  owner?: number
  /** A retried job goes to the front of its queue. */
  front?: boolean
  /** CancelJob on a PENDING job takes effect when its dependencies complete. */
  cancelReason?: string
}

/** Schema migrations for the store's list; each statement is idempotent, so applying twice is harmless. */
export const batchMigrations: { id: string; sql: string }[] = [{
  id: 'batch-001-jobs-and-logs',
  sql: `
    create table if not exists batch_jobs (
      seq integer primary key,
      job_id text not null unique,
      queue text not null,
      status text not null,
      created_at integer not null,
      owner integer,
      record text not null
    );
    create index if not exists batch_jobs_unfinished on batch_jobs (seq) where status not in ('SUCCEEDED', 'FAILED');
    create table if not exists batch_logs (
      job_id text not null,
      attempt integer not null,
      seq integer not null,
      timestamp integer not null,
      stream text not null,
      message text not null,
      primary key (job_id, attempt, seq)
    ) without rowid;`,
}]

for (const m of batchMigrations) registerMigration({ id: m.id, up: m.sql })

const unfinished = `status not in ('SUCCEEDED', 'FAILED')`

/** A STARTING or RUNNING job whose attempt another live process (its owner, not `self`) runs. */
export function runsElsewhere(r: JobRecord, self?: number, isAlive: (pid: number) => boolean = pidAlive): boolean {
  const s = r.detail.status
  return (s === 'STARTING' || s === 'RUNNING') && r.owner !== undefined && r.owner !== self && isAlive(r.owner)
}

/** Reads and writes jobs and log lines in the store (SQLite). */
export class JobStore {
  private insert; private update; private insertLog; private selectOne
  constructor(readonly db: Database) {
    for (const m of batchMigrations) db.exec(m.sql)
    this.insert = db.prepare('insert into batch_jobs (job_id, queue, status, created_at, owner, record) values (?, ?, ?, ?, ?, ?)')
    this.update = db.prepare('update batch_jobs set status = ?, owner = ?, record = ? where job_id = ?')
    this.insertLog = db.prepare('insert into batch_logs (job_id, attempt, seq, timestamp, stream, message) values (?, ?, ?, ?, ?, ?)')
    this.selectOne = db.prepare('select record from batch_jobs where job_id = ?')
    this.withParent = db.transaction((r: JobRecord, parent: JobRecord, create: boolean) => {
      if (create) this.create(r); else this.save(r)
      this.save(parent)
    })
  }

  create(r: JobRecord): void {
    this.insert.run(r.detail.jobId, r.queueName, r.detail.status, r.detail.createdAt, r.owner ?? null, JSON.stringify(r))
  }
  save(r: JobRecord): void {
    this.update.run(r.detail.status, r.owner ?? null, JSON.stringify(r), r.detail.jobId)
  }
  /** An array child's transition and its parent's status summary, in one transaction. */
  saveWithParent(r: JobRecord, parent: JobRecord, create: boolean): void { this.withParent(r, parent, create) }
  private withParent!: (r: JobRecord, parent: JobRecord, create: boolean) => void

  get(jobId: string): JobRecord | undefined {
    const row = this.selectOne.get(jobId) as { record: string } | undefined
    return row && JSON.parse(row.record)
  }
  /** Jobs not yet SUCCEEDED or FAILED, in submission order. */
  unfinished(): JobRecord[] {
    return (this.db.prepare(`select record from batch_jobs where ${unfinished} order by seq`).all() as { record: string }[]).map(r => JSON.parse(r.record))
  }
  list(filter: { queue?: string; status?: JobStatus; limit?: number } = {}): JobRecord[] {
    const where: string[] = []; const args: unknown[] = []
    if (filter.queue) { where.push('queue = ?'); args.push(filter.queue) }
    if (filter.status) { where.push('status = ?'); args.push(filter.status) }
    const sql = `select record from batch_jobs ${where.length ? 'where ' + where.join(' and ') : ''} order by seq desc limit ?`
    return (this.db.prepare(sql).all(...args, filter.limit ?? 1000) as { record: string }[]).map(r => JSON.parse(r.record))
  }

  appendLog(e: LogEvent): void {
    this.insertLog.run(e.jobId, e.attempt, e.seq, e.timestamp, e.stream, e.message)
  }
  appendLogs(events: LogEvent[]): void { this.insertLogs(events) }
  /** Runs `fn` in one transaction (nested calls become savepoints): several transitions of one tick, one commit. */
  tx<T>(fn: () => T): T { return (this.runTx ??= this.db.transaction((f: () => unknown) => f()))(fn) as T }
  private runTx?: (f: () => unknown) => unknown
  private insertLogs = (events: LogEvent[]) => this.db.transaction(() => { for (const e of events) this.appendLog(e) })()
  /** Log lines of one attempt (or every attempt) after `afterSeq`, in order. */
  logs(jobId: string, opts: { attempt?: number; after?: { attempt: number; seq: number }; limit?: number } = {}): LogEvent[] {
    const where = ['job_id = ?']; const args: unknown[] = [jobId]
    if (opts.attempt !== undefined) { where.push('attempt = ?'); args.push(opts.attempt) }
    if (opts.after) { where.push('(attempt > ? or (attempt = ? and seq > ?))'); args.push(opts.after.attempt, opts.after.attempt, opts.after.seq) }
    const rows = this.db.prepare(`select job_id as jobId, attempt, seq, timestamp, stream, message from batch_logs where ${where.join(' and ')} order by attempt, seq limit ?`)
      .all(...args, opts.limit ?? 10000)
    return rows as LogEvent[]
  }
}

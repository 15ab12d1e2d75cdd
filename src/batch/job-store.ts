import type { Database } from 'better-sqlite3'
import { migrate, ownerAlive, registerMigration, type Migration } from '../store/index.ts'
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
  /**
   * The process running the attempt, `<pid>@<start time>` as an execution's owner (so a later process given a dead
   * runner's pid is not taken for it); set from STARTING until the attempt ends. A bare pid in a store from before.
   */
  owner?: string
  /** A retried job goes to the front of its queue. */
  front?: boolean
  /** CancelJob on a PENDING job takes effect when its dependencies complete. */
  cancelReason?: string
}

/** Schema migrations for the store's list (applied once each, as every room's). */
export const batchMigrations: Migration[] = [{
  id: 'batch-001-jobs-and-logs',
  up: `
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
}, {
  // owner held a pid (integer); it holds `<pid>@<start time>` now. A job from before keeps its pid, as text: its
  // runner is then judged by the pid alone
  id: 'batch-002-job-owner-process',
  up: `
    create table batch_jobs_002 (
      seq integer primary key,
      job_id text not null unique,
      queue text not null,
      status text not null,
      created_at integer not null,
      owner text,
      record text not null
    );
    insert into batch_jobs_002 (seq, job_id, queue, status, created_at, owner, record)
      select seq, job_id, queue, status, created_at, cast(owner as text),
        case when json_type(record, '$.owner') = 'integer'
          then json_set(record, '$.owner', cast(json_extract(record, '$.owner') as text)) else record end
      from batch_jobs;
    drop table batch_jobs;
    alter table batch_jobs_002 rename to batch_jobs;
    create index batch_jobs_unfinished on batch_jobs (seq) where status not in ('SUCCEEDED', 'FAILED');`,
}]

for (const m of batchMigrations) registerMigration(m)

const unfinished = `status not in ('SUCCEEDED', 'FAILED')`

/** A STARTING or RUNNING job whose attempt another live process (its owner, not `self`) runs. */
export function runsElsewhere(r: JobRecord, self?: string, isAlive: (owner: string) => boolean = ownerAlive): boolean {
  const s = r.detail.status
  return (s === 'STARTING' || s === 'RUNNING') && r.owner !== undefined && r.owner !== self && isAlive(r.owner)
}

/** Reads and writes jobs and log lines in the store (SQLite). */
export class JobStore {
  private insert; private update; private insertLog; private selectOne
  constructor(readonly db: Database) {
    migrate(db, batchMigrations)
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

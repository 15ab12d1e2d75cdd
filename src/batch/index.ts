import type { Database } from 'better-sqlite3'
import { Scheduler, type Logger } from './scheduler.ts'
import { toTimerClock, type Clock, type SleepClock } from './clock.ts'
import type { Partition } from './resources.ts'
import { applyBatchConfig, type BatchConfig } from './config.ts'
import { inProcessExecutor, type InProcessProgram } from './executors/in-process.ts'
import { subprocessExecutor } from './executors/subprocess.ts'
import { containerExecutor } from './executors/container.ts'
import { fetchAndRunProgram, type ObjectReader, type ScriptRunner } from './fetch-and-run.ts'
import { objectReader, rsqlRunner, type ScriptWarehouse } from './bindings.ts'
import type { ObjectStore } from '../objects/index.ts'

export type * from './types.ts'
export { isFinal, JOB_STATUSES } from './types.ts'
export { BatchError } from './errors.ts'
export { systemClock, VirtualClock, toTimerClock, type Clock, type SleepClock } from './clock.ts'
export { Scheduler as Batch, type Logger } from './scheduler.ts'
export { STATUS_REASON } from './lifecycle.ts'
export { JobStore, batchMigrations, runsElsewhere, type JobRecord } from './job-store.ts'
export { afterFailedAttempt, globMatches } from './retry-strategy.ts'
export { substituteRefs } from './resources.ts'
export { applyBatchConfig, type BatchConfig } from './config.ts'
export { fetchAndRunProgram, substituteDeclared, SubstitutionError, REQUIRED_VARIABLES, type ObjectReader, type ScriptRunner } from './fetch-and-run.ts'
export { inProcessExecutor, type InProcessProgram } from './executors/in-process.ts'
export { subprocessExecutor } from './executors/subprocess.ts'
export { containerExecutor, dockerUnavailable } from './executors/container.ts'
export { objectReader, rsqlRunner, type ScriptWarehouse } from './bindings.ts'
export type { Executor, AttemptSpec, AttemptExit, RunningAttempt } from './executors/types.ts'

export interface CreateBatchOptions {
  /** The store's SQLite database (or an object holding it as `db`); the batch tables are created if missing. */
  store: Database | { db: Database }
  /** The object store fetch-and-run downloads scripts from. */
  objects?: Pick<ObjectStore, 'get'>
  /** The warehouse fetch-and-run's scripts run against: a target, or a function opening a session. */
  warehouse?: ScriptWarehouse
  /** Overrides of the two above (tests, other interpreters). */
  readObject?: ObjectReader
  runScript?: ScriptRunner
  config?: BatchConfig
  /** Timer-style or the states engine's sleep-style clock. */
  clock?: Clock | SleepClock
  logger?: Logger
  partition?: Partition
  /** More in-process programs, by `command[0]` (fetch-and-run is always there). */
  programs?: Record<string, InProcessProgram>
  /** Working directory of subprocess jobs. */
  cwd?: string
  killGraceMs?: number
}

/**
 * Builds the Batch service: resources from the config, the three executors, and the jobs the store
 * still holds (queued ones wait again; ones whose process died are failed or retried, once).
 */
export function createBatch(opts: CreateBatchOptions): Scheduler {
  const db = 'db' in opts.store && typeof (opts.store as { db: unknown }).db === 'object' ? (opts.store as { db: Database }).db : opts.store as Database
  const unbound = (what: string) => () => Promise.reject(new Error(`no ${what} is configured`))
  const fetchAndRun = fetchAndRunProgram({
    read: opts.readObject ?? (opts.objects ? objectReader(opts.objects) : unbound('object store')),
    run: opts.runScript ?? (opts.warehouse ? rsqlRunner(opts.warehouse, opts.cwd) : unbound('warehouse')),
  })
  const scheduler = new Scheduler({
    db, clock: opts.clock && toTimerClock(opts.clock), logger: opts.logger, partition: opts.partition, killGraceMs: opts.killGraceMs,
    executors: {
      'fetch-and-run': inProcessExecutor({ 'fetch-and-run': fetchAndRun, ...opts.programs }),
      subprocess: subprocessExecutor({ cwd: opts.cwd }),
      container: containerExecutor(),
    },
  })
  if (opts.config) applyBatchConfig(scheduler.resources, opts.config)
  scheduler.recover()
  return scheduler
}

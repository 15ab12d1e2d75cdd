import type { Database } from 'better-sqlite3'
import type {
  ExecutorName, JobDetail, JobStatus, JobSummary, ListJobsRequest, LogEvent, SubmitJobRequest, SubmitJobResponse,
} from './types.ts'
import { isFinal } from './types.ts'
import type { Clock } from './clock.ts'
import { systemClock } from './clock.ts'
import { BatchError, clientError } from './errors.ts'
import { ownerAlive, ownerPid, thisProcess } from '../store/index.ts'
import { JobStore, runsElsewhere, type JobRecord } from './job-store.ts'
import { BatchResources, type Partition } from './resources.ts'
import { buildJobs } from './submit.ts'
import { afterFailedAttempt } from './retry-strategy.ts'
import { NEXT, STATUS_REASON } from './lifecycle.ts'
import { filterJobs, summarize } from './list-jobs.ts'
import { newAttempt } from './attempt-spec.ts'
import type { AttemptExit, Executor, RunningAttempt } from './executors/types.ts'

export interface Logger { warn(message: string, fields?: Record<string, unknown>): void }

export interface SchedulerOptions {
  db: Database
  executors: Partial<Record<ExecutorName, Executor>>
  clock?: Clock
  partition?: Partition
  /** Between SIGTERM and SIGKILL on timeout or TerminateJob (AWS: 30 s). */
  killGraceMs?: number
  /** This process as a job's owner (`<pid>@<start time>`, the store's `thisProcess()`). */
  owner?: string
  isAlive?: (owner: string) => boolean
  logger?: Logger
}

interface Attempt { running: RunningAttempt; ce: string; timer?: unknown; killTimer?: unknown; timedOut?: boolean; terminated?: string; seq: number; number: number; lastError?: string; lastErrorHeader?: boolean }

const ERROR_HEADER = /\b(ERROR|FATAL|PANIC):\s|^(rsql: error:|fetch-and-run:)/
type JobListener = (detail: JobDetail, previous: JobStatus | undefined) => void
type LogListener = (event: LogEvent) => void

/**
 * AWS Batch's scheduler: jobs move through named statuses only by `transition`, runnable jobs wait in their
 * queue (retries at the front) until a compute environment of the queue has the vCPUs, attempts run on an
 * executor, and everything is written to the store before anyone hears of it.
 */
export class Scheduler {
  readonly resources: BatchResources
  readonly store: JobStore
  private readonly clock: Clock
  private readonly jobs = new Map<string, JobRecord>()
  private readonly runnable = new Map<string, { front: Set<JobRecord>; fifo: Set<JobRecord> }>()
  private readonly usage = new Map<string, number>()
  private readonly attempts = new Map<string, Attempt>()
  private readonly dependents = new Map<string, Set<string>>()
  private readonly jobListeners = new Set<JobListener>()
  private readonly logListeners = new Set<LogListener>()
  private readonly unavailable = new Map<ExecutorName, Promise<string | undefined>>()
  private dispatchScheduled = false
  private pendingLogs: LogEvent[] = []
  private logFlushScheduled = false
  private closed = false
  private logsClosed = false
  private readonly owner: string

  constructor(private readonly opts: SchedulerOptions) {
    this.clock = opts.clock ?? systemClock
    this.resources = new BatchResources(opts.partition ?? { region: 'us-east-1', accountId: '000000000000' })
    this.store = new JobStore(opts.db)
    this.owner = opts.owner ?? thisProcess()
  }

  // ---- the one way to change a job's status ----

  private transition(r: JobRecord, status: JobStatus, reason?: string, create = false): void {
    const previous = create ? undefined : r.detail.status
    if (previous !== undefined && !NEXT[previous].includes(status)) {
      throw new BatchError('ServerException', `invalid job transition ${previous} to ${status} for job ${r.detail.jobId}`)
    }
    r.detail.status = status
    if (reason !== undefined) r.detail.statusReason = reason
    const now = this.clock.now()
    if (status === 'RUNNING') r.detail.startedAt = now
    if (isFinal(status)) { r.detail.stoppedAt = now; r.owner = undefined }
    const parent = r.parentId ? this.jobs.get(r.parentId) : undefined
    if (parent) {
      const summary = parent.detail.arrayProperties!.statusSummary ??= {}
      if (previous) summary[previous] = (summary[previous] ?? 1) - 1
      summary[status] = (summary[status] ?? 0) + 1
    }
    if (parent) this.store.saveWithParent(r, parent, create)
    else if (create) this.store.create(r)
    else this.store.save(r)
    if (isFinal(status)) this.jobs.delete(r.detail.jobId); else this.jobs.set(r.detail.jobId, r)
    for (const l of this.jobListeners) l(r.detail, previous)
    if (isFinal(status)) this.finished(r)
  }

  // ---- API ----

  submitJob(req: SubmitJobRequest): SubmitJobResponse {
    if (this.closed) throw new BatchError('ServerException', 'the batch scheduler is closed')
    const records = buildJobs(this.resources, req, this.clock.now(), id => this.find(id))
    const [main, ...children] = records
    this.store.tx(() => {
      this.transition(main, 'SUBMITTED', undefined, true)
      if (children.length) {
        this.transition(main, 'PENDING')
        for (const c of children) { this.transition(c, 'SUBMITTED', undefined, true); this.admit(c) }
      } else this.admit(main)
    })
    return { jobArn: main.detail.jobArn, jobName: main.detail.jobName, jobId: main.detail.jobId }
  }

  describeJobs(jobIds: string[]): JobDetail[] {
    if (jobIds.length > 100) throw clientError(`describeJobs takes at most 100 job IDs, got ${jobIds.length}`, 'jobs')
    return jobIds.map(id => this.find(id)?.detail).filter((d): d is JobDetail => !!d).map(d => structuredClone(d))
  }

  listJobs(req: ListJobsRequest): JobSummary[] {
    let records: JobRecord[]
    const status = req.jobStatus ?? (req.filters?.length ? undefined : 'RUNNING')
    if (req.arrayJobId) {
      const size = this.find(req.arrayJobId)?.detail.arrayProperties?.size ?? 0
      records = Array.from({ length: size }, (_, i) => this.find(`${req.arrayJobId}:${i}`)!).filter(r => r && (!status || r.detail.status === status))
    } else {
      if (!req.jobQueue) throw clientError('listJobs needs a jobQueue or an arrayJobId', 'jobQueue')
      const q = this.resources.jobQueue(req.jobQueue)
      records = this.store.list({ queue: q.jobQueueName, status, limit: req.maxResults ?? 1000 }).filter(r => !r.parentId)
    }
    return summarize(filterJobs(records, req.filters))
  }

  /** CancelJob: SUBMITTED/RUNNABLE jobs fail now, PENDING ones once their dependencies complete; later states are left alone. */
  cancelJob(jobId: string, reason: string): void {
    const r = this.live(jobId, 'cancelJob')
    if (!r) return
    if (r.detail.arrayProperties?.size) return this.children(r).forEach(c => this.cancelJob(c.detail.jobId, reason))
    const s = r.detail.status
    if (s === 'PENDING') { r.cancelReason = reason; r.detail.isCancelled = true; this.store.save(r) }
    else if (s === 'SUBMITTED' || s === 'RUNNABLE') this.fail(r, reason, { cancelled: true })
  }

  /** TerminateJob: STARTING/RUNNING attempts get SIGTERM, then SIGKILL after the grace period; earlier jobs are cancelled. */
  terminateJob(jobId: string, reason: string): void {
    const r = this.live(jobId, 'terminateJob')
    if (!r) return
    if (r.detail.arrayProperties?.size) return this.children(r).forEach(c => this.terminateJob(c.detail.jobId, reason))
    const a = this.attempts.get(jobId)
    if (a) {
      r.detail.isTerminated = true
      a.terminated = reason
      this.store.save(r)
      this.stop(a)
    } else if (!isFinal(r.detail.status)) this.fail(r, reason, { cancelled: true })
  }

  onJobStateChange(l: JobListener): () => void { this.jobListeners.add(l); return () => this.jobListeners.delete(l) }
  onLog(l: LogListener): () => void { this.logListeners.add(l); return () => this.logListeners.delete(l) }

  /** Resolves with the job once it is SUCCEEDED or FAILED. */
  waitForJob(jobId: string, signal?: AbortSignal): Promise<JobDetail> {
    return new Promise((resolve, reject) => {
      const now = this.find(jobId)
      if (!now) return reject(clientError(`job does not exist: ${jobId}`, 'jobId'))
      if (isFinal(now.detail.status)) return resolve(structuredClone(now.detail))
      const off = this.onJobStateChange(d => {
        if (d.jobId !== jobId || !isFinal(d.status)) return
        off(); signal?.removeEventListener('abort', abort); resolve(structuredClone(d))
      })
      const abort = () => { off(); reject(signal!.reason) }
      signal?.addEventListener('abort', abort, { once: true })
    })
  }

  /** Jobs in memory (not yet final), for tests and the bench. */
  get active(): number { return this.jobs.size }
  vcpusInUse(ce: string): number { return this.usage.get(ce) ?? 0 }

  /**
   * Loads the store's unfinished jobs. STARTING/RUNNING jobs whose process is gone lose their attempt as
   * a host failure and are retried or failed by their retry strategy, inside one write transaction so
   * that it happens exactly once even if two processes restart together.
   */
  recover(): { recovered: number; hostFailures: number } {
    const isAlive = this.opts.isAlive ?? ownerAlive
    const claimed = new Set<string>()
    // claim the orphans first (owner := this process) so no other process fails them too
    const loaded = this.opts.db.transaction(() => {
      const out: JobRecord[] = []
      for (const r of this.store.unfinished()) {
        const s = r.detail.status
        if (s === 'STARTING' || s === 'RUNNING') {
          if (runsElsewhere(r, this.owner, isAlive)) continue
          claimed.add(r.detail.jobId)
          ;(r as JobRecord & { lostOwner?: string }).lostOwner = r.owner
          r.owner = this.owner
          this.store.save(r)
        }
        out.push(r)
      }
      return out
    }).immediate()
    for (const r of loaded) this.jobs.set(r.detail.jobId, r)
    for (const r of loaded) {
      const s = r.detail.status
      if (claimed.has(r.detail.jobId)) this.hostFailed(r)
      else if (s === 'SUBMITTED') this.admit(r)
      else if (s === 'PENDING' && !r.detail.arrayProperties?.size) this.admit(r, true)
      else if (s === 'RUNNABLE') this.enqueue(r)
    }
    return { recovered: loaded.length, hostFailures: claimed.size }
  }

  /** The process running this job's attempt died: the attempt ends as a host failure, then the retry strategy decides. */
  private hostFailed(r: JobRecord): void {
    const lost = r as JobRecord & { lostOwner?: string }
    const reason = STATUS_REASON.hostTerminated(lost.lostOwner === undefined ? undefined : ownerPid(lost.lostOwner))
    delete lost.lostOwner
    const now = this.clock.now()
    const attempt = r.detail.attempts.at(-1)
    if (attempt && attempt.stoppedAt === undefined) Object.assign(attempt, { stoppedAt: now, statusReason: reason, startedAt: attempt.startedAt ?? now })
    else r.detail.attempts.push({ container: {}, startedAt: now, stoppedAt: now, statusReason: reason })
    r.owner = undefined
    const decision = r.detail.isTerminated ? 'EXIT' : afterFailedAttempt(r.detail.retryStrategy, r.detail.attempts.length, { statusReason: reason })
    if (decision === 'RETRY') { r.front = true; this.transition(r, 'RUNNABLE', reason); this.enqueue(r) }
    else this.transition(r, 'FAILED', reason)
  }

  /** Stops scheduling. `wait` lets running attempts finish; otherwise they are killed and stay RUNNING in the store (recovered on the next start). */
  async close(opts: { wait?: boolean } = {}): Promise<void> {
    this.closed = true
    const running = [...this.attempts.values()]
    if (opts.wait) await Promise.all(running.map(a => a.running.exit))
    else for (const a of running) { this.clock.clearTimeout(a.timer); this.clock.clearTimeout(a.killTimer); a.running.kill('SIGKILL') }
    this.flushLogs()
    // the store may be closed next: what a killed program still writes is not stored (its attempt is recovered as lost)
    this.logsClosed = true
  }

  // ---- internals ----

  private find(jobId: string): JobRecord | undefined { return this.jobs.get(jobId) ?? this.store.get(jobId) }

  private live(jobId: string, op: string): JobRecord | undefined {
    const r = this.find(jobId)
    if (!r) throw clientError(`job does not exist: ${jobId}`, `${op}.jobId`)
    return this.jobs.get(jobId)
  }

  private children(parent: JobRecord): JobRecord[] {
    return Array.from({ length: parent.detail.arrayProperties!.size! }, (_, i) => this.jobs.get(`${parent.detail.jobId}:${i}`)).filter((c): c is JobRecord => !!c)
  }

  /** A SUBMITTED job (or a reloaded PENDING one) moves to PENDING, RUNNABLE or FAILED by its dependencies. */
  private admit(r: JobRecord, reloaded = false): void {
    const waiting: string[] = []
    for (const id of r.waitsFor) {
      const dep = this.find(id)
      if (dep?.detail.status === 'SUCCEEDED') continue
      if (dep?.detail.status === 'FAILED') return this.fail(r, STATUS_REASON.dependencyFailed)
      waiting.push(id)
      let set = this.dependents.get(id)
      if (!set) this.dependents.set(id, set = new Set())
      set.add(r.detail.jobId)
    }
    r.waitsFor = waiting
    if (waiting.length) { if (!reloaded) this.transition(r, 'PENDING'); else this.store.save(r) }
    else if (r.cancelReason) this.fail(r, r.cancelReason, { cancelled: true })
    else { this.transition(r, 'RUNNABLE'); this.enqueue(r) }
  }

  private enqueue(r: JobRecord): void {
    let q = this.runnable.get(r.queueName)
    if (!q) this.runnable.set(r.queueName, q = { front: new Set(), fifo: new Set() })
    ;(r.front ? q.front : q.fifo).add(r)
    const max = Math.max(...this.resources.jobQueue(r.queueName).computeEnvironmentOrder.map(o => this.resources.computeEnvironment(o.computeEnvironment).maxvCpus))
    if (r.vcpus > max && r.detail.statusReason === undefined) {
      r.detail.statusReason = `MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - the job needs ${r.vcpus} vCPUs, more than any compute environment of job queue ${r.queueName} has (${max})`
      this.store.save(r)
    }
    this.scheduleDispatch()
  }

  private fail(r: JobRecord, reason: string, opts: { cancelled?: boolean } = {}): void {
    if (opts.cancelled) r.detail.isCancelled = true
    this.runnable.get(r.queueName)?.front.delete(r)
    this.runnable.get(r.queueName)?.fifo.delete(r)
    this.transition(r, 'FAILED', reason)
  }

  /** After a job is final: its dependents move on, and an array parent completes with its last child. */
  private finished(r: JobRecord): void {
    const id = r.detail.jobId
    const waiting = this.dependents.get(id)
    this.dependents.delete(id)
    for (const depId of waiting ?? []) {
      const d = this.jobs.get(depId)
      if (!d || d.detail.status !== 'PENDING') continue
      if (r.detail.status === 'FAILED') { this.fail(d, STATUS_REASON.dependencyFailed); continue }
      d.waitsFor = d.waitsFor.filter(x => x !== id)
      if (d.waitsFor.length) { this.store.save(d); continue }
      if (d.cancelReason) this.fail(d, d.cancelReason, { cancelled: true })
      else { this.transition(d, 'RUNNABLE'); this.enqueue(d) }
    }
    const parent = r.parentId ? this.jobs.get(r.parentId) : undefined
    if (parent) {
      const s = parent.detail.arrayProperties!.statusSummary!
      if ((s.SUCCEEDED ?? 0) + (s.FAILED ?? 0) === parent.detail.arrayProperties!.size) {
        if (s.FAILED) this.transition(parent, 'FAILED', `Array Child Job failed: ${s.FAILED} of ${parent.detail.arrayProperties!.size}`)
        else this.transition(parent, 'SUCCEEDED', 'All child jobs succeeded')
      }
    }
  }

  private scheduleDispatch(): void {
    if (this.dispatchScheduled || this.closed) return
    this.dispatchScheduled = true
    setImmediate(() => this.dispatch())
  }

  /** Higher-priority queues first; within a queue, retried jobs first, then FIFO; smaller jobs may pass bigger ones. */
  private dispatch(): void {
    this.dispatchScheduled = false
    if (this.closed) return
    this.store.tx(() => this.dispatchNow())
  }

  private dispatchNow(): void {
    const queues = this.resources.listJobQueues().filter(q => this.runnable.get(q.jobQueueName)).sort((a, b) => b.priority - a.priority)
    for (const q of queues) {
      const lists = this.runnable.get(q.jobQueueName)!
      const ces = q.computeEnvironmentOrder.map(o => this.resources.computeEnvironment(o.computeEnvironment)).filter(ce => ce.state === 'ENABLED')
      let misses = 0
      for (const list of [lists.front, lists.fifo]) {
        for (const r of list) {
          const free = (name: string, max: number) => max - (this.usage.get(name) ?? 0)
          if (!ces.some(ce => free(ce.computeEnvironmentName, ce.maxvCpus) > 0)) break
          const ce = ces.find(ce => free(ce.computeEnvironmentName, ce.maxvCpus) >= r.vcpus - 1e-9)
          if (!ce) { if (++misses > 1000) break; continue }
          list.delete(r)
          this.startAttempt(r, ce.computeEnvironmentName)
        }
      }
    }
  }

  private executorFor(r: JobRecord): Executor | string {
    const ex = this.opts.executors[r.executor]
    return ex ?? `CannotStartContainerError: no ${r.executor} executor is configured`
  }

  private startAttempt(r: JobRecord, ce: string): void {
    this.usage.set(ce, (this.usage.get(ce) ?? 0) + r.vcpus)
    r.owner = this.owner
    r.front = false
    if (r.detail.statusReason?.startsWith('MISCONFIGURATION')) r.detail.statusReason = undefined
    this.transition(r, 'STARTING')
    const number = r.detail.attempts.length + 1
    const { attemptDetail, environment } = newAttempt(r, ce, number, (kind, name) => this.resources.arn(kind, name))
    r.detail.attempts.push(attemptDetail)
    const c = r.detail.container
    const attempt: Attempt = { running: undefined as unknown as RunningAttempt, ce, seq: 0, number }
    const executor = this.executorFor(r)
    const spec = {
      jobId: r.detail.jobId, attempt: number, image: c.image, command: c.command, environment,
      declared: c.environment.map(e => e.name), vcpus: r.vcpus, memory: c.memory,
      onLine: (stream: 'stdout' | 'stderr', message: string) => this.log(r, attempt, stream, message),
    }
    this.attempts.set(r.detail.jobId, attempt)
    const startWith = async (): Promise<AttemptExit> => {
      if (typeof executor === 'string') return { reason: executor }
      let why = this.unavailable.get(executor.name)
      if (!why) this.unavailable.set(executor.name, why = executor.unavailable?.() ?? Promise.resolve(undefined))
      const reason = await why
      if (reason) return { reason: `CannotStartContainerError: ${reason}` }
      attempt.running = executor.start(spec)
      attempt.running.started.then(() => this.running(r, attempt), () => {})
      return attempt.running.exit
    }
    // a fast path keeps in-process jobs RUNNING in the same tick as STARTING
    if (typeof executor !== 'string' && !executor.unavailable) {
      attempt.running = executor.start(spec)
      attempt.running.started.then(() => this.running(r, attempt), () => {})
      attempt.running.exit.then(exit => this.attemptEnded(r, attempt, exit))
    } else {
      startWith().then(exit => this.attemptEnded(r, attempt, exit))
    }
  }

  private running(r: JobRecord, a: Attempt): void {
    if (r.detail.status !== 'STARTING' || this.attempts.get(r.detail.jobId) !== a) return
    const current = r.detail.attempts.at(-1)!
    current.startedAt = this.clock.now()
    Object.assign(r.detail.container, { logStreamName: current.container.logStreamName, taskArn: current.container.taskArn })
    this.transition(r, 'RUNNING')
    if (a.terminated) this.stop(a)
    const seconds = r.detail.timeout?.attemptDurationSeconds
    if (seconds) a.timer = this.clock.setTimeout(() => { a.timedOut = true; this.stop(a) }, seconds * 1000)
  }

  private stop(a: Attempt): void {
    if (!a.running || a.killTimer !== undefined) return
    a.running.kill('SIGTERM')
    a.killTimer = this.clock.setTimeout(() => a.running.kill('SIGKILL'), this.opts.killGraceMs ?? 30_000)
  }

  private log(r: JobRecord, a: Attempt, stream: 'stdout' | 'stderr', message: string): void {
    if (this.logsClosed) return
    // the reason of a failed attempt: its last error header (`rsql:…: ERROR:  …`), else its last stderr line
    if (stream === 'stderr' && message.trim() && (ERROR_HEADER.test(message) || !a.lastErrorHeader)) { a.lastError = message.trim(); a.lastErrorHeader ||= ERROR_HEADER.test(message) }
    this.pendingLogs.push({ jobId: r.detail.jobId, attempt: a.number, seq: ++a.seq, timestamp: this.clock.now(), stream, message })
    if (this.pendingLogs.length >= 5000) this.flushLogs()
    else if (!this.logFlushScheduled) { this.logFlushScheduled = true; setImmediate(() => this.flushLogs()) }
  }

  /** Log lines are written in one transaction per tick (a script printing 100,000 rows costs one commit, not 100,000). */
  private flushLogs(): void {
    this.logFlushScheduled = false
    if (!this.pendingLogs.length) return
    const batch = this.pendingLogs
    this.pendingLogs = []
    this.store.appendLogs(batch)
    for (const e of batch) for (const l of this.logListeners) l(e)
  }

  private attemptEnded(r: JobRecord, a: Attempt, exit: AttemptExit): void {
    this.clock.clearTimeout(a.timer)
    this.clock.clearTimeout(a.killTimer)
    if (this.attempts.get(r.detail.jobId) !== a) return
    this.attempts.delete(r.detail.jobId)
    this.flushLogs() // every line of the attempt is stored before its end is
    this.usage.set(a.ce, (this.usage.get(a.ce) ?? 0) - r.vcpus)
    this.scheduleDispatch()
    if (this.closed && !isFinal(r.detail.status) && exit.exitCode === 137 && !a.terminated && !a.timedOut) return // killed by close(): recovered later
    const statusReason = a.terminated ?? (a.timedOut ? STATUS_REASON.timeout : exit.exitCode === undefined ? STATUS_REASON.failedToStart : STATUS_REASON.exited)
    const current = r.detail.attempts.at(-1)!
    current.startedAt ??= this.clock.now()
    current.stoppedAt = this.clock.now()
    current.statusReason = statusReason
    if (exit.exitCode !== undefined) current.container.exitCode = exit.exitCode
    // the container's reason; for a plain non-zero exit, the last line written to stderr (RSQL's last error)
    const reason = exit.reason ?? (exit.exitCode ? a.lastError : undefined)
    if (reason) current.container.reason = reason.slice(0, 255)
    r.detail.container.exitCode = exit.exitCode
    r.detail.container.reason = current.container.reason
    if (r.detail.status === 'STARTING' && exit.exitCode !== undefined) this.transition(r, 'RUNNING')
    if (exit.exitCode === 0 && !a.terminated && !a.timedOut) return this.transition(r, 'SUCCEEDED', statusReason)
    const decision = a.terminated || a.timedOut
      ? 'EXIT'
      : afterFailedAttempt(r.detail.retryStrategy, r.detail.attempts.length, { exitCode: exit.exitCode, reason: current.container.reason, statusReason })
    if (decision === 'RETRY') {
      r.owner = undefined
      r.front = true
      this.transition(r, 'RUNNABLE', statusReason)
      this.enqueue(r)
    } else this.transition(r, 'FAILED', statusReason)
  }
}

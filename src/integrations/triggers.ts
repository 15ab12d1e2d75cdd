import type { Database } from 'better-sqlite3'
import type { ObjectCreatedEvent, ObjectStore } from '../objects/index.ts'
import { toTimerClock, systemClock, type Clock, type SleepClock } from '../batch/index.ts'
import { registerMigration } from '../store/index.ts'
import { compileEventPattern } from './event-pattern.ts'
import { parseScheduleExpression, type Schedule } from './schedule-expression.ts'
import { BucketScan, bucketsOf, type ScannedObjects } from './bucket-scan.ts'

/** `triggers` and `schedules` of rsqlflow.json. */
export interface TriggerRule { name: string; workflow: string; eventPattern: unknown; state?: 'ENABLED' | 'DISABLED' }
export interface ScheduleConfig {
  name: string; workflow: string; scheduleExpression: string; scheduleExpressionTimezone?: string; input?: unknown; state?: 'ENABLED' | 'DISABLED'
}

/** Starts a workflow; the composition binds it to the states door. */
export type StartWorkflow = (workflow: string, input: unknown, source: { trigger?: string; schedule?: string }) => Promise<{ executionArn: string }>

export interface Firing { source: 'trigger' | 'schedule'; name: string; key: string; workflow: string; at: number; executionArn?: string; error?: string }

export const triggerMigrations: { id: string; sql: string }[] = [{
  id: 'triggers-001-firings',
  sql: `create table if not exists trigger_firings (
    source text not null, name text not null, key text not null, workflow text not null, at integer not null,
    execution_arn text, error text, primary key (source, name, key)
  ) without rowid;`,
}]

for (const m of triggerMigrations) registerMigration({ id: m.id, up: m.sql })

export interface TriggersOptions {
  store: Database | { db: Database }
  objects?: Pick<ObjectStore, 'onObjectCreated'> & Partial<Pick<ObjectStore, 'list' | 'listBuckets' | 'announceCreated'>>
  /**
   * How often the buckets the rules name are listed for objects other processes wrote (default 2 s; 0: never).
   * Needs `objects` with `list` and `announceCreated`.
   */
  scanMs?: number
  start: StartWorkflow
  rules?: TriggerRule[]
  schedules?: ScheduleConfig[]
  clock?: Clock | SleepClock
  logger?: { warn(message: string, fields?: Record<string, unknown>): void }
  onFiring?: (f: Firing) => void
}

/**
 * Object-created events start workflows whose rule pattern matches (input: the whole event), at most once per
 * rule and object version — EventBridge delivers at least once, so the key is bucket, key, ETag and sequencer.
 * Schedules fire on their expression, once per scheduled time even across restarts.
 */
export class Triggers {
  private readonly db: Database
  private readonly clock: Clock
  private readonly rules: { rule: TriggerRule; test: (e: unknown) => boolean }[]
  private readonly timers = new Map<string, unknown>()
  private readonly pending = new Set<Promise<void>>()
  private unsubscribe?: () => void
  private readonly claim
  private readonly scan?: BucketScan
  private scanning?: Promise<void>
  private scanProblem?: string

  constructor(private readonly opts: TriggersOptions) {
    this.db = 'db' in opts.store && typeof (opts.store as { db: unknown }).db === 'object' ? (opts.store as { db: Database }).db : opts.store as Database
    for (const m of triggerMigrations) this.db.exec(m.sql)
    this.claim = this.db.prepare('insert or ignore into trigger_firings (source, name, key, workflow, at) values (?, ?, ?, ?, ?)')
    this.clock = toTimerClock(opts.clock ?? systemClock)
    this.rules = (opts.rules ?? []).map((rule, i) => {
      try { return { rule, test: compileEventPattern(rule.eventPattern) } } catch (e) {
        throw Object.assign(new Error(`rsqlflow.json: triggers[${i}].eventPattern: ${(e as Error).message}`), { code: 'InvalidEventPatternException' })
      }
    })
    const schedules = (opts.schedules ?? []).map((s, i) => {
      try { return { s, schedule: parseScheduleExpression(s.scheduleExpression, s.scheduleExpressionTimezone) } } catch (e) {
        throw Object.assign(new Error(`rsqlflow.json: schedules[${i}].scheduleExpression: ${(e as Error).message}`), { code: 'ValidationException' })
      }
    })
    if (this.rules.length && opts.objects) this.unsubscribe = opts.objects.onObjectCreated(e => this.onObjectCreated(e))
    const enabled = this.rules.filter(r => r.rule.state !== 'DISABLED')
    const objects = opts.objects
    if (enabled.length && objects?.list && objects.listBuckets && objects.announceCreated && (opts.scanMs ?? 2_000) > 0) {
      const named = enabled.map(r => bucketsOf(r.rule.eventPattern))
      const buckets = named.some(b => b === undefined) ? 'all' as const : [...new Set(named.flat() as string[])]
      this.scan = new BucketScan(this.db, objects as ScannedObjects, buckets)
      this.armScan(0)
    }
    for (const { s, schedule } of schedules) if (s.state !== 'DISABLED') this.arm(s, schedule, this.clock.now())
  }

  /** Feeds one event through the rules (the object store calls this; tests and the API may too). */
  onObjectCreated(event: ObjectCreatedEvent): void {
    const o = event.detail.object
    this.scan?.saw(event.detail.bucket.name, o.key, o.etag)
    const key = `${event.detail.bucket.name}/${o.key}#${o.etag}#${o.sequencer}`
    for (const { rule, test } of this.rules) {
      if (rule.state === 'DISABLED' || !test(event)) continue
      this.fire('trigger', rule.name, key, rule.workflow, event)
    }
  }

  private armScan(ms: number): void {
    this.timers.set('\0scan', this.clock.setTimeout(() => {
      this.scanning = this.scan!.scan(this.clock.now()).then(() => { this.scanProblem = undefined }, e => {
        const problem = `triggers: cannot list the buckets: ${(e as Error)?.message ?? String(e)}`
        // said once while it lasts, not every 2 s
        if (problem !== this.scanProblem) this.opts.logger?.warn(problem)
        this.scanProblem = problem
      }).finally(() => {
        this.scanning = undefined
        if (this.timers.has('\0scan')) this.armScan(this.opts.scanMs ?? 2_000)
      })
    }, ms))
  }

  private arm(s: ScheduleConfig, schedule: Schedule, after: number): void {
    const at = schedule.next(after)
    if (at === undefined) return
    this.timers.set(s.name, this.clock.setTimeout(() => {
      this.fire('schedule', s.name, new Date(at).toISOString(), s.workflow, s.input ?? {})
      this.arm(s, schedule, at)
    }, at - this.clock.now()))
  }

  private fire(source: 'trigger' | 'schedule', name: string, key: string, workflow: string, input: unknown): void {
    const at = this.clock.now()
    if (this.claim.run(source, name, key, workflow, at).changes === 0) return // already fired for this event or time
    const firing: Firing = { source, name, key, workflow, at }
    const p = this.opts.start(workflow, input, source === 'trigger' ? { trigger: name } : { schedule: name }).then(
      ({ executionArn }) => { firing.executionArn = executionArn },
      e => { firing.error = (e as Error)?.message ?? String(e); this.opts.logger?.warn(`${source} ${name}: cannot start workflow ${workflow}: ${firing.error}`) },
    ).then(() => {
      this.db.prepare('update trigger_firings set execution_arn = ?, error = ? where source = ? and name = ? and key = ?').run(firing.executionArn ?? null, firing.error ?? null, source, name, key)
      this.opts.onFiring?.(firing)
    })
    this.pending.add(p)
    p.finally(() => this.pending.delete(p))
  }

  firings(): Firing[] {
    return (this.db.prepare('select source, name, key, workflow, at, execution_arn as executionArn, error from trigger_firings order by at, name, key').all() as (Firing & { executionArn: string | null; error: string | null })[])
      .map(f => ({ ...f, executionArn: f.executionArn ?? undefined, error: f.error ?? undefined }))
  }

  /** Resolves when every workflow start begun so far has answered. */
  async drain(): Promise<void> { while (this.pending.size) await Promise.all([...this.pending]) }

  /** Stops the schedules and the scans; resolves once a scan under way has ended. */
  async close(): Promise<void> {
    this.unsubscribe?.()
    for (const t of this.timers.values()) this.clock.clearTimeout(t)
    this.timers.clear()
    await this.scanning
  }
}

export function createTriggers(opts: TriggersOptions): Triggers { return new Triggers(opts) }

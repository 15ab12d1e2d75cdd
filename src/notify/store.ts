import type { Database } from 'better-sqlite3'
import { pidAlive as alive, registerMigration } from '../store/index.ts'
import type { DeliveryRecord, Subscription, Topic } from './types.ts'

/** Schema migrations for the store's list; idempotent statements, so applying twice is harmless. */
export const notifyMigrations: { id: string; sql: string }[] = [{
  id: 'notify-001-topics-messages-deliveries',
  sql: `
    create table if not exists sns_topics (topic_arn text primary key, name text not null, display_name text);
    create table if not exists sns_subscriptions (
      subscription_arn text primary key, topic_arn text not null, protocol text not null, endpoint text not null,
      status text not null, raw integer not null default 0, token text, created_at integer not null
    );
    create table if not exists sns_messages (
      message_id text primary key, topic_arn text not null, subject text, message text not null,
      structure text, attributes text, published_at integer not null
    );
    create table if not exists sns_deliveries (
      id integer primary key autoincrement, message_id text not null, subscription_arn text not null,
      protocol text not null, endpoint text not null, attempt integer not null, status text not null,
      timestamp integer not null, error text
    );
    create index if not exists sns_deliveries_message on sns_deliveries (message_id);`,
}]

/** Deliveries remember the process making them, so a restart resumes only those of a dead process. */
const ownerMigration = { id: 'notify-002-delivery-owner', up: (db: Database) => { if (!hasOwner(db)) db.exec('alter table sns_deliveries add column owner integer') } }
const hasOwner = (db: Database) => (db.prepare('pragma table_info(sns_deliveries)').all() as { name: string }[]).some(c => c.name === 'owner')

for (const m of notifyMigrations) registerMigration({ id: m.id, up: m.sql })
registerMigration(ownerMigration)

type SubRow = { subscription_arn: string; topic_arn: string; protocol: string; endpoint: string; status: string; raw: number; token: string | null }
const toSub = (r: SubRow): Subscription => ({
  SubscriptionArn: r.subscription_arn, TopicArn: r.topic_arn, Protocol: r.protocol as Subscription['Protocol'], Endpoint: r.endpoint,
  Status: r.status as Subscription['Status'], RawMessageDelivery: !!r.raw, Token: r.token ?? undefined,
})

/** Topics, subscriptions, messages and every delivery attempt, in the store. */
export class NotifyStore {
  constructor(readonly db: Database, readonly pid = process.pid) {
    for (const m of notifyMigrations) db.exec(m.sql)
    ownerMigration.up(db)
  }

  putTopic(t: Topic): void {
    this.db.prepare('insert into sns_topics (topic_arn, name, display_name) values (?, ?, ?) on conflict (topic_arn) do update set display_name = coalesce(excluded.display_name, display_name)')
      .run(t.TopicArn, t.Name, t.DisplayName ?? null)
  }
  topic(arn: string): Topic | undefined {
    const r = this.db.prepare('select topic_arn, name, display_name from sns_topics where topic_arn = ?').get(arn) as { topic_arn: string; name: string; display_name: string | null } | undefined
    return r && { TopicArn: r.topic_arn, Name: r.name, DisplayName: r.display_name ?? undefined }
  }
  topics(): Topic[] {
    return (this.db.prepare('select topic_arn, name, display_name from sns_topics order by name').all() as { topic_arn: string; name: string; display_name: string | null }[])
      .map(r => ({ TopicArn: r.topic_arn, Name: r.name, DisplayName: r.display_name ?? undefined }))
  }
  deleteTopic(arn: string): void {
    this.db.prepare('delete from sns_subscriptions where topic_arn = ?').run(arn)
    this.db.prepare('delete from sns_topics where topic_arn = ?').run(arn)
  }

  putSubscription(s: Subscription, now: number): void {
    this.db.prepare(`insert into sns_subscriptions (subscription_arn, topic_arn, protocol, endpoint, status, raw, token, created_at)
      values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (subscription_arn) do update set status = excluded.status, token = excluded.token, raw = excluded.raw`)
      .run(s.SubscriptionArn, s.TopicArn, s.Protocol, s.Endpoint, s.Status, s.RawMessageDelivery ? 1 : 0, s.Token ?? null, now)
  }
  subscriptions(topicArn: string): Subscription[] {
    return (this.db.prepare('select * from sns_subscriptions where topic_arn = ? order by created_at, subscription_arn').all(topicArn) as SubRow[]).map(toSub)
  }
  subscription(arn: string): Subscription | undefined {
    const r = this.db.prepare('select * from sns_subscriptions where subscription_arn = ?').get(arn) as SubRow | undefined
    return r && toSub(r)
  }
  byToken(topicArn: string, token: string): Subscription | undefined {
    const r = this.db.prepare('select * from sns_subscriptions where topic_arn = ? and token = ?').get(topicArn, token) as SubRow | undefined
    return r && toSub(r)
  }
  deleteSubscription(arn: string): void { this.db.prepare('delete from sns_subscriptions where subscription_arn = ?').run(arn) }

  putMessage(m: { id: string; topicArn: string; subject?: string; message: string; structure?: string; attributes?: unknown; at: number }): void {
    this.db.prepare('insert into sns_messages (message_id, topic_arn, subject, message, structure, attributes, published_at) values (?, ?, ?, ?, ?, ?, ?)')
      .run(m.id, m.topicArn, m.subject ?? null, m.message, m.structure ?? null, m.attributes ? JSON.stringify(m.attributes) : null, m.at)
  }
  messages(topicArn: string, limit = 100): { MessageId: string; Subject?: string; Message: string; PublishedAt: number }[] {
    return (this.db.prepare('select message_id, subject, message, published_at from sns_messages where topic_arn = ? order by published_at desc, rowid desc limit ?').all(topicArn, limit) as
      { message_id: string; subject: string | null; message: string; published_at: number }[])
      .map(r => ({ MessageId: r.message_id, Subject: r.subject ?? undefined, Message: r.message, PublishedAt: r.published_at }))
  }

  recordDelivery(d: DeliveryRecord): void {
    this.db.prepare('insert into sns_deliveries (message_id, subscription_arn, protocol, endpoint, attempt, status, timestamp, error, owner) values (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(d.messageId, d.subscriptionArn, d.protocol, d.endpoint, d.attempt, d.status, d.timestamp, d.error ?? null, this.pid)
  }
  /** The latest record of each (message, subscription) whose delivery has not ended (PENDING or RETRYING). */
  unfinishedDeliveries(): { id: number; messageId: string; subscriptionArn: string; attempt: number; topicArn: string; subject?: string; message: string; structure?: string; attributes?: Record<string, never>; publishedAt: number }[] {
    const rows = this.db.prepare(`
      select d.id, d.message_id, d.subscription_arn, d.attempt, d.owner, m.topic_arn, m.subject, m.message, m.structure, m.attributes, m.published_at
      from sns_deliveries d join sns_messages m on m.message_id = d.message_id
      where d.id in (select max(id) from sns_deliveries group by message_id, subscription_arn) and d.status in ('PENDING', 'RETRYING')
      order by d.id`).all() as { id: number; message_id: string; subscription_arn: string; attempt: number; owner: number | null; topic_arn: string; subject: string | null; message: string; structure: string | null; attributes: string | null; published_at: number }[]
    return rows.filter(r => r.owner === null || (r.owner !== this.pid && !alive(r.owner))).map(r => ({
      id: r.id, messageId: r.message_id, subscriptionArn: r.subscription_arn, attempt: r.attempt, topicArn: r.topic_arn, subject: r.subject ?? undefined,
      message: r.message, structure: r.structure ?? undefined, attributes: r.attributes ? JSON.parse(r.attributes) : undefined, publishedAt: r.published_at,
    }))
  }

  /**
   * Takes over an unfinished delivery: records d (owned by this process) only if the record `latestId` is still
   * the latest of its message and subscription, in one write transaction, so of two processes resuming at once
   * (a start and a running server) only one delivers it.
   */
  claimDelivery(latestId: number, d: DeliveryRecord): boolean {
    return this.db.transaction(() => {
      const latest = this.db.prepare('select max(id) as id from sns_deliveries where message_id = ? and subscription_arn = ?').get(d.messageId, d.subscriptionArn) as { id: number | null }
      if (latest.id !== latestId) return false
      this.recordDelivery(d)
      return true
    }).immediate()
  }

  deliveries(messageId: string): DeliveryRecord[] {
    return (this.db.prepare(`select message_id as messageId, subscription_arn as subscriptionArn, protocol, endpoint, attempt, status, timestamp, error from sns_deliveries where message_id = ? and status != 'PENDING' order by id`).all(messageId) as (DeliveryRecord & { error: string | null })[])
      .map(d => ({ ...d, error: d.error ?? undefined }))
  }
}

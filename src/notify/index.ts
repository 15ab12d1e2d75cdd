import type { Database } from 'better-sqlite3'
import { Notify, type NotifyOptions } from './notify.ts'
import type { Protocol, SmtpConfig } from './types.ts'

export type * from './types.ts'
export { PROTOCOLS } from './types.ts'
export { SnsError } from './errors.ts'
export { Notify, type NotifyOptions, type NotifyClock } from './notify.ts'
export { NotifyStore, notifyMigrations } from './store.ts'
export { prepareMessage, emailBody, stringToSign, signingPublicKeyPem } from './formats.ts'
export { defaultTransports, type Transports, type Email, type HttpPost } from './transports.ts'

/** The topics part of `rsqlflow.json`. */
export interface TopicConfig {
  name: string
  displayName?: string
  subscriptions?: { protocol: Protocol; endpoint?: string; rawMessageDelivery?: boolean }[]
}

export interface CreateNotifyOptions extends Omit<NotifyOptions, 'db'> {
  store: Database | { db: Database }
  topics?: TopicConfig[]
  smtp?: SmtpConfig
  /**
   * Configured email/http subscriptions: confirmed at once (the operator wrote them into rsqlflow.json), or
   * pending until confirmed as SNS does. Default true.
   */
  confirmConfigured?: boolean
}

/** Builds SNS with the configured topics and subscriptions (created idempotently on every start), and resumes deliveries a dead process left unfinished. */
export function createNotify(opts: CreateNotifyOptions): Notify {
  const db = 'db' in opts.store && typeof (opts.store as { db: unknown }).db === 'object' ? (opts.store as { db: Database }).db : opts.store as Database
  const notify = new Notify({ ...opts, db })
  for (const t of opts.topics ?? []) {
    const { TopicArn } = notify.createTopic({ Name: t.name, Attributes: { DisplayName: t.displayName } })
    for (const s of t.subscriptions ?? []) {
      notify.subscribe(
        { TopicArn, Protocol: s.protocol, Endpoint: s.endpoint, Attributes: { RawMessageDelivery: String(!!s.rawMessageDelivery) } },
        { confirmed: opts.confirmConfigured ?? true },
      )
    }
  }
  notify.resumeDeliveries()
  return notify
}

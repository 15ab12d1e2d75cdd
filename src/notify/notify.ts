import { randomUUID, randomBytes } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import type {
  DeliveryRecord, NotificationDocument, Protocol, PublishRequest, PublishResponse, SmtpConfig, SubscribeRequest, Subscription, Topic,
} from './types.ts'
import { PROTOCOLS } from './types.ts'
import { SnsError } from './errors.ts'
import { NotifyStore } from './store.ts'
import { attributesForJson, emailBody, prepareMessage, signed } from './formats.ts'
import { defaultTransports, type Transports } from './transports.ts'

export interface NotifyClock { now(): number; sleep(ms: number, signal?: AbortSignal): Promise<void> }
const systemClock: NotifyClock = {
  now: () => Date.now(),
  // the listener goes when the wait ends: a long-lived process waits many times on one signal
  sleep: (ms, signal) => new Promise((resolve, reject) => {
    const aborted = () => { clearTimeout(t); reject(signal!.reason) }
    const t = setTimeout(() => { signal?.removeEventListener('abort', aborted); resolve() }, ms)
    signal?.addEventListener('abort', aborted, { once: true })
  }),
}

export interface NotifyOptions {
  db: Database
  region?: string
  accountId?: string
  smtp?: SmtpConfig
  /** The file outbox (`.rsqlflow/outbox`): `file` subscriptions without an endpoint write here. */
  outboxDir: string
  clock?: NotifyClock
  /** Waits between delivery attempts; one attempt more than entries (SNS retries with backoff). */
  retryDelaysMs?: number[]
  transports?: Transports
  /** Base URL of the local SNS endpoint, for SubscribeURL, UnsubscribeURL and SigningCertURL. */
  endpointUrl?: string
  logger?: { warn(message: string, fields?: Record<string, unknown>): void }
  /** This process, as delivery records name it (tests pretend to be another process). */
  pid?: number
}

const NAME = /^[A-Za-z0-9_-]{1,256}$/

/** Amazon SNS: topics, subscriptions with confirmation, Publish, and deliveries retried and recorded. */
export class Notify {
  readonly store: NotifyStore
  private readonly clock: NotifyClock
  private readonly transports: Transports
  private readonly inflight = new Set<Promise<void>>()
  private readonly stop = new AbortController()
  private readonly region: string
  private readonly accountId: string
  private readonly endpointUrl: string

  constructor(private readonly opts: NotifyOptions) {
    this.store = new NotifyStore(opts.db, opts.pid)
    this.clock = opts.clock ?? systemClock
    this.transports = opts.transports ?? defaultTransports(opts.smtp)
    this.region = opts.region ?? 'us-east-1'
    this.accountId = opts.accountId ?? '000000000000'
    this.endpointUrl = (opts.endpointUrl ?? 'http://localhost:4566/sns').replace(/\/$/, '')
  }

  topicArn(name: string): string { return `arn:aws:sns:${this.region}:${this.accountId}:${name}` }

  /** CreateTopic is idempotent: the same name gives the same ARN. */
  createTopic(req: { Name: string; Attributes?: { DisplayName?: string } }): { TopicArn: string } {
    if (!NAME.test(req.Name ?? '')) throw new SnsError('InvalidParameter', `Invalid parameter: Topic Name: must be 1 to 256 letters, digits, hyphens or underscores: ${JSON.stringify(req.Name)}`)
    const TopicArn = this.topicArn(req.Name)
    this.store.putTopic({ TopicArn, Name: req.Name, DisplayName: req.Attributes?.DisplayName })
    return { TopicArn }
  }
  listTopics(): { Topics: { TopicArn: string }[] } { return { Topics: this.store.topics().map(t => ({ TopicArn: t.TopicArn })) } }
  deleteTopic(arn: string): void { this.store.deleteTopic(arn) }

  private topic(arn: string | undefined): Topic {
    const t = arn ? this.store.topic(arn) : undefined
    if (!t) throw new SnsError('NotFound', 'Topic does not exist')
    return t
  }

  /**
   * Subscribe: `file` is confirmed at once; `email`, `email-json`, `http` and `https` wait for confirmation
   * (a mail with the confirmation link, or a SubscriptionConfirmation POST), unless `confirmed` says the
   * operator configured it (rsqlflow.json).
   */
  subscribe(req: SubscribeRequest, opts: { confirmed?: boolean } = {}): { SubscriptionArn: string } {
    const topic = this.topic(req.TopicArn)
    const protocol = req.Protocol as Protocol
    if (!PROTOCOLS.includes(protocol)) throw new SnsError('InvalidParameter', `Invalid parameter: Protocol: unsupported protocol ${JSON.stringify(req.Protocol)} (supported: ${PROTOCOLS.join(', ')})`)
    const endpoint = req.Endpoint ?? (protocol === 'file' ? this.opts.outboxDir : '')
    if (protocol.startsWith('email') && !/^[^@\s]+@[^@\s]+$/.test(endpoint)) throw new SnsError('InvalidParameter', `Invalid parameter: Email address: ${JSON.stringify(endpoint)}`)
    if (protocol.startsWith('http') && !endpoint.startsWith(`${protocol}://`)) throw new SnsError('InvalidParameter', `Invalid parameter: Endpoint must start with ${protocol}://: ${JSON.stringify(endpoint)}`)
    const existing = this.store.subscriptions(topic.TopicArn).find(s => s.Protocol === protocol && s.Endpoint === endpoint)
    if (existing) return { SubscriptionArn: existing.Status === 'Confirmed' || req.ReturnSubscriptionArn ? existing.SubscriptionArn : 'pending confirmation' }
    const confirmed = protocol === 'file' || !!opts.confirmed
    const sub: Subscription = {
      SubscriptionArn: `${topic.TopicArn}:${randomUUID()}`, TopicArn: topic.TopicArn, Protocol: protocol, Endpoint: endpoint,
      Status: confirmed ? 'Confirmed' : 'PendingConfirmation', RawMessageDelivery: req.Attributes?.RawMessageDelivery === 'true',
      Token: confirmed ? undefined : randomBytes(32).toString('hex'),
    }
    this.store.putSubscription(sub, this.clock.now())
    if (!confirmed) this.track(this.deliver(sub, `confirmation-${randomUUID()}`, () => this.confirmationRequest(topic, sub)))
    return { SubscriptionArn: confirmed || req.ReturnSubscriptionArn ? sub.SubscriptionArn : 'pending confirmation' }
  }

  confirmSubscription(req: { TopicArn: string; Token: string }): { SubscriptionArn: string } {
    this.topic(req.TopicArn)
    const sub = this.store.byToken(req.TopicArn, req.Token)
    if (!sub) throw new SnsError('InvalidParameter', 'Invalid token')
    // the token stays: the link is often opened twice (a mail scanner, a second click) and SNS confirms again
    if (sub.Status !== 'Confirmed') this.store.putSubscription({ ...sub, Status: 'Confirmed' }, this.clock.now())
    return { SubscriptionArn: sub.SubscriptionArn }
  }
  unsubscribe(arn: string): void { this.store.deleteSubscription(arn) }
  listSubscriptionsByTopic(topicArn: string): { Subscriptions: Omit<Subscription, 'Token'>[] } {
    this.topic(topicArn)
    return { Subscriptions: this.store.subscriptions(topicArn).map(({ Token: _, ...s }) => ({ ...s, SubscriptionArn: s.Status === 'Confirmed' ? s.SubscriptionArn : 'PendingConfirmation' })) }
  }

  /**
   * Publish: validated and written to the store, then delivered to each confirmed subscription in the
   * background; a failing endpoint is retried with backoff and recorded, and never fails the publisher.
   */
  publish(req: PublishRequest): PublishResponse {
    const topic = this.topic(req.TopicArn ?? req.TargetArn)
    const prepared = prepareMessage(req)
    const MessageId = randomUUID()
    const at = this.clock.now()
    this.store.putMessage({ id: MessageId, topicArn: topic.TopicArn, subject: req.Subject, message: prepared.text, structure: req.MessageStructure, attributes: req.MessageAttributes, at })
    const subs = this.store.subscriptions(topic.TopicArn).filter(sub => sub.Status === 'Confirmed')
    for (const sub of subs) this.store.recordDelivery({ messageId: MessageId, subscriptionArn: sub.SubscriptionArn, protocol: sub.Protocol, endpoint: sub.Endpoint, attempt: 0, status: 'PENDING', timestamp: at })
    for (const sub of subs) this.track(this.deliver(sub, MessageId, () => this.notification(topic, sub, MessageId, req, prepared.forProtocol(sub.Protocol), at)))
    return { MessageId }
  }

  /**
   * Deliveries a previous process left PENDING or RETRYING (it died or closed between attempts) continue here,
   * with the attempt count they had; returns how many were resumed. Called at start, and now and then by a server.
   */
  resumeDeliveries(): number {
    let n = 0
    for (const d of this.store.unfinishedDeliveries()) {
      const topic = this.store.topic(d.topicArn)
      const sub = this.store.subscription(d.subscriptionArn)
      if (!topic || !sub || sub.Status !== 'Confirmed') continue
      const req: PublishRequest = { TopicArn: topic.TopicArn, Message: d.message, Subject: d.subject, MessageStructure: d.structure, MessageAttributes: d.attributes }
      const prepared = prepareMessage(req)
      // claim it: the latest record now names this process, so no other start resumes it too
      const claimed = this.store.claimDelivery(d.id, { messageId: d.messageId, subscriptionArn: sub.SubscriptionArn, protocol: sub.Protocol, endpoint: sub.Endpoint, attempt: d.attempt, status: 'PENDING', timestamp: this.clock.now() })
      if (!claimed) continue
      this.track(this.deliver(sub, d.messageId, () => this.notification(topic, sub, d.messageId, req, prepared.forProtocol(sub.Protocol), d.publishedAt), d.attempt))
      n++
    }
    return n
  }

  /** Resolves when every delivery started so far has succeeded or given up. */
  async drain(): Promise<void> { while (this.inflight.size) await Promise.all([...this.inflight]) }
  /**
   * Stops waiting between retries. A delivery with attempts left stays RETRYING, owned by this process: once it
   * has exited, the next start or a running server (`resumeDeliveries`) carries on with it.
   */
  async close(): Promise<void> { this.stop.abort(new Error('notify is closing')); await this.drain() }

  deliveries(messageId: string): DeliveryRecord[] { return this.store.deliveries(messageId) }

  // ---- internals ----

  private track(p: Promise<void>): void {
    this.inflight.add(p)
    p.finally(() => this.inflight.delete(p))
  }

  private async deliver(sub: Subscription, messageId: string, send: () => Promise<void>, attemptsDone = 0): Promise<void> {
    const delays = this.opts.retryDelaysMs ?? [1_000, 2_000, 4_000, 8_000]
    for (let attempt = attemptsDone + 1; ; attempt++) {
      const base = { messageId, subscriptionArn: sub.SubscriptionArn, protocol: sub.Protocol, endpoint: sub.Endpoint, attempt }
      try {
        await send()
        this.store.recordDelivery({ ...base, status: 'DELIVERED', timestamp: this.clock.now() })
        return
      } catch (e) {
        const error = failure(e)
        const last = attempt > delays.length
        this.store.recordDelivery({ ...base, status: last ? 'FAILED' : 'RETRYING', timestamp: this.clock.now(), error })
        if (last) { this.opts.logger?.warn(`delivery failed: ${sub.Protocol} ${sub.Endpoint}: ${error}`, { messageId }); return }
        if (this.stop.signal.aborted) return
        try { await this.clock.sleep(delays[attempt - 1], this.stop.signal) } catch { return /* closing: left RETRYING for the next process */ }
      }
    }
  }

  private document(base: Omit<NotificationDocument, 'Signature' | 'SignatureVersion' | 'SigningCertURL'>): Promise<NotificationDocument> {
    return signed({ ...base, SignatureVersion: '1', SigningCertURL: `${this.endpointUrl}/SimpleNotificationService.pem` })
  }

  private async notification(topic: Topic, sub: Subscription, MessageId: string, req: PublishRequest, message: string, at: number): Promise<void> {
    const UnsubscribeURL = `${this.endpointUrl}/?Action=Unsubscribe&SubscriptionArn=${sub.SubscriptionArn}`
    const base = {
      Type: 'Notification' as const, MessageId, TopicArn: topic.TopicArn, Subject: req.Subject, Message: message,
      Timestamp: new Date(at).toISOString(), UnsubscribeURL, MessageAttributes: attributesForJson(req.MessageAttributes),
    }
    // only endpoints that can verify get a signature (key generation is not free)
    const signedJson = async () => JSON.stringify(await this.document(base), null, 2)
    switch (sub.Protocol) {
      case 'email':
        return this.transports.email({
          to: sub.Endpoint, from: this.from(topic), subject: req.Subject ?? 'AWS Notification Message',
          text: emailBody(message, sub.SubscriptionArn, sub.Endpoint, `https://sns.${this.region}.amazonaws.com/unsubscribe.html`),
        })
      case 'email-json':
        return this.transports.email({ to: sub.Endpoint, from: this.from(topic), subject: req.Subject ?? 'AWS Notification Message', text: await signedJson() })
      case 'http': case 'https':
        return this.transports.http({
          url: sub.Endpoint, body: sub.RawMessageDelivery ? message : await signedJson(),
          headers: {
            'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification', 'x-amz-sns-message-id': MessageId,
            'x-amz-sns-topic-arn': topic.TopicArn, 'x-amz-sns-subscription-arn': sub.SubscriptionArn,
            ...(sub.RawMessageDelivery ? { 'x-amz-sns-rawdelivery': 'true' } : {}),
          },
        })
      case 'file': {
        const stamp = new Date(at).toISOString().replace(/[-:]/g, '').replace('.', '')
        const { UnsubscribeURL: _, ...doc } = base
        await this.transports.file(`${sub.Endpoint}/${topic.Name}`, `${stamp}-${MessageId}.json`, JSON.stringify(doc, null, 2) + '\n')
        return
      }
    }
  }

  private async confirmationRequest(topic: Topic, sub: Subscription): Promise<void> {
    const SubscribeURL = `${this.endpointUrl}/?Action=ConfirmSubscription&TopicArn=${topic.TopicArn}&Token=${sub.Token}`
    const Message = `You have chosen to subscribe to the topic ${topic.TopicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`
    if (sub.Protocol === 'email' || sub.Protocol === 'email-json') {
      return this.transports.email({
        to: sub.Endpoint, from: this.from(topic), subject: 'AWS Notification - Subscription Confirmation',
        text: `You have chosen to subscribe to the topic:\n${topic.TopicArn}\n\nTo confirm this subscription, click or visit the link below (If this was in error no action is necessary):\n${SubscribeURL}\n`,
      })
    }
    const doc = await this.document({ Type: 'SubscriptionConfirmation', MessageId: randomUUID(), Token: sub.Token, TopicArn: topic.TopicArn, Message, SubscribeURL, Timestamp: new Date(this.clock.now()).toISOString() })
    return this.transports.http({
      url: sub.Endpoint, body: JSON.stringify(doc),
      headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'SubscriptionConfirmation', 'x-amz-sns-message-id': doc.MessageId, 'x-amz-sns-topic-arn': topic.TopicArn },
    })
  }

  private from(topic: Topic): string {
    const address = this.opts.smtp?.from ?? 'rsqlflow@localhost'
    return `"${(topic.DisplayName ?? 'AWS Notifications').replace(/"/g, '')}" <${address}>`
  }
}

/** An error's message with its cause (fetch says only 'fetch failed'; the cause says 'connect ECONNREFUSED …'). */
function failure(e: unknown): string {
  const message = (e as Error)?.message ?? String(e)
  const cause = (e as { cause?: { message?: string } })?.cause?.message
  return cause && !message.includes(cause) ? `${message}: ${cause}` : message
}

export function isConfirmed(s: Subscription): boolean { return s.Status === 'Confirmed' }
export type { Database }

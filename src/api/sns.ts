// Amazon SNS over the Query protocol: form-encoded `Action=Publish&…`, XML replies and
// `<ErrorResponse>` errors, as `@aws-sdk/client-sns` and the aws CLI speak it.
import type { App } from '../app.ts'
import type { MessageAttributeValue } from '../notify/index.ts'
import { AwsError, toAwsError } from './errors.ts'

const NS = 'http://sns.amazonaws.com/doc/2010-03-31/'

type Params = URLSearchParams
type Handler = (app: App, p: Params) => string

export const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, ch => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!)

const el = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`)

function required(p: Params, name: string): string {
  const v = p.get(name)
  if (v === null || v === '') throw new AwsError(400, 'InvalidParameter', `Invalid parameter: ${name}: must not be empty`)
  return v
}

/** `Prefix.entry.N.<key>` / `Prefix.entry.N.<value>` pairs of the Query protocol's maps, by N. */
function entries(p: Params, prefix: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>()
  for (const [k, v] of p) {
    const m = new RegExp(`^${prefix}\\.entry\\.(\\d+)\\.(.+)$`).exec(k)
    if (!m) continue
    const e = out.get(m[1]) ?? new Map<string, string>()
    e.set(m[2], v)
    out.set(m[1], e)
  }
  return out
}

function messageAttributes(p: Params): Record<string, MessageAttributeValue> | undefined {
  const attrs: Record<string, MessageAttributeValue> = {}
  for (const e of entries(p, 'MessageAttributes').values()) {
    const name = e.get('Name')
    if (!name) continue
    attrs[name] = { DataType: e.get('Value.DataType') ?? 'String', StringValue: e.get('Value.StringValue'), BinaryValue: e.get('Value.BinaryValue') }
  }
  return Object.keys(attrs).length ? attrs : undefined
}

function attributes(p: Params): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of entries(p, 'Attributes').values()) if (e.has('key')) out[e.get('key')!] = e.get('value') ?? ''
  return out
}

const result = (action: string, inner: string) =>
  `<${action}Response xmlns="${NS}"><${action}Result>${inner}</${action}Result>` +
  `<ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata></${action}Response>`

const actions: Record<string, Handler> = {
  Publish(app, p) {
    const r = app.notify.publish({
      TopicArn: p.get('TopicArn') ?? undefined, TargetArn: p.get('TargetArn') ?? undefined, Message: required(p, 'Message'),
      Subject: p.get('Subject') ?? undefined, MessageStructure: p.get('MessageStructure') ?? undefined, MessageAttributes: messageAttributes(p),
    })
    return result('Publish', el('MessageId', r.MessageId))
  },
  CreateTopic(app, p) {
    const a = attributes(p)
    return result('CreateTopic', el('TopicArn', app.notify.createTopic({ Name: required(p, 'Name'), Attributes: { DisplayName: a.DisplayName } }).TopicArn))
  },
  DeleteTopic(app, p) {
    app.notify.deleteTopic(required(p, 'TopicArn'))
    return result('DeleteTopic', '')
  },
  ListTopics(app) {
    const members = app.notify.listTopics().Topics.map(t => `<member>${el('TopicArn', t.TopicArn)}</member>`).join('')
    return result('ListTopics', `<Topics>${members}</Topics>`)
  },
  Subscribe(app, p) {
    const a = attributes(p)
    const r = app.notify.subscribe({
      TopicArn: required(p, 'TopicArn'), Protocol: required(p, 'Protocol'), Endpoint: p.get('Endpoint') ?? undefined,
      Attributes: { RawMessageDelivery: a.RawMessageDelivery }, ReturnSubscriptionArn: p.get('ReturnSubscriptionArn') === 'true',
    })
    return result('Subscribe', el('SubscriptionArn', r.SubscriptionArn))
  },
  ConfirmSubscription(app, p) {
    return result('ConfirmSubscription', el('SubscriptionArn', app.notify.confirmSubscription({ TopicArn: required(p, 'TopicArn'), Token: required(p, 'Token') }).SubscriptionArn))
  },
  Unsubscribe(app, p) {
    app.notify.unsubscribe(required(p, 'SubscriptionArn'))
    return result('Unsubscribe', '')
  },
  ListSubscriptionsByTopic(app, p) {
    const subs = app.notify.listSubscriptionsByTopic(required(p, 'TopicArn')).Subscriptions
    const members = subs.map(s => `<member>${el('TopicArn', s.TopicArn)}${el('Protocol', s.Protocol)}${el('SubscriptionArn', s.SubscriptionArn)}${el('Endpoint', s.Endpoint)}${el('Owner', app.project.config.accountId)}</member>`).join('')
    return result('ListSubscriptionsByTopic', `<Subscriptions>${members}</Subscriptions>`)
  },
}

/** Handles one Query-protocol request body. */
export function sns(app: App, body: string): Response {
  const p = new URLSearchParams(body)
  try {
    const action = p.get('Action') ?? ''
    const handler = Object.hasOwn(actions, action) ? actions[action] : undefined
    if (!handler) throw new AwsError(400, 'InvalidAction', `unknown action: ${action || '(none)'}`)
    return xml(200, handler(app, p))
  } catch (err) {
    return snsError(toAwsError(err, 'InternalError'))
  }
}

/** An error as the Query protocol sends it: `<ErrorResponse><Error><Type/><Code/><Message/></Error>…`. */
export function snsError(e: AwsError): Response {
  const body = `<ErrorResponse xmlns="${NS}"><Error><Type>${e.sender ? 'Sender' : 'Receiver'}</Type>${el('Code', e.code)}${el('Message', e.message)}</Error>` +
    `<RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`
  return xml(e.status, body)
}

const xml = (status: number, body: string) => new Response(body, { status, headers: { 'content-type': 'text/xml' } })

import { createSign, generateKeyPair, type KeyObject } from 'node:crypto'
import type { MessageAttributeValue, NotificationDocument, Protocol } from './types.ts'
import { SnsError } from './errors.ts'

const MAX_BYTES = 262_144

/** Validates Publish's parameters as SNS does and returns the message text for each protocol. */
export function prepareMessage(req: { Message: unknown; Subject?: string; MessageStructure?: string; MessageAttributes?: Record<string, MessageAttributeValue> }): {
  text: string
  forProtocol: (p: Protocol) => string
} {
  if (req.Message === undefined || req.Message === null || req.Message === '') throw new SnsError('InvalidParameter', 'Invalid parameter: Empty message')
  const text = typeof req.Message === 'string' ? req.Message : JSON.stringify(req.Message)
  if (req.Subject !== undefined) {
    if (req.Subject.length === 0 || req.Subject.length >= 100) throw new SnsError('InvalidParameter', 'Invalid parameter: Subject must be 1 to 99 characters')
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(req.Subject)) throw new SnsError('InvalidParameter', 'Invalid parameter: Subject must not contain line breaks or control characters')
  }
  let attributesSize = 0
  for (const [name, v] of Object.entries(req.MessageAttributes ?? {})) {
    if (!v || typeof v.DataType !== 'string' || !/^(String|Number|Binary|String\.Array)(\..+)?$/.test(v.DataType)) {
      throw new SnsError('InvalidParameter', `Invalid parameter: MessageAttributes ${name}: DataType must be String, Number, Binary or String.Array`)
    }
    if (v.DataType.startsWith('Binary') ? v.BinaryValue === undefined : v.StringValue === undefined) {
      throw new SnsError('InvalidParameter', `Invalid parameter: MessageAttributes ${name}: the message attribute has no value`)
    }
    if (v.DataType.startsWith('Number') && !Number.isFinite(Number(v.StringValue))) throw new SnsError('InvalidParameter', `Invalid parameter: MessageAttributes ${name}: not a number: ${v.StringValue}`)
    attributesSize += Buffer.byteLength(name) + Buffer.byteLength(v.DataType) + Buffer.byteLength(String(v.StringValue ?? v.BinaryValue ?? ''))
  }
  if (Buffer.byteLength(text) + attributesSize > MAX_BYTES) throw new SnsError('InvalidParameter', 'Invalid parameter: Message too long')
  if (req.MessageStructure === undefined) return { text, forProtocol: () => text }
  if (req.MessageStructure !== 'json') throw new SnsError('InvalidParameter', `Invalid parameter: MessageStructure must be json, got ${req.MessageStructure}`)
  let parsed: unknown
  try { parsed = JSON.parse(text) } catch { throw new SnsError('InvalidParameter', 'Invalid parameter: Message Structure - JSON message body failed to parse') }
  if (!parsed || typeof parsed !== 'object' || typeof (parsed as Record<string, unknown>).default !== 'string') {
    throw new SnsError('InvalidParameter', 'Invalid parameter: Message Structure - No default entry in JSON message body')
  }
  const byProtocol = parsed as Record<string, unknown>
  return {
    text,
    forProtocol: p => {
      const v = byProtocol[p]
      return typeof v === 'string' ? v : byProtocol.default as string
    },
  }
}

/** A key pair made per process: deliveries carry a real SHA1withRSA signature, checkable against `signingCertificate()`. */
// generated off the event loop on first use, so a Publish never waits for it
let keys: Promise<{ privateKey: KeyObject; publicKey: KeyObject }> | undefined
function keyPair() {
  return keys ??= new Promise((resolve, reject) => generateKeyPair('rsa', { modulusLength: 2048 }, (e, publicKey, privateKey) => e ? reject(e) : resolve({ publicKey, privateKey })))
}
export async function signingPublicKeyPem(): Promise<string> { return (await keyPair()).publicKey.export({ type: 'spki', format: 'pem' }).toString() }

/** SNS's string-to-sign (signature version 1): field name, newline, value, newline, in this order. */
export function stringToSign(doc: Omit<NotificationDocument, 'Signature'>): string {
  const fields = doc.Type === 'Notification'
    ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
    : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type']
  return fields.filter(f => (doc as Record<string, unknown>)[f] !== undefined).map(f => `${f}\n${(doc as Record<string, unknown>)[f]}\n`).join('')
}

export async function signed(doc: Omit<NotificationDocument, 'Signature'>): Promise<NotificationDocument> {
  const signer = createSign('RSA-SHA1')
  signer.update(stringToSign(doc))
  const out: Record<string, unknown> = { ...doc, Signature: signer.sign((await keyPair()).privateKey, 'base64') }
  const order = ['Type', 'MessageId', 'Token', 'TopicArn', 'Subject', 'Message', 'SubscribeURL', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL', 'MessageAttributes']
  return Object.fromEntries(order.filter(k => out[k] !== undefined).map(k => [k, out[k]])) as unknown as NotificationDocument
}

export function attributesForJson(attrs: Record<string, MessageAttributeValue> | undefined): NotificationDocument['MessageAttributes'] {
  if (!attrs || !Object.keys(attrs).length) return undefined
  return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, {
    Type: v.DataType, Value: v.StringValue ?? Buffer.from(v.BinaryValue as Uint8Array | string).toString('base64'),
  }]))
}

/** The body of an `email` delivery: the message, then the footer SNS appends (services §3.3). */
export function emailBody(message: string, subscriptionArn: string, endpoint: string, unsubscribeBase: string): string {
  const url = `${unsubscribeBase}?SubscriptionArn=${subscriptionArn}&Endpoint=${endpoint}`
  return `${message}\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n${url}\n\n` +
    `Please do not reply directly to this email. If you have any questions or comments regarding this email, please contact us at https://aws.amazon.com/support\n`
}

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { createVerify } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import Database from 'better-sqlite3'
import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import { createNotify, defaultTransports, signingPublicKeyPem, stringToSign, type NotificationDocument } from '../../src/notify/index.ts'
import { networkInterfaces } from 'node:os'

const root = mkdtempSync(join(tmpdir(), 'rsqlflow-notify-'))
const mails: ParsedMail[] = []
const posts: { headers: Record<string, string | string[] | undefined>; body: string }[] = []
let failNext = 0
let smtp: SMTPServer, http: Server, smtpPort = 0, httpUrl = ''

before(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, cb) { simpleParser(stream).then(m => { mails.push(m); cb() }, cb) },
  })
  await new Promise<void>(r => smtp.listen(0, '127.0.0.1', r))
  smtpPort = (smtp.server.address() as AddressInfo).port
  http = createServer((req, res) => {
    let body = ''
    req.on('data', c => { body += c })
    req.on('end', () => {
      if (req.url === '/broken' || (req.url === '/flaky' && failNext > 0)) { if (req.url === '/flaky') failNext--; res.statusCode = 500; res.end('no'); return }
      posts.push({ headers: req.headers, body }); res.end('ok')
    })
  })
  await new Promise<void>(r => http.listen(0, '127.0.0.1', r))
  httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
})
after(async () => {
  await new Promise<void>(r => smtp.close(() => r()))
  await new Promise(r => http.close(r))
  rmSync(root, { recursive: true, force: true })
})

const make = (extra: Partial<Parameters<typeof createNotify>[0]> = {}) => createNotify({
  store: new Database(':memory:'), outboxDir: join(root, 'outbox'), retryDelaysMs: [5, 10],
  smtp: { host: '127.0.0.1', port: smtpPort, secure: false, from: 'rsqlflow@localhost' }, ...extra,
})

const verify = async (doc: NotificationDocument) => {
  const v = createVerify('RSA-SHA1'); v.update(stringToSign(doc))
  return v.verify(await signingPublicKeyPem(), doc.Signature, 'base64')
}

test('email: a subscription waits for confirmation, then mails get the subject, the message and the SNS footer', async () => {
  const notify = make()
  const { TopicArn } = notify.createTopic({ Name: 'etl-notifications', Attributes: { DisplayName: 'ETL' } })
  assert.equal(TopicArn, 'arn:aws:sns:us-east-1:000000000000:etl-notifications')
  assert.deepEqual(notify.subscribe({ TopicArn, Protocol: 'email', Endpoint: 'ops@example.com' }), { SubscriptionArn: 'pending confirmation' })
  await notify.drain()
  const confirmation = mails.pop()!
  assert.equal(confirmation.subject, 'AWS Notification - Subscription Confirmation')
  assert.equal(confirmation.to && 'text' in confirmation.to ? confirmation.to.text : '', 'ops@example.com')
  notify.publish({ TopicArn, Message: 'not yet' })
  await notify.drain()
  assert.equal(mails.length, 0, 'nothing is delivered before confirmation')
  const token = /Token=([0-9a-f]+)/.exec(confirmation.text!)![1]
  const { SubscriptionArn } = notify.confirmSubscription({ TopicArn, Token: token })
  const { MessageId } = notify.publish({ TopicArn, Subject: 'ETL succeeded', Message: 'all tables loaded' })
  await notify.drain()
  const mail = mails.pop()!
  assert.equal(mail.subject, 'ETL succeeded')
  assert.equal(mail.from?.text, '"ETL" <rsqlflow@localhost>')
  assert.equal(mail.text, `all tables loaded\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n` +
    `https://sns.us-east-1.amazonaws.com/unsubscribe.html?SubscriptionArn=${SubscriptionArn}&Endpoint=ops@example.com\n\n` +
    `Please do not reply directly to this email. If you have any questions or comments regarding this email, please contact us at https://aws.amazon.com/support\n`)
  assert.deepEqual(notify.deliveries(MessageId).map(d => d.status), ['DELIVERED'])
  notify.publish({ TopicArn, Message: 'no subject' })
  await notify.drain()
  assert.equal(mails.pop()!.subject, 'AWS Notification Message')
})

test('http: SubscriptionConfirmation, then signed Notification JSON with attributes; MessageStructure json picks per protocol', async () => {
  const notify = make()
  const { TopicArn } = notify.createTopic({ Name: 'hooks' })
  notify.subscribe({ TopicArn, Protocol: 'http', Endpoint: `${httpUrl}/hook` })
  await notify.drain()
  const conf = posts.pop()!
  assert.equal(conf.headers['x-amz-sns-message-type'], 'SubscriptionConfirmation')
  const confDoc = JSON.parse(conf.body) as NotificationDocument
  assert.equal(confDoc.Type, 'SubscriptionConfirmation')
  assert.ok(await verify(confDoc), 'confirmation signature verifies')
  notify.confirmSubscription({ TopicArn, Token: confDoc.Token! })
  notify.subscribe({ TopicArn, Protocol: 'email', Endpoint: 'team@example.com' }, { confirmed: true })
  const { MessageId } = notify.publish({
    TopicArn, Subject: 'Load', MessageStructure: 'json',
    Message: JSON.stringify({ default: 'plain', email: 'for people' }),
    MessageAttributes: { stage: { DataType: 'String', StringValue: 'copy' }, rows: { DataType: 'Number', StringValue: '42' } },
  })
  await notify.drain()
  const post = posts.pop()!
  assert.equal(post.headers['x-amz-sns-message-type'], 'Notification')
  assert.equal(post.headers['x-amz-sns-message-id'], MessageId)
  assert.equal(post.headers['content-type'], 'text/plain; charset=UTF-8')
  const doc = JSON.parse(post.body) as NotificationDocument
  assert.deepEqual(Object.keys(doc), ['Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL', 'MessageAttributes'])
  assert.equal(doc.Message, 'plain')
  assert.deepEqual(doc.MessageAttributes, { stage: { Type: 'String', Value: 'copy' }, rows: { Type: 'Number', Value: '42' } })
  assert.ok(await verify(doc), 'notification signature verifies')
  assert.match(mails.pop()!.text!, /^for people\n\n--\n/)
})

test('failed deliveries are retried with backoff and recorded; publishing never fails because of them', async () => {
  const notify = make()
  const { TopicArn } = notify.createTopic({ Name: 'flaky' })
  notify.subscribe({ TopicArn, Protocol: 'http', Endpoint: `${httpUrl}/flaky` }, { confirmed: true })
  notify.subscribe({ TopicArn, Protocol: 'http', Endpoint: `${httpUrl}/broken` }, { confirmed: true })
  notify.subscribe({ TopicArn, Protocol: 'email', Endpoint: 'x@example.com' }, { confirmed: true })
  const broken = make({ smtp: { host: '127.0.0.1', port: 1, from: 'a@b' } })
  const t2 = broken.createTopic({ Name: 'nomail' }).TopicArn
  broken.subscribe({ TopicArn: t2, Protocol: 'email', Endpoint: 'x@example.com' }, { confirmed: true })
  failNext = 2
  const { MessageId } = notify.publish({ TopicArn, Message: 'hello' })
  const m2 = broken.publish({ TopicArn: t2, Message: 'hello' }).MessageId
  await Promise.all([notify.drain(), broken.drain()])
  const by = (ds: ReturnType<typeof notify.deliveries>, end: string) => ds.filter(d => d.endpoint.endsWith(end)).map(d => d.status)
  const ds = notify.deliveries(MessageId)
  const flaky = by(ds, '/flaky'), bad = by(ds, '/broken')
  assert.deepEqual(flaky, ['RETRYING', 'RETRYING', 'DELIVERED'], 'two errors, then delivered on the third attempt')
  assert.deepEqual(bad, ['RETRYING', 'RETRYING', 'FAILED'])
  assert.match(ds.find(d => d.status === 'FAILED')!.error!, /HTTP 500/)
  assert.deepEqual(by(ds, 'x@example.com'), ['DELIVERED'])
  assert.deepEqual(broken.deliveries(m2).map(d => d.status), ['RETRYING', 'RETRYING', 'FAILED'])
  mails.length = 0; posts.length = 0
})

test('the file outbox is the zero-config subscription, confirmed at once', async () => {
  const outbox = join(root, 'outbox')
  const notify = make({ topics: [{ name: 'etl', subscriptions: [{ protocol: 'file' }] }] })
  const TopicArn = notify.topicArn('etl')
  assert.equal(notify.listSubscriptionsByTopic(TopicArn).Subscriptions[0].Status, 'Confirmed')
  const { MessageId } = notify.publish({ TopicArn, Subject: 'Done', Message: { result: 'ok' } })
  await notify.drain()
  const files = readdirSync(join(outbox, 'etl'))
  assert.equal(files.length, 1)
  assert.ok(files[0].endsWith(`-${MessageId}.json`))
  const doc = JSON.parse(readFileSync(join(outbox, 'etl', files[0]), 'utf8'))
  assert.equal(doc.Message, '{"result":"ok"}')
  assert.equal(doc.Subject, 'Done')
})

test('Publish and Subscribe errors carry SNS codes', () => {
  const notify = make()
  const { TopicArn } = notify.createTopic({ Name: 't' })
  const cases: [() => unknown, string, RegExp][] = [
    [() => notify.publish({ TopicArn: notify.topicArn('missing'), Message: 'x' }), 'NotFound', /^Topic does not exist$/],
    [() => notify.publish({ TopicArn, Message: '' }), 'InvalidParameter', /Empty message/],
    [() => notify.publish({ TopicArn, Message: 'x', Subject: 'a'.repeat(100) }), 'InvalidParameter', /Subject/],
    [() => notify.publish({ TopicArn, Message: 'x', Subject: 'two\nlines' }), 'InvalidParameter', /line breaks/],
    [() => notify.publish({ TopicArn, Message: '{"email":"x"}', MessageStructure: 'json' }), 'InvalidParameter', /No default entry in JSON message body/],
    [() => notify.publish({ TopicArn, Message: 'x'.repeat(262_145) }), 'InvalidParameter', /too long/],
    [() => notify.subscribe({ TopicArn, Protocol: 'sms', Endpoint: '+1' }), 'InvalidParameter', /unsupported protocol/],
  ]
  for (const [fn, code, message] of cases) assert.throws(fn, (e: Error & { code?: string }) => { assert.equal(e.code, code); assert.match(e.message, message); return true })
})

test('a delivery a dead process left between retries is resumed by the next start', async () => {
  const db = new Database(join(root, 'resume.db'))
  const never = { now: () => Date.now(), sleep: () => new Promise<void>(() => {}) }
  const first = make({ store: db, clock: never, retryDelaysMs: [60_000], pid: 2 ** 22 + 17 })
  const other = make({ store: db, clock: never, retryDelaysMs: [60_000], pid: process.ppid })
  const { TopicArn } = first.createTopic({ Name: 'resume' })
  first.subscribe({ TopicArn, Protocol: 'http', Endpoint: `${httpUrl}/flaky` }, { confirmed: true })
  failNext = 2
  const { MessageId } = first.publish({ TopicArn, Subject: 'again', Message: 'survives' })
  const m2 = other.publish({ TopicArn, Message: 'owned by a live process' }).MessageId
  // the first attempts sign their notifications: the signing key is generated on first use (RSA, seconds on
  // a loaded machine), so the wait is bounded by a deadline, not by a count of 5 ms naps
  const deadline = Date.now() + 60_000
  while ((first.deliveries(MessageId).length === 0 || other.deliveries(m2).length === 0) && Date.now() < deadline) await new Promise(r => setTimeout(r, 5))
  assert.deepEqual(first.deliveries(MessageId).map(d => d.status), ['RETRYING'], 'the first attempt failed; the process "dies" while waiting')
  posts.length = 0
  const second = make({ store: db })
  assert.equal(second.resumeDeliveries(), 0, 'resumed once (by the start), and a live process keeps its own')
  await second.drain()
  assert.deepEqual(second.deliveries(m2).map(d => d.status), ['RETRYING'])
  assert.deepEqual(second.deliveries(MessageId).map(d => [d.attempt, d.status]), [[1, 'RETRYING'], [2, 'DELIVERED']])
  assert.equal(JSON.parse(posts.pop()!.body).Message, 'survives')
  const third = make({ store: db })
  await third.drain()
  assert.equal(third.deliveries(MessageId).length, 2, 'nothing left to resume')
})

test('a process that closes while a webhook is down leaves the delivery RETRYING (the cause named); the next start delivers it once the webhook is back', async () => {
  const db = new Database(join(root, 'handoff.db'))
  const probe = createServer()
  await new Promise<void>(r => probe.listen(0, '127.0.0.1', r))
  const port = (probe.address() as AddressInfo).port
  await new Promise(r => probe.close(r))
  // a `run` that ends right after its Publish: the first attempt fails while the process closes
  const first = make({ store: db, retryDelaysMs: [60_000, 60_000], pid: 2 ** 22 + 19 })
  const { TopicArn } = first.createTopic({ Name: 'handoff' })
  first.subscribe({ TopicArn, Protocol: 'http', Endpoint: `http://127.0.0.1:${port}/hook` }, { confirmed: true })
  const { MessageId } = first.publish({ TopicArn, Message: 'after the run' })
  await first.close()
  const left = first.deliveries(MessageId)
  assert.deepEqual(left.map(d => [d.attempt, d.status]), [[1, 'RETRYING']], 'attempts are left for the next process')
  assert.match(left[0].error!, /^fetch failed: connect ECONNREFUSED 127\.0\.0\.1:\d+$/)
  const bodies: string[] = []
  const back = createServer((req, res) => { let b = ''; req.on('data', c => { b += c }); req.on('end', () => { bodies.push(b); res.end('ok') }) })
  await new Promise<void>(r => back.listen(port, '127.0.0.1', r))
  try {
    const second = make({ store: db, retryDelaysMs: [60_000, 60_000] })
    await second.drain()
    assert.deepEqual(second.deliveries(MessageId).map(d => [d.attempt, d.status]), [[1, 'RETRYING'], [2, 'DELIVERED']])
    assert.equal(bodies.length, 1)
    assert.equal(JSON.parse(bodies[0]).Message, 'after the run')
    assert.equal(second.resumeDeliveries(), 0, 'nothing left to take over')
  } finally { await new Promise(r => back.close(r)) }
})

test('ConfirmSubscription with a token already used confirms again (a mail scanner opened the link first)', async () => {
  const notify = make()
  const { TopicArn } = notify.createTopic({ Name: 'twice' })
  notify.subscribe({ TopicArn, Protocol: 'email', Endpoint: 'twice@example.com' })
  await notify.drain()
  const Token = /Token=([0-9a-f]+)/.exec(mails.pop()!.text!)![1]
  const { SubscriptionArn } = notify.confirmSubscription({ TopicArn, Token })
  assert.deepEqual(notify.confirmSubscription({ TopicArn, Token }), { SubscriptionArn })
  assert.throws(() => notify.confirmSubscription({ TopicArn, Token: 'f'.repeat(64) }), /Invalid token/)
  assert.equal(notify.listSubscriptionsByTopic(TopicArn).Subscriptions[0].SubscriptionArn, SubscriptionArn)
  assert.ok(!('Token' in notify.listSubscriptionsByTopic(TopicArn).Subscriptions[0]), 'the token is never listed')
})

test('waiting between retries adds no listener that outlives the wait (a long-lived server retries many times)', async () => {
  const warnings: Error[] = []
  const onWarning = (w: Error) => { if (w.name === 'MaxListenersExceededWarning') warnings.push(w) }
  process.on('warning', onWarning)
  try {
    const notify = make({ retryDelaysMs: [1, 1, 1] })
    const { TopicArn } = notify.createTopic({ Name: 'many-retries' })
    notify.subscribe({ TopicArn, Protocol: 'http', Endpoint: `${httpUrl}/broken` }, { confirmed: true })
    for (let i = 0; i < 5; i++) notify.publish({ TopicArn, Message: `m${i}` })
    await notify.drain()
    await new Promise(r => setImmediate(r))
    assert.deepEqual(warnings.map(w => w.message), [])
  } finally { process.off('warning', onWarning) }
})

const lanAddress = Object.values(networkInterfaces()).flat().find(a => a && !a.internal && a.family === 'IPv4')?.address
test('email over TLS checks the SMTP server\'s certificate, but on loopback (self-signed development servers)', { skip: lanAddress ? false : 'this machine has no non-loopback IPv4 address' }, async () => {
  const received: string[] = []
  // smtp-server's built-in certificate is self-signed (and expired)
  const tls = new SMTPServer({ secure: true, authOptional: true, logger: false, onData(stream, _s, cb) { simpleParser(stream).then(m => { received.push(m.subject ?? ''); cb() }, cb) } })
  tls.on('error', () => {})  // the refused handshake: 'Socket closed while initiating TLS'
  await new Promise<void>(r => tls.listen(0, '0.0.0.0', r))
  const port = (tls.server.address() as AddressInfo).port
  try {
    const mail = { to: 'ops@example.com', from: 'rsqlflow@localhost', text: 'x' }
    await defaultTransports({ host: '127.0.0.1', port, secure: true, from: 'rsqlflow@localhost' }).email({ ...mail, subject: 'loopback' })
    await assert.rejects(defaultTransports({ host: lanAddress!, port, secure: true, from: 'rsqlflow@localhost' }).email({ ...mail, subject: 'network' }), /certificate/, 'an unverifiable certificate (self-signed, expired) is refused')
    assert.deepEqual(received, ['loopback'])
  } finally { await new Promise<void>(r => tls.close(() => r())) }
})

// Amazon SNS over the Query protocol, driven by the real @aws-sdk/client-sns; a file subscription shows the
// message was delivered.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CreateTopicCommand, ListSubscriptionsByTopicCommand, ListTopicsCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns'
import { serve, until, type Served } from './helpers.ts'

let s: Served
before(async () => { s = await serve({ name: 'notes', topics: [{ name: 'etl-alerts' }] }) })
after(() => s.close())

test('CreateTopic, ListTopics, Subscribe, ListSubscriptionsByTopic, Publish: a file subscriber receives the message', async () => {
  const { TopicArn } = await s.sns.send(new CreateTopicCommand({ Name: 'loads' }))
  assert.equal(TopicArn, 'arn:aws:sns:us-east-1:000000000000:loads')
  const again = await s.sns.send(new CreateTopicCommand({ Name: 'loads' }))
  assert.equal(again.TopicArn, TopicArn, 'CreateTopic is idempotent')
  const { Topics } = await s.sns.send(new ListTopicsCommand({}))
  assert.deepEqual(Topics!.map(t => t.TopicArn).sort(), ['arn:aws:sns:us-east-1:000000000000:etl-alerts', TopicArn])
  const outbox = join(s.dir, 'outbox-test')
  const sub = await s.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'file', Endpoint: outbox, ReturnSubscriptionArn: true }))
  assert.match(sub.SubscriptionArn!, /^arn:aws:sns:us-east-1:000000000000:loads:/)
  const subs = await s.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))
  assert.deepEqual(subs.Subscriptions!.map(x => [x.Protocol, x.Endpoint]), [['file', outbox]])
  const message = 'loaded 6,001,215 rows into lineitem <ok> & "done"'
  const pub = await s.sns.send(new PublishCommand({
    TopicArn, Subject: 'ETL done', Message: message,
    MessageAttributes: { table: { DataType: 'String', StringValue: 'lineitem' } },
  }))
  assert.match(pub.MessageId!, /^[0-9a-f-]{36}$/)
  const topicDir = join(outbox, 'loads')
  const files = await until(async () => {
    const f = (await readdir(topicDir).catch(() => [] as string[])).filter(n => n.endsWith('.json'))
    return f.length ? f : undefined
  }, 10_000, 'the delivery')
  const doc = JSON.parse(await readFile(join(topicDir, files[0]), 'utf8')) as Record<string, unknown>
  assert.equal(doc.Message, message)
  assert.equal(doc.Subject, 'ETL done')
  assert.equal(doc.MessageId, pub.MessageId)
  assert.deepEqual(doc.MessageAttributes, { table: { Type: 'String', Value: 'lineitem' } })
})

test('errors: an unknown topic is NotFound, a missing message InvalidParameter (NotFoundException, InvalidParameterException in the SDK), an unknown action InvalidAction', async () => {
  await assert.rejects(s.sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:ghost', Message: 'x' })),
    // the SDK names the Query protocol's `NotFound` code NotFoundException
    (e: Error & { $metadata?: { httpStatusCode?: number } }) => e.name === 'NotFoundException' && e.$metadata?.httpStatusCode === 404)
  await assert.rejects(s.sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:etl-alerts', Message: '' })), { name: 'InvalidParameterException' })
  const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=LaunchRocket&Version=2010-03-31' })
  assert.equal(res.status, 400)
  const xml = await res.text()
  assert.match(xml, /^<ErrorResponse xmlns="http:\/\/sns\.amazonaws\.com\/doc\/2010-03-31\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/)
  assert.match(xml, /LaunchRocket/)
})

test('over GET only ConfirmSubscription is answered (the link mailed to a subscriber)', async () => {
  const confirm = await fetch(`${s.url}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent('arn:aws:sns:us-east-1:000000000000:etl-alerts')}&Token=not-issued`)
  assert.equal(confirm.status, 400)
  assert.match(await confirm.text(), /<Code>InvalidParameter<\/Code><Message>Invalid token<\/Message>/)
  const list = await fetch(`${s.url}/?Action=ListTopics`)
  assert.equal(list.status, 400)
  assert.match(await list.text(), /<Code>InvalidAction<\/Code>/)
})

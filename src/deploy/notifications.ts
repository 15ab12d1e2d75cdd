import { Stack, type StackProps, RemovalPolicy, Duration } from 'aws-cdk-lib'
import * as kms from 'aws-cdk-lib/aws-kms'
import * as sns from 'aws-cdk-lib/aws-sns'
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions'
import type { Construct } from 'constructs'
import type { TopicConfig } from '../project/index.ts'
import type { Naming } from './names.ts'

export interface NotificationsStackProps extends StackProps {
  naming: Naming
  topics: TopicConfig[]
}

/**
 * SNS: one KMS-encrypted, TLS-only topic per configured topic, with its email and HTTP(S) subscriptions.
 * `file` subscriptions are the local outbox and have no AWS counterpart; they are left out.
 */
export class NotificationsStack extends Stack {
  readonly key: kms.Key
  /** Local name → deployed topic name. */
  readonly topicNames: Record<string, string> = {}

  constructor(scope: Construct, id: string, props: NotificationsStackProps) {
    super(scope, id, props)
    this.key = new kms.Key(this, 'TopicKey', {
      description: `${props.naming.prefix}: encrypts the notification topics`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    })
    props.topics.forEach((t, i) => {
      const topicName = props.naming.name(t.name, 256, `rsqlflow.json: topics[${i}].name`)
      const topic = new sns.Topic(this, `Topic-${t.name}`, {
        topicName,
        displayName: t.displayName,
        masterKey: this.key,
        enforceSSL: true,
      })
      for (const s of t.subscriptions) {
        if (s.protocol === 'file' || !s.endpoint) continue
        if (s.protocol === 'email' || s.protocol === 'email-json') {
          topic.addSubscription(new subscriptions.EmailSubscription(s.endpoint, { json: s.protocol === 'email-json' }))
        } else {
          topic.addSubscription(new subscriptions.UrlSubscription(s.endpoint, {
            protocol: s.protocol === 'http' ? sns.SubscriptionProtocol.HTTP : sns.SubscriptionProtocol.HTTPS,
            rawMessageDelivery: s.rawMessageDelivery,
          }))
        }
      }
      this.topicNames[t.name] = topicName
    })
  }

  static topicArn(stack: Stack, deployedName: string): string {
    return stack.formatArn({ service: 'sns', resource: deployedName })
  }
}

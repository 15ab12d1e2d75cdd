/** Amazon SNS's shapes (botocore `sns/2010-03-31`, PascalCase as the Query API and Step Functions use). */

export type Protocol = 'email' | 'email-json' | 'http' | 'https' | 'file'
export const PROTOCOLS: readonly Protocol[] = ['email', 'email-json', 'http', 'https', 'file']

export interface Topic { TopicArn: string; Name: string; DisplayName?: string }

export type SubscriptionStatus = 'PendingConfirmation' | 'Confirmed'
export interface Subscription {
  SubscriptionArn: string
  TopicArn: string
  Protocol: Protocol
  Endpoint: string
  Status: SubscriptionStatus
  RawMessageDelivery: boolean
  /** The confirmation token while pending. */
  Token?: string
}

export interface MessageAttributeValue { DataType: string; StringValue?: string; BinaryValue?: string | Uint8Array }

export interface PublishRequest {
  TopicArn?: string
  TargetArn?: string
  Message: string | object
  Subject?: string
  MessageStructure?: 'json' | string
  MessageAttributes?: Record<string, MessageAttributeValue>
  MessageGroupId?: string
  MessageDeduplicationId?: string
}
export interface PublishResponse { MessageId: string }

export interface SubscribeRequest {
  TopicArn: string
  Protocol: string
  Endpoint?: string
  Attributes?: { RawMessageDelivery?: string }
  ReturnSubscriptionArn?: boolean
}

/** The JSON document SNS delivers to HTTP/S and email-json endpoints. */
export interface NotificationDocument {
  Type: 'Notification' | 'SubscriptionConfirmation'
  MessageId: string
  Token?: string
  TopicArn: string
  Subject?: string
  Message: string
  Timestamp: string
  SignatureVersion: '1'
  Signature: string
  SigningCertURL: string
  SubscribeURL?: string
  UnsubscribeURL?: string
  MessageAttributes?: Record<string, { Type: string; Value: string }>
}

/** PENDING: recorded at Publish, before the first attempt (so a crash cannot lose it). */
export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'RETRYING' | 'FAILED'
export interface DeliveryRecord {
  messageId: string
  subscriptionArn: string
  protocol: Protocol
  endpoint: string
  attempt: number
  status: DeliveryStatus
  timestamp: number
  error?: string
}

/** Where email goes. */
export interface SmtpConfig { host: string; port: number; secure?: boolean; from: string; user?: string; password?: string }

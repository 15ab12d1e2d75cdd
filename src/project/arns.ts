import type { ProjectConfig } from './config.ts'

type Account = Pick<ProjectConfig, 'region' | 'accountId'>

export function stateMachineArn(c: Account, workflow: string): string {
  return `arn:aws:states:${c.region}:${c.accountId}:stateMachine:${workflow}`
}

export function topicArn(c: Account, topic: string): string {
  return `arn:aws:sns:${c.region}:${c.accountId}:${topic}`
}

export function jobQueueArn(c: Account, queue: string): string {
  return `arn:aws:batch:${c.region}:${c.accountId}:job-queue/${queue}`
}

export function jobDefinitionArn(c: Account, definition: string, revision = 1): string {
  return `arn:aws:batch:${c.region}:${c.accountId}:job-definition/${definition}:${revision}`
}

/**
 * The resource name an ARN or a plain name designates: `etl-queue`, `arn:…:job-queue/etl-queue`,
 * `arn:…:job-definition/rsql-job:3` (revision dropped), `arn:…:stateMachine:etl`, `arn:…:sns:…:topic`.
 */
export function resourceName(arnOrName: string): string {
  if (!arnOrName.startsWith('arn:')) return arnOrName.replace(/:\d+$/, '')
  const resource = arnOrName.split(':').slice(5).join(':')
  const slash = resource.indexOf('/')
  if (slash >= 0) return resource.slice(slash + 1).replace(/:\d+$/, '')
  const parts = resource.split(':')
  return parts[0] === 'stateMachine' ? parts[1] : parts[parts.length - 1]
}

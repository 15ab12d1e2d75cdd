// Task `Resource` ARNs → handlers. Integrations register from outside (src/integrations, test mocks);
// the engine only knows the three patterns: request-response, `.sync` (run to completion) and
// `.waitForTaskToken` (start, then wait for SendTaskSuccess/Failure with the token).

export type IntegrationPattern = 'request-response' | 'sync' | 'sync:2' | 'waitForTaskToken'

export interface ResourceInfo {
  /** the ARN without its pattern suffix: `arn:aws:states:::batch:submitJob` */
  base: string
  pattern: IntegrationPattern
  /** AWS's `resourceType` / `resource` in TaskScheduled: `batch` / `submitJob.sync` */
  resourceType: string
  resource: string
}

export interface TaskInvocation {
  resource: ResourceInfo
  arn: string
  parameters: unknown
  /** aborted when the execution stops, the task times out or a sibling branch fails */
  signal: AbortSignal
  /** set for `.waitForTaskToken` (also `$$.Task.Token`) */
  taskToken?: string
  /** keeps a task with HeartbeatSeconds alive */
  heartbeat(): void
  /**
   * `.sync` tasks: the service accepted the work (a job submitted, an execution started). AWS records it as
   * TaskSubmitted with the service's response as output; a re-attached attempt may call it again (recorded once).
   */
  submitted?(output: unknown): void
  executionArn: string
  /**
   * Identifies this attempt of this state visit, stable across restarts (execution ARN, frame,
   * visit, attempt): an integration can store it with its work and find that work again.
   */
  taskKey?: string
  /** true when the engine restarted while this attempt was in flight (recovery `reattach`) */
  reattach?: boolean
  stateName: string
  region: string
  timeoutSeconds?: number
  heartbeatSeconds?: number
}

/** A handler resolves with the task's result or rejects with a TaskError. */
export type IntegrationHandler = (task: TaskInvocation) => Promise<unknown>

export interface IntegrationOptions {
  /**
   * After a crash: `reattach` calls the handler again with the same token and parameters (it must
   * find its work by them); `fail` fails the task with States.TaskFailed. Default `fail`.
   */
  recovery?: 'reattach' | 'fail'
}

/** A failure with AWS's error name and cause, as an integration reports it. */
export class TaskError extends Error {
  constructor(readonly error: string, readonly causeText?: string) {
    super(`${error}: ${causeText ?? ''}`)
    this.name = 'TaskError'
  }
}

interface Entry {
  pattern: string | RegExp
  handler: IntegrationHandler
  options: IntegrationOptions
}

const SUFFIXES: Array<[string, IntegrationPattern]> = [
  ['.waitForTaskToken', 'waitForTaskToken'],
  ['.sync:2', 'sync:2'],
  ['.sync', 'sync'],
]

export function parseResource(arn: string): ResourceInfo {
  let base = arn
  let pattern: IntegrationPattern = 'request-response'
  for (const [suffix, p] of SUFFIXES) {
    if (arn.endsWith(suffix)) {
      base = arn.slice(0, -suffix.length)
      pattern = p
      break
    }
  }
  const parts = arn.split(':')
  let resourceType = parts[2] ?? ''
  let resource = arn
  if (parts[2] === 'states' && parts[5] !== undefined) {
    // arn:aws:states:::lambda:invoke / arn:aws:states:::aws-sdk:s3:listBuckets
    const rest = parts.slice(5)
    resource = rest.pop() ?? ''
    resourceType = rest.join(':')
  }
  return { base, pattern, resourceType, resource }
}

export class IntegrationRegistry {
  private entries: Entry[] = []

  /**
   * `pattern` is a Resource without its pattern suffix, `*` matching any run of characters
   * (`arn:aws:states:::batch:submitJob`, `arn:aws:lambda:*:*:function:*`), or a RegExp over the full ARN.
   * Later registrations win.
   */
  register(pattern: string | RegExp, handler: IntegrationHandler, options: IntegrationOptions = {}): () => void {
    const entry = { pattern, handler, options }
    this.entries.unshift(entry)
    return () => {
      this.entries = this.entries.filter((e) => e !== entry)
    }
  }

  find(arn: string): Entry | undefined {
    const { base } = parseResource(arn)
    return this.entries.find((e) => (typeof e.pattern === 'string' ? glob(e.pattern).test(base) : e.pattern.test(arn)))
  }
}

const globs = new Map<string, RegExp>()
function glob(p: string): RegExp {
  let re = globs.get(p)
  if (!re) {
    re = new RegExp('^' + p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$')
    globs.set(p, re)
  }
  return re
}

/** The registry `registerIntegration` fills; engines use it unless given their own. */
export const defaultIntegrations = new IntegrationRegistry()

export function registerIntegration(pattern: string | RegExp, handler: IntegrationHandler, options?: IntegrationOptions): () => void {
  return defaultIntegrations.register(pattern, handler, options)
}

/** The shape of `rsqlflow.json` once defaults are applied (the schema in `schema/rsqlflow.schema.json`). */

export interface KeyValuePair { name: string; value: string }

/** Where SQL runs: `local` (the warehouse rsqlflow manages), a postgres:// URL, or an `.odbc.ini` DSN. */
export type WarehouseConfig =
  | { target: string; dsn?: undefined; odbcIni?: undefined }
  | { target?: undefined; dsn: string; odbcIni?: string }

export interface ObjectStoreConfig {
  type: 'local' | 's3'
  endpoint?: string
  region?: string
  forcePathStyle?: boolean
}

export interface ComputeEnvironmentConfig {
  name: string
  type: 'MANAGED' | 'UNMANAGED'
  state: 'ENABLED' | 'DISABLED'
  maxvCpus: number
}

export interface JobQueueConfig {
  name: string
  priority: number
  state: 'ENABLED' | 'DISABLED'
  computeEnvironmentOrder: string[]
}

export interface EvaluateOnExitConfig {
  onExitCode?: string
  onReason?: string
  onStatusReason?: string
  action: string
}

export interface JobDefinitionConfig {
  name: string
  type: 'container'
  executor: 'fetch-and-run' | 'subprocess' | 'container'
  parameters: Record<string, string>
  platformCapabilities?: ('EC2' | 'FARGATE')[]
  containerProperties: {
    image?: string
    command?: string[]
    environment: KeyValuePair[]
    resourceRequirements: { type: 'VCPU' | 'MEMORY' | 'GPU'; value: string }[]
    jobRoleArn?: string
    executionRoleArn?: string
    user?: string
  }
  retryStrategy?: { attempts?: number; evaluateOnExit?: EvaluateOnExitConfig[] }
  timeout?: { attemptDurationSeconds?: number }
  tags?: Record<string, string>
}

export interface SubscriptionConfig {
  protocol: 'file' | 'email' | 'email-json' | 'http' | 'https'
  endpoint?: string
  rawMessageDelivery?: boolean
}

export interface TopicConfig {
  name: string
  displayName?: string
  subscriptions: SubscriptionConfig[]
}

export interface SmtpConfig {
  host: string
  port: number
  secure: boolean
  from: string
  user?: string
  password?: string
}

export interface TriggerConfig {
  name: string
  workflow: string
  eventPattern: Record<string, unknown>
  state: 'ENABLED' | 'DISABLED'
}

export interface ScheduleConfig {
  name: string
  workflow: string
  scheduleExpression: string
  scheduleExpressionTimezone?: string
  input?: unknown
  state: 'ENABLED' | 'DISABLED'
}

/** A project's configuration with every default filled in. */
export interface ProjectConfig {
  name: string
  region: string
  accountId: string
  warehouse: WarehouseConfig
  objectStore: ObjectStoreConfig
  /** Logical role → bucket name; `scripts` and `data` are always present. */
  buckets: { scripts: string; data: string; [role: string]: string }
  computeEnvironments: ComputeEnvironmentConfig[]
  jobQueues: JobQueueConfig[]
  jobDefinitions: JobDefinitionConfig[]
  topics: TopicConfig[]
  smtp: SmtpConfig
  triggers: TriggerConfig[]
  schedules: ScheduleConfig[]
}

/** What a project file may hold before defaults: everything but `name` is optional. */
export type RawProjectConfig = { name: string } & { [K in keyof ProjectConfig]?: unknown }

export const DEFAULT_REGION = 'us-east-1'
export const DEFAULT_ACCOUNT_ID = '000000000000'
export const DEFAULT_COMPUTE_ENVIRONMENT = 'local'
export const DEFAULT_JOB_QUEUE = 'etl-queue'
export const DEFAULT_JOB_DEFINITION = 'rsql-job'

type Obj = Record<string, any>

/** Fills in the zero-config defaults; the input has passed the schema. */
export function applyDefaults(raw: Obj): ProjectConfig {
  const name = raw.name as string
  const computeEnvironments = ((raw.computeEnvironments as Obj[] | undefined) ?? [{ name: DEFAULT_COMPUTE_ENVIRONMENT }])
    .map(ce => ({ type: 'MANAGED', state: 'ENABLED', maxvCpus: 4, ...ce }) as ComputeEnvironmentConfig)
  const firstCe = computeEnvironments[0]?.name ?? DEFAULT_COMPUTE_ENVIRONMENT
  const jobQueues = ((raw.jobQueues as Obj[] | undefined) ?? [{ name: DEFAULT_JOB_QUEUE }])
    .map(q => ({ priority: 1, state: 'ENABLED', computeEnvironmentOrder: [firstCe], ...q }) as JobQueueConfig)
  const jobDefinitions = ((raw.jobDefinitions as Obj[] | undefined) ?? [{ name: DEFAULT_JOB_DEFINITION }])
    .map(d => {
      const executor = d.executor ?? 'fetch-and-run'
      const cp = d.containerProperties ?? {}
      return {
        type: 'container', executor, parameters: {}, ...d,
        containerProperties: {
          ...cp,
          command: cp.command ?? (executor === 'fetch-and-run' ? ['fetch-and-run'] : undefined),
          environment: cp.environment ?? [],
          resourceRequirements: cp.resourceRequirements ?? [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '2048' }],
        },
      } as JobDefinitionConfig
    })
  const warehouse = (raw.warehouse as Obj | undefined) ?? {}
  return {
    name,
    region: raw.region ?? DEFAULT_REGION,
    accountId: raw.accountId ?? DEFAULT_ACCOUNT_ID,
    warehouse: warehouse.dsn ? { dsn: warehouse.dsn, odbcIni: warehouse.odbcIni } : { target: warehouse.target ?? 'local' },
    objectStore: { type: 'local', ...(raw.objectStore as Obj | undefined) },
    buckets: { scripts: `${name}-scripts`, data: `${name}-data`, ...(raw.buckets as Obj | undefined) },
    computeEnvironments,
    jobQueues,
    jobDefinitions,
    topics: ((raw.topics as Obj[] | undefined) ?? []).map(t => ({ subscriptions: [] as SubscriptionConfig[], ...t }) as TopicConfig),
    smtp: { host: '127.0.0.1', port: 25, secure: false, from: 'rsqlflow@localhost', ...(raw.smtp as Obj | undefined) },
    triggers: ((raw.triggers as Obj[] | undefined) ?? []).map(t => ({ state: 'ENABLED', ...t }) as TriggerConfig),
    schedules: ((raw.schedules as Obj[] | undefined) ?? []).map(s => ({ state: 'ENABLED', ...s }) as ScheduleConfig),
  }
}

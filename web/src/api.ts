// The console's calls to the server's /console/api, and the shapes it answers with.

export type StateStatus = 'running' | 'succeeded' | 'failed' | 'caught' | 'not-run'

export interface StateView {
  name: string; status: StateStatus; input?: string; output?: string; error?: string; cause?: string
  aborted?: boolean; retries: number; visits: number; jobIds: string[]
}

export interface HistoryEvent { id: number; previousEventId: number; timestamp: string; type: string; [details: string]: unknown }

export interface Execution {
  executionArn: string; stateMachineArn: string; stateMachineName?: string; name: string; status: string
  startDate: string; stopDate?: string; input: string; output?: string; error?: string; cause?: string
  redriveCount: number; redriveStatus: 'REDRIVABLE' | 'NOT_REDRIVABLE'
}

export interface ExecutionSummary { executionArn: string; stateMachineArn: string; name: string; status: string; startDate: string; stopDate?: string; redriveCount: number }

export interface StateMachine { stateMachineArn: string; name: string; type: string; creationDate: string; workflow: boolean; lastExecution?: ExecutionSummary }

export interface GraphNode { id: string; kind: 'state' | 'group' | 'start' | 'end'; label: string; type?: string; parent?: string; x: number; y: number; width: number; height: number }
export interface GraphEdge { id: string; source: string; target: string; kind: 'next' | 'choice' | 'default' | 'catch'; label?: string }
export interface Graph { nodes: GraphNode[]; edges: GraphEdge[] }

export interface Attempt { container: { exitCode?: number; reason?: string; logStreamName?: string }; startedAt?: number; stoppedAt?: number; statusReason?: string }
export interface Job {
  jobId: string; jobName: string; jobArn: string; jobQueue: string; jobDefinition: string; status: string; statusReason?: string
  createdAt: number; startedAt?: number; stoppedAt?: number; attempts: Attempt[]
  container: { command: string[]; environment: { name: string; value?: string }[]; exitCode?: number; reason?: string }
}
export interface LogLine { jobId: string; attempt: number; seq: number; timestamp: number; stream: 'stdout' | 'stderr'; message: string }

export interface Delivery { subscriptionArn: string; protocol: string; endpoint: string; attempt: number; status: string; timestamp: number; error?: string }
export interface Message { MessageId: string; Subject?: string; Message: string; PublishedAt: number; deliveries: Delivery[] }
export interface Topic { TopicArn: string; Name: string; DisplayName?: string; messages: Message[] }

export class ApiError extends Error {
  constructor(readonly code: string, message: string) { super(message) }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/console/api${path}`, {
    method, credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const data = await res.json().catch(() => ({ code: 'InternalFailure', message: `the server answered ${res.status}` }))
  if (!res.ok) throw new ApiError(data.code ?? 'InternalFailure', data.message ?? `the server answered ${res.status}`)
  return data as T
}

const enc = encodeURIComponent

export const api = {
  stateMachines: () => call<{ stateMachines: StateMachine[] }>('GET', '/state-machines'),
  stateMachine: (name: string) => call<{ name: string; definition: string }>('GET', `/state-machines/${enc(name)}`),
  start: (machine: string, input: string, name?: string) => call<{ executionArn: string }>('POST', `/state-machines/${enc(machine)}/executions`, { input, name }),
  executions: (q: { stateMachine?: string; status?: string; maxResults?: string }) => {
    const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1]))
    return call<{ executions: ExecutionSummary[]; nextToken?: string }>('GET', `/executions?${params}`)
  },
  execution: (arn: string) => call<{ execution: Execution; events: HistoryEvent[]; states: Record<string, StateView> }>('GET', `/executions/${enc(arn)}`),
  graph: (arn: string) => call<Graph>('GET', `/executions/${enc(arn)}/graph`),
  stop: (arn: string) => call<{ stopDate: string }>('POST', `/executions/${enc(arn)}/stop`),
  redrive: (arn: string) => call<{ redriveDate: string }>('POST', `/executions/${enc(arn)}/redrive`),
  job: (id: string) => call<{ job: Job; logs: LogLine[] }>('GET', `/jobs/${enc(id)}`),
  notifications: () => call<{ topics: Topic[] }>('GET', '/notifications'),
  executionEvents: (arn: string, after: number) => new EventSource(`/console/api/executions/${enc(arn)}/events?after=${after}`),
  jobEvents: (id: string, after?: { attempt: number; seq: number }) =>
    new EventSource(`/console/api/jobs/${enc(id)}/events${after ? `?attempt=${after.attempt}&seq=${after.seq}` : ''}`),
}

export const links = {
  home: '#/',
  executions: (q: { stateMachine?: string; status?: string } = {}) => {
    const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1])).toString()
    return `#/executions${params ? `?${params}` : ''}`
  },
  execution: (arn: string) => `#/executions/${enc(arn)}`,
  job: (id: string) => `#/jobs/${enc(id)}`,
  notifications: '#/notifications',
}

export const formatTime = (t: string | number | undefined): string => (t === undefined ? '' : new Date(t).toLocaleString())

/** JSON text shown indented when it parses, as it is otherwise. */
export function pretty(text: string | undefined): string {
  if (text === undefined) return ''
  try { return JSON.stringify(JSON.parse(text), null, 2) } catch { return text }
}

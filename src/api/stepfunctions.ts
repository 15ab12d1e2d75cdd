// AWS Step Functions over JSON 1.0: `POST /` with `X-Amz-Target: AWSStepFunctions.<Operation>`, one
// handler per operation, timestamps as epoch seconds, errors `{"__type":"com.amazonaws.states#Code"}`.
import type { App } from '../app.ts'
import { validateDefinition, type HistoryEvent } from '../states/index.ts'
import { AwsError, jsonObjectBody, toAwsError } from './errors.ts'

type Body = Record<string, unknown>
type Handler = (app: App, body: Body) => unknown | Promise<unknown>

export const OPERATIONS = [
  'CreateStateMachine', 'UpdateStateMachine', 'DescribeStateMachine', 'ListStateMachines', 'StartExecution',
  'StartSyncExecution', 'DescribeExecution', 'ListExecutions', 'GetExecutionHistory', 'StopExecution',
  'RedriveExecution', 'SendTaskSuccess', 'SendTaskFailure', 'SendTaskHeartbeat', 'ValidateStateMachineDefinition',
  'DescribeStateMachineForExecution',
] as const
export type Operation = typeof OPERATIONS[number]

const seconds = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso) / 1000)

function str(body: Body, field: string, required: true): string
function str(body: Body, field: string, required?: false): string | undefined
function str(body: Body, field: string, required = false): string | undefined {
  const v = body[field]
  if (v === undefined || v === null) {
    if (required) throw new AwsError(400, 'ValidationException', `1 validation error detected: value at '${field}' failed to satisfy constraint: member must not be null`)
    return undefined
  }
  if (typeof v !== 'string') throw new AwsError(400, 'ValidationException', `value at '${field}' must be a string`)
  return v
}

/** A JSON text field (`definition`, `input`, `output`) parsed, or the AWS error naming what is wrong with it. */
function parseJson(text: string | undefined, code: string, what: string): unknown {
  if (text === undefined) return undefined
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new AwsError(400, code, `invalid ${what}: ${(err as Error).message}`)
  }
}

const nameOf = (arn: string) => arn.split(':').pop()!
const roleArn = (app: App) => `arn:aws:iam::${app.project.config.accountId}:role/rsqlflow-local`

function describeExecution(app: App, arn: string) {
  const d = app.states.describeExecution(arn)
  return { ...d, startDate: seconds(d.startDate), stopDate: seconds(d.stopDate), redriveDate: seconds(d.redriveDate) }
}

const handlers: { [O in Operation]: Handler } = {
  CreateStateMachine(app, b) {
    const name = str(b, 'name', true)
    const definition = parseJson(str(b, 'definition', true), 'InvalidDefinition', 'state machine definition')
    const type = str(b, 'type') as 'STANDARD' | 'EXPRESS' | undefined
    const existing = app.states.listStateMachines().find(m => m.name === name)
    // AWS: creating the same machine again is a no-op, another definition under the name an error
    if (existing && app.states.describeStateMachine(name).definition !== JSON.stringify(definition)) {
      throw new AwsError(400, 'StateMachineAlreadyExists', `state machine already exists: ${existing.stateMachineArn}`)
    }
    const { stateMachineArn } = app.states.createStateMachine(name, definition, { roleArn: str(b, 'roleArn'), type })
    return { stateMachineArn, creationDate: seconds(app.states.describeStateMachine(name).creationDate) }
  },
  UpdateStateMachine(app, b) {
    const arn = str(b, 'stateMachineArn', true)
    const current = app.states.describeStateMachine(arn)
    const text = str(b, 'definition')
    const definition = text === undefined ? JSON.parse(current.definition) : parseJson(text, 'InvalidDefinition', 'state machine definition')
    app.states.createStateMachine(current.name, definition, { roleArn: str(b, 'roleArn') ?? current.roleArn ?? undefined, type: current.type as 'STANDARD' })
    return { updateDate: Date.now() / 1000 }
  },
  DescribeStateMachine(app, b) {
    const d = app.states.describeStateMachine(str(b, 'stateMachineArn', true))
    return { ...d, status: 'ACTIVE', roleArn: d.roleArn ?? roleArn(app), creationDate: seconds(d.creationDate) }
  },
  DescribeStateMachineForExecution(app, b) {
    const e = app.states.describeExecution(str(b, 'executionArn', true))
    const d = app.states.describeStateMachine(e.stateMachineArn)
    return { stateMachineArn: d.stateMachineArn, name: d.name, definition: d.definition, roleArn: d.roleArn ?? roleArn(app), updateDate: seconds(d.creationDate) }
  },
  ListStateMachines(app, b) {
    const all = app.states.listStateMachines()
    const size = pageSize(b.maxResults) ?? 100
    const token = str(b, 'nextToken')
    const from = token === undefined ? 0 : Number(Buffer.from(token, 'base64url').toString())
    if (!Number.isInteger(from) || from < 0) throw new AwsError(400, 'InvalidToken', `invalid nextToken: ${token}`)
    const page = all.slice(from, from + size).map(m => ({ ...m, creationDate: seconds(m.creationDate) }))
    return { stateMachines: page, nextToken: from + size < all.length ? Buffer.from(String(from + size)).toString('base64url') : undefined }
  },
  StartExecution(app, b) {
    const input = parseJson(str(b, 'input'), 'InvalidExecutionInput', 'execution input')
    const r = app.states.startExecution(str(b, 'stateMachineArn', true), { name: str(b, 'name'), input: input ?? {} })
    return { executionArn: r.executionArn, startDate: seconds(r.startDate) }
  },
  async StartSyncExecution(app, b) {
    const arn = str(b, 'stateMachineArn', true)
    // as AWS: synchronous executions are Express workflows' alone
    if (app.states.describeStateMachine(arn).type !== 'EXPRESS') {
      throw new AwsError(400, 'StateMachineTypeNotSupported', `StartSyncExecution needs an EXPRESS state machine: ${arn} is STANDARD`)
    }
    const input = parseJson(str(b, 'input'), 'InvalidExecutionInput', 'execution input')
    const { executionArn } = app.states.startExecution(arn, { name: str(b, 'name'), input: input ?? {} })
    await app.states.waitFor(executionArn)
    const d = describeExecution(app, executionArn)
    return {
      executionArn, stateMachineArn: d.stateMachineArn, name: d.name, startDate: d.startDate, stopDate: d.stopDate,
      status: d.status, input: d.input, output: d.output, error: d.error, cause: d.cause,
    }
  },
  DescribeExecution: (app, b) => describeExecution(app, str(b, 'executionArn', true)),
  ListExecutions(app, b) {
    const arn = str(b, 'stateMachineArn')
    if (arn !== undefined) app.states.describeStateMachine(arn)
    const r = app.states.listExecutions({ stateMachine: arn, statusFilter: str(b, 'statusFilter'), maxResults: pageSize(b.maxResults), nextToken: str(b, 'nextToken') })
    return { executions: r.executions.map(e => ({ ...e, startDate: seconds(e.startDate), stopDate: seconds(e.stopDate) })), nextToken: r.nextToken }
  },
  GetExecutionHistory(app, b) {
    const r = app.states.getExecutionHistory(str(b, 'executionArn', true), { maxResults: pageSize(b.maxResults), nextToken: str(b, 'nextToken'), reverseOrder: b.reverseOrder === true })
    const events = r.events.map(wireEvent)
    return { events: b.includeExecutionData === false ? events.map(withoutData) : events, nextToken: r.nextToken }
  },
  StopExecution: (app, b) => {
    const arn = str(b, 'executionArn', true)
    // AWS names no error for an execution that already ended (StopExecution's errors are ExecutionDoesNotExist,
    // InvalidArn, ValidationException and KMS ones): it answers with the stop date and changes nothing
    const ended = app.states.describeExecution(arn)
    if (ended.status !== 'RUNNING' && ended.stopDate !== undefined) return { stopDate: seconds(ended.stopDate) }
    const r = app.states.stopExecution(arn, { error: str(b, 'error'), cause: str(b, 'cause') })
    return { stopDate: seconds(r.stopDate) }
  },
  RedriveExecution: (app, b) => ({ redriveDate: seconds(app.states.redriveExecution(str(b, 'executionArn', true)).redriveDate) }),
  SendTaskSuccess(app, b) {
    app.states.sendTaskSuccess(str(b, 'taskToken', true), parseJson(str(b, 'output', true), 'InvalidOutput', 'task output'))
    return {}
  },
  SendTaskFailure(app, b) {
    app.states.sendTaskFailure(str(b, 'taskToken', true), str(b, 'error'), str(b, 'cause'))
    return {}
  },
  SendTaskHeartbeat(app, b) {
    app.states.sendTaskHeartbeat(str(b, 'taskToken', true))
    return {}
  },
  ValidateStateMachineDefinition(_app, b) {
    const text = str(b, 'definition', true)
    let definition: unknown
    try {
      definition = JSON.parse(text)
    } catch (err) {
      return { result: 'FAIL', diagnostics: [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: `invalid JSON: ${(err as Error).message}` }], truncated: false }
    }
    const diagnostics = validateDefinition(definition).map(p => ({ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: p.message, location: p.pointer || '/' }))
    return { result: diagnostics.length ? 'FAIL' : 'OK', diagnostics, truncated: false }
  },
}

/** A page size: 0 or absent is the default (undefined), as AWS documents; anything but a whole 0 to 1000 is the caller's mistake. */
function pageSize(v: unknown): number | undefined {
  if (v === undefined || v === null || v === 0) return undefined
  if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 1000) {
    throw new AwsError(400, 'ValidationException', `1 validation error detected: value at 'maxResults' failed to satisfy constraint: member must be a whole number from 0 to 1000`)
  }
  return v as number
}

/** `includeExecutionData: false`: the events without their input and output. */
function withoutData<E extends Record<string, unknown>>(e: E): E {
  const out: Record<string, unknown> = { ...e }
  for (const [k, v] of Object.entries(e)) {
    if (!k.endsWith('EventDetails') || v === null || typeof v !== 'object') continue
    const { input: _i, output: _o, ...rest } = v as Record<string, unknown>
    out[k] = rest
  }
  return out as E
}

/** A history event on the wire: its timestamp in epoch seconds. */
export const wireEvent = (e: HistoryEvent) => ({ ...e, timestamp: Date.parse(e.timestamp) / 1000 })

/** Handles one JSON 1.0 request; the reply is the Response AWS would send. */
export async function stepFunctions(app: App, target: string, text: string): Promise<Response> {
  try {
    const op = target.slice(target.indexOf('.') + 1)
    const handler = (handlers as Record<string, Handler | undefined>)[op]
    if (!target.startsWith('AWSStepFunctions.') || !handler) throw new AwsError(400, 'UnknownOperationException', `unknown operation: ${target}`)
    return reply(200, await handler(app, jsonObjectBody(text, 'SerializationException')))
  } catch (err) {
    return stepFunctionsError(toAwsError(err))
  }
}

/** An error as JSON 1.0 sends it: HTTP status, `{"__type":"com.amazonaws.states#<Code>","message":…}`. */
export const stepFunctionsError = (e: AwsError) => reply(e.status, { __type: `com.amazonaws.states#${e.code}`, message: e.message })

const reply = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': crypto.randomUUID() } })

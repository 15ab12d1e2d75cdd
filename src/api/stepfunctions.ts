// AWS Step Functions over JSON 1.0: `POST /` with `X-Amz-Target: AWSStepFunctions.<Operation>`, one
// handler per operation, timestamps as epoch seconds, errors `{"__type":"com.amazonaws.states#Code"}`.
import type { App } from '../app.ts'
import { validateDefinition, type HistoryEvent } from '../states/index.ts'
import { AwsError, awsErrorCode, jsonObjectBody, toAwsError } from './errors.ts'
import { checkName, EXECUTION_STATUS_VALUES, issueToken, openToken, parseJson, roleArn, SfnInput, statesArn } from './sfn-input.ts'

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

const roleArnOf = (app: App) => `arn:aws:iam::${app.project.config.accountId}:role/rsqlflow-local`

const ARN = { max: 256 } as const
/** The project's secret page tokens are signed with (kept in its store: a token outlives a server restart). */
const PAGE_TOKENS = 'page-tokens'
const DEFINITION = { max: 1_048_576, sensitive: true } as const
const DATA = { min: 0, max: 262_144, sensitive: true } as const
const ERROR = { min: 0, max: 256, sensitive: true } as const
const CAUSE = { min: 0, max: 32_768, sensitive: true } as const
const TASK_TOKEN = { required: true, max: 2048 } as const
const INCLUDED_DATA = ['ALL_DATA', 'METADATA_ONLY'] as const
const MACHINE_TYPES = ['STANDARD', 'EXPRESS'] as const

/** The name of the state machine a stateMachineArn names in this server's account and region, else the AWS error. */
function machineName(app: App, value: string): string {
  const arn = statesArn(value, 'stateMachineArn', 'stateMachine')
  const name = arn.parts[0]!
  if (arn.parts.length > 1) throw new AwsError(400, 'StateMachineDoesNotExist', `state machine does not exist: ${value} (no versions or aliases are published here)`)
  if (app.states.engine.stateMachineArn(name) !== value) {
    throw new AwsError(400, 'StateMachineDoesNotExist', `state machine does not exist: ${value} (this server is account ${app.states.engine.account} in ${app.states.engine.region})`)
  }
  found('State Machine', value, () => app.states.describeStateMachine(name))
  return name
}

/** The execution an executionArn names, its form checked; one of another account, region or state machine is not in the store. */
const execution = (app: App, value: string) =>
  found('Execution', value, () => app.states.describeExecution(statesArn(value, 'executionArn', 'execution').arn))

/** What `get` finds, or the room's not-found error in AWS's recorded words (`Execution Does Not Exist: '<arn>'`). */
function found<T>(what: 'Execution' | 'State Machine', id: string, get: () => T): T {
  try {
    return get()
  } catch (err) {
    const code = `${what.replace(' ', '')}DoesNotExist`
    throw awsErrorCode(err) === code ? new AwsError(400, code, `${what} Does Not Exist: '${id}'`) : err
  }
}

function describeExecution(app: App, arn: string) {
  const d = execution(app, arn)
  return { ...d, startDate: seconds(d.startDate), stopDate: seconds(d.stopDate), redriveDate: seconds(d.redriveDate) }
}

const handlers: { [O in Operation]: Handler } = {
  CreateStateMachine(app, b) {
    const r = new SfnInput(b)
    const name = r.string('name', { required: true, max: 80 })
    const text = r.string('definition', { required: true, ...DEFINITION })
    const role = r.string('roleArn', { required: true, ...ARN })
    const type = r.enum('type', MACHINE_TYPES)
    r.boolean('publish')
    r.string('versionDescription', { min: 0, max: 256, sensitive: true })
    r.check()
    checkName(name)
    roleArn(role)
    const definition = parseJson(text, 'InvalidDefinition')
    const existing = app.states.listStateMachines().find(m => m.name === name)
    if (existing) {
      // AWS documents the call as idempotent on name, definition and type (another roleArn is ignored, not
      // stored); another definition or type under the name is StateMachineAlreadyExists (AWS's words, recorded)
      const current = app.states.describeStateMachine(name)
      if (current.definition !== JSON.stringify(definition) || current.type !== (type ?? 'STANDARD')) {
        throw new AwsError(400, 'StateMachineAlreadyExists', `State Machine Already Exists: '${existing.stateMachineArn}'`)
      }
      return { stateMachineArn: current.stateMachineArn, creationDate: seconds(current.creationDate) }
    }
    const { stateMachineArn } = app.states.createStateMachine(name, definition, { roleArn: role, type })
    return { stateMachineArn, creationDate: seconds(app.states.describeStateMachine(name).creationDate) }
  },
  UpdateStateMachine(app, b) {
    const r = new SfnInput(b)
    const arn = r.string('stateMachineArn', { required: true, ...ARN })
    const text = r.string('definition', DEFINITION)
    const role = r.string('roleArn', ARN)
    r.boolean('publish')
    r.string('versionDescription', { min: 0, max: 256, sensitive: true })
    r.check()
    const name = machineName(app, arn)
    if (text === undefined && role === undefined && !r.has('loggingConfiguration') && !r.has('tracingConfiguration')) {
      // AWS's words, recorded
      throw new AwsError(400, 'MissingRequiredParameter', 'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified')
    }
    if (role !== undefined) roleArn(role)
    const current = app.states.describeStateMachine(name)
    const definition = text === undefined ? JSON.parse(current.definition) : parseJson(text, 'InvalidDefinition')
    // a project workflow is its file: every other process, and the next start, read the definition from it
    if (JSON.stringify(definition) !== current.definition && app.project.workflows.some(w => w.name === name)) {
      throw new AwsError(400, 'ValidationException', `state machine ${name} is the project's workflows/${name}.asl.json: change that file (an update here would be undone by the next run or server start)`)
    }
    app.states.createStateMachine(current.name, definition, { roleArn: role ?? current.roleArn ?? undefined, type: current.type as 'STANDARD' })
    return { updateDate: Date.now() / 1000 }
  },
  DescribeStateMachine(app, b) {
    const r = new SfnInput(b)
    const arn = r.string('stateMachineArn', { required: true, ...ARN })
    r.enum('includedData', INCLUDED_DATA)
    r.check()
    const d = app.states.describeStateMachine(machineName(app, arn))
    return { ...d, status: 'ACTIVE', roleArn: d.roleArn ?? roleArnOf(app), creationDate: seconds(d.creationDate) }
  },
  DescribeStateMachineForExecution(app, b) {
    const r = new SfnInput(b)
    const arn = r.string('executionArn', { required: true, ...ARN })
    r.enum('includedData', INCLUDED_DATA)
    r.check()
    const e = execution(app, arn)
    const d = app.states.describeStateMachine(e.stateMachineArn)
    return { stateMachineArn: d.stateMachineArn, name: d.name, definition: d.definition, roleArn: d.roleArn ?? roleArnOf(app), updateDate: seconds(d.creationDate) }
  },
  ListStateMachines(app, b) {
    const r = new SfnInput(b)
    const size = r.integer('maxResults', 0, 1000) || 100
    const token = r.string('nextToken', { max: 1024 })
    r.check()
    const all = app.states.listStateMachines()
    const from = Number(openToken(app.secret(PAGE_TOKENS), 'ListStateMachines', token) ?? 0)
    const page = all.slice(from, from + size).map(m => ({ ...m, creationDate: seconds(m.creationDate) }))
    return { stateMachines: page, nextToken: issueToken(app.secret(PAGE_TOKENS), 'ListStateMachines', from + size < all.length ? String(from + size) : undefined) }
  },
  StartExecution(app, b) {
    const { name, machine, input } = startRequest(app, b)
    const r = app.states.startExecution(machine, { name, input })
    return { executionArn: r.executionArn, startDate: seconds(r.startDate) }
  },
  async StartSyncExecution(app, b) {
    const { name, machine, input } = startRequest(app, b, true)
    // as AWS: synchronous executions are Express workflows' alone
    if (app.states.describeStateMachine(machine).type !== 'EXPRESS') {
      throw new AwsError(400, 'StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine')
    }
    const { executionArn } = app.states.startExecution(machine, { name, input })
    await app.states.waitFor(executionArn)
    const d = describeExecution(app, executionArn)
    return {
      executionArn, stateMachineArn: d.stateMachineArn, name: d.name, startDate: d.startDate, stopDate: d.stopDate,
      status: d.status, input: d.input, output: d.output, error: d.error, cause: d.cause,
    }
  },
  DescribeExecution(app, b) {
    const r = new SfnInput(b)
    const arn = r.string('executionArn', { required: true, ...ARN })
    r.enum('includedData', INCLUDED_DATA)
    r.check()
    return describeExecution(app, arn)
  },
  ListExecutions(app, b) {
    const r = new SfnInput(b)
    const arn = r.string('stateMachineArn', ARN)
    const statusFilter = r.enum('statusFilter', EXECUTION_STATUS_VALUES)
    const size = r.integer('maxResults', 0, 1000)
    const token = r.string('nextToken', { max: 3096 })
    const mapRun = r.string('mapRunArn', { max: 2000 })
    const redrive = r.enum('redriveFilter', ['REDRIVEN', 'NOT_REDRIVEN'])
    r.check()
    if (mapRun !== undefined) {
      statesArn(mapRun, 'mapRunArn', 'mapRun')
      throw new AwsError(400, 'ResourceNotFound', `map run does not exist: ${mapRun} (Distributed Map runs are not recorded here)`)
    }
    if (arn === undefined) throw new AwsError(400, 'ValidationException', '1 validation error detected: Must provide a StateMachine ARN or MapRun ARN')
    const name = machineName(app, arn)
    const scope = `ListExecutions ${arn}`
    const page = app.states.listExecutions({ stateMachine: name, statusFilter, maxResults: size || undefined, nextToken: openToken(app.secret(PAGE_TOKENS), scope, token) })
    const executions = page.executions.filter(e => redrive === undefined || (e.redriveCount > 0) === (redrive === 'REDRIVEN'))
    return { executions: executions.map(e => ({ ...e, startDate: seconds(e.startDate), stopDate: seconds(e.stopDate) })), nextToken: issueToken(app.secret(PAGE_TOKENS), scope, page.nextToken) }
  },
  GetExecutionHistory(app, b) {
    const r = new SfnInput(b)
    const arn = r.string('executionArn', { required: true, ...ARN })
    const size = r.integer('maxResults', 0, 1000)
    const reverseOrder = r.boolean('reverseOrder') ?? false
    const token = r.string('nextToken', { max: 1024 })
    const includeData = r.boolean('includeExecutionData') ?? true
    r.check()
    execution(app, arn)
    const scope = `GetExecutionHistory ${arn} ${reverseOrder}`
    const page = app.states.getExecutionHistory(arn, { maxResults: size || undefined, nextToken: openToken(app.secret(PAGE_TOKENS), scope, token), reverseOrder })
    const events = page.events.map(wireEvent)
    return { events: includeData ? events : events.map(withoutData), nextToken: issueToken(app.secret(PAGE_TOKENS), scope, page.nextToken) }
  },
  async StopExecution(app, b) {
    const r = new SfnInput(b)
    const arn = r.string('executionArn', { required: true, ...ARN })
    const error = r.string('error', ERROR)
    const cause = r.string('cause', CAUSE)
    r.check()
    // AWS names no error for an execution that already ended (StopExecution's errors are ExecutionDoesNotExist,
    // InvalidArn, ValidationException and KMS ones): it answers with the stop date and changes nothing
    const ended = execution(app, arn)
    if (ended.status !== 'RUNNING' && ended.stopDate !== undefined) return { stopDate: seconds(ended.stopDate) }
    // an execution another live process (`rsqlflow run`) runs is stopped by that process, its history's one writer
    const stopped = await app.stopExecution(arn, { error, cause })
    return { stopDate: seconds(stopped.stopDate) }
  },
  RedriveExecution(app, b) {
    const r = new SfnInput(b)
    const arn = r.string('executionArn', { required: true, ...ARN })
    r.string('clientToken', { max: 64, pattern: { re: /^[!-~]+$/, text: '[!-~]+' } })
    r.check()
    execution(app, arn)
    return { redriveDate: seconds(app.states.redriveExecution(arn).redriveDate) }
  },
  SendTaskSuccess(app, b) {
    const r = new SfnInput(b)
    const token = r.string('taskToken', TASK_TOKEN)
    const output = r.string('output', { required: true, ...DATA })
    r.check()
    app.states.sendTaskSuccess(token, parseJson(output, 'InvalidOutput'))
    return {}
  },
  SendTaskFailure(app, b) {
    const r = new SfnInput(b)
    const token = r.string('taskToken', TASK_TOKEN)
    const error = r.string('error', ERROR)
    const cause = r.string('cause', CAUSE)
    r.check()
    app.states.sendTaskFailure(token, error, cause)
    return {}
  },
  SendTaskHeartbeat(app, b) {
    const r = new SfnInput(b)
    const token = r.string('taskToken', TASK_TOKEN)
    r.check()
    app.states.sendTaskHeartbeat(token)
    return {}
  },
  ValidateStateMachineDefinition(_app, b) {
    const r = new SfnInput(b)
    const text = r.string('definition', { required: true, ...DEFINITION })
    r.enum('type', MACHINE_TYPES)
    r.enum('severity', ['ERROR', 'WARNING'])
    const limit = r.integer('maxResults', 0, 100) || 100
    r.check()
    let definition: unknown
    try {
      definition = JSON.parse(text)
    } catch (err) {
      return { result: 'FAIL', diagnostics: [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: `invalid JSON: ${(err as Error).message}` }], truncated: false }
    }
    const diagnostics = validateDefinition(definition).map(p => ({ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: p.message, location: p.pointer || '/' }))
    return { result: diagnostics.length ? 'FAIL' : 'OK', diagnostics: diagnostics.slice(0, limit), truncated: diagnostics.length > limit }
  },
}

/** StartExecution's and StartSyncExecution's members, checked. */
function startRequest(app: App, b: Body, sync = false) {
  const r = new SfnInput(b)
  const arn = r.string('stateMachineArn', { required: true, ...ARN })
  const name = r.string('name', { max: 80 })
  const text = r.string('input', DATA)
  r.string('traceHeader', { min: 0, max: 256, pattern: { re: /^\p{ASCII}*$/u, text: '\\p{ASCII}*' } })
  if (sync) r.enum('includedData', INCLUDED_DATA)
  r.check()
  const machine = machineName(app, arn)
  if (name !== undefined) checkName(name)
  // no input is `{}`; the JSON text `null` is the input null (AWS starts it, recorded)
  return { machine, name, input: text === undefined ? {} : parseJson(text, 'InvalidExecutionInput') }
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

// Task: resolves its Resource to a registered integration (or a mocked response), with the three
// patterns, TimeoutSeconds(Path), HeartbeatSeconds(Path), task tokens and abort on stop.
import { Buffer } from 'node:buffer'
import { evaluateJsonataTemplate, evaluatePath, runtimeError } from '../data/index.ts'
import { StateFailure } from '../errors/failure.ts'
import type { Execution } from '../execution.ts'
import type { Frame, Visit } from '../frame.ts'
import { jsonText } from '../history.ts'
import { parseResource, TaskError, type ResourceInfo, type TaskInvocation } from '../integrations/registry.ts'
import type { StepOutcome, StateRun } from './index.ts'

export async function task(run: StateRun): Promise<StepOutcome> {
  const { ex, frame, state, visit, input, ctx, bindings } = run
  const arn = String(state.def.Resource)
  const info = parseResource(arn)
  const timeoutSeconds = await seconds(run, 'TimeoutSeconds')
  const heartbeatSeconds = await seconds(run, 'HeartbeatSeconds')
  let token: string | undefined
  // A redrive re-runs a failed visit under the same visit key: its attempt gets a key (and token) of its own.
  const redrive = ex.opts.redriveCount ? `|r${ex.opts.redriveCount}` : ''
  const taskKey = `${ex.opts.executionArn}|${visit.key}|${visit.seq}${redrive}`
  if (info.pattern === 'waitForTaskToken') {
    token = Buffer.from(taskKey).toString('base64url')
    ;(ctx.context as Record<string, unknown>).Task = { Token: token }
  }
  let parameters: unknown
  if (state.ql === 'JSONata') {
    parameters = state.def.Arguments !== undefined ? await evaluateJsonataTemplate(state.def.Arguments, bindings!, 'Arguments') : input
  } else {
    parameters = state.parameters ? state.parameters(input, ctx) : input
  }
  const base = { resourceType: info.resourceType, resource: info.resource }
  ex.emit(frame, visit, 'TaskScheduled', () => {
    const d: Record<string, unknown> = { ...base, region: ex.region, parameters: jsonText(parameters) }
    if (timeoutSeconds !== undefined) d.timeoutInSeconds = timeoutSeconds
    if (heartbeatSeconds !== undefined) d.heartbeatInSeconds = heartbeatSeconds
    return d
  })
  const inFlight = ex.isRecorded(visit, 'TaskStarted')
  ex.emit(frame, visit, 'TaskStarted', () => ({ ...base }))
  let result: unknown
  try {
    const mocked = ex.mockResponse(state.name)
    if (mocked) {
      if ('Throw' in mocked) throw new TaskError(mocked.Throw.Error ?? 'States.TaskFailed', mocked.Throw.Cause)
      result = mocked.Return
    } else {
      const entry = ex.opts.integrations.find(arn)
      if (!entry) throw new TaskError('States.Runtime', `no integration is registered for the resource ${arn}`)
      if (inFlight && entry.options.recovery !== 'reattach') {
        throw new TaskError('States.TaskFailed', `the task was in flight when the engine stopped and its integration cannot be re-attached: ${arn}`)
      }
      let submitted = false
      const invocation: Omit<TaskInvocation, 'signal' | 'heartbeat'> = {
        resource: info,
        arn,
        parameters,
        taskToken: token,
        executionArn: ex.opts.executionArn,
        taskKey,
        reattach: inFlight,
        submitted: (output: unknown) => {
          if (submitted) return
          submitted = true
          ex.emit(frame, visit, 'TaskSubmitted', () => ({ ...base, output: jsonText(output), outputDetails: { truncated: false } }))
        },
        stateName: state.name,
        region: ex.region,
        timeoutSeconds,
        heartbeatSeconds,
      }
      ex.flush()
      result = await invoke(ex, frame, invocation, entry.handler)
    }
  } catch (e) {
    if (!(e instanceof TaskError)) throw e
    const timedOut = e.error === 'States.Timeout' || e.error === 'States.HeartbeatTimeout'
    ex.emit(frame, visit, timedOut ? 'TaskTimedOut' : 'TaskFailed', () => withError(base, e.error, e.causeText))
    throw new StateFailure(e.error, e.causeText)
  }
  ex.emit(frame, visit, 'TaskSucceeded', () => ({ ...base, output: jsonText(result), outputDetails: { truncated: false } }))
  return { result }
}

function withError(base: Record<string, unknown>, error: string, cause: string | undefined) {
  const d: Record<string, unknown> = { ...base, error }
  if (cause !== undefined) d.cause = cause
  return d
}

async function seconds(run: StateRun, field: 'TimeoutSeconds' | 'HeartbeatSeconds'): Promise<number | undefined> {
  const { state, input, ctx, bindings } = run
  const literal = state.def[field]
  if (state.ql === 'JSONata' && typeof literal === 'string') {
    const v = await evaluateJsonataTemplate(literal, bindings!, field)
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw runtimeError(`The ${field} field must be a positive integer but was: ${JSON.stringify(v ?? null)}`)
    return v
  }
  if (typeof literal === 'number') return literal
  const path = state.def[`${field}Path`]
  if (typeof path !== 'string') return undefined
  const v = evaluatePath(path, input, ctx)
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw runtimeError(`The ${field}Path field refers to value "${JSON.stringify(v)}" which is not a valid positive integer: ${path}`)
  return v
}

/** Runs the handler against the task's timeout, heartbeat and the frame's abort signal. */
function invoke(
  ex: Execution,
  frame: Frame,
  inv: Omit<TaskInvocation, 'signal' | 'heartbeat'>,
  handler: (t: TaskInvocation) => Promise<unknown>,
): Promise<unknown> {
  frame.onBlock?.()
  const local = new AbortController()
  const timers: AbortController[] = []
  return new Promise<unknown>((resolve, reject) => {
    let settled = false
    const release = ex.clock.hold?.()
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      release?.()
      frame.signal.removeEventListener('abort', onAbort)
      for (const t of timers) t.abort()
      fn()
    }
    const fail = (e: unknown) => finish(() => {
      local.abort(e)
      reject(e)
    })
    const onAbort = () => fail(frame.signal.reason)
    if (frame.signal.aborted) return onAbort()
    frame.signal.addEventListener('abort', onAbort, { once: true })
    const timer = (seconds: number, error: string, cause: string): AbortController => {
      const c = new AbortController()
      timers.push(c)
      ex.clock.sleep(seconds * 1000, c.signal).then(() => fail(new TaskError(error, cause)), () => {})
      return c
    }
    if (inv.timeoutSeconds !== undefined) timer(inv.timeoutSeconds, 'States.Timeout', `the task timed out after ${inv.timeoutSeconds} seconds`)
    let beat: AbortController | undefined
    const heartbeat = () => {
      if (inv.heartbeatSeconds === undefined || settled) return
      beat?.abort()
      beat = timer(inv.heartbeatSeconds, 'States.HeartbeatTimeout', `no heartbeat was received within ${inv.heartbeatSeconds} seconds`)
    }
    heartbeat()
    const invocation: TaskInvocation = { ...inv, signal: local.signal, heartbeat }
    const started = Promise.resolve().then(() => handler(invocation))
    if (release) started.then(release, release)
    if (inv.taskToken !== undefined) {
      const token = inv.taskToken
      const forget = ex.opts.tokens.wait(token, {
        resolve: (out) => finish(() => resolve(out)),
        reject: (err) => fail(err),
        heartbeat,
      })
      local.signal.addEventListener('abort', forget, { once: true })
      started.catch((e) => fail(asTaskError(e)))
    } else {
      started.then((out) => finish(() => resolve(out)), (e) => fail(asTaskError(e)))
    }
  })
}

function asTaskError(e: unknown): unknown {
  if (e instanceof TaskError) return e
  if (e instanceof Error && e.name === 'AbortError') return e
  return new TaskError('States.TaskFailed', e instanceof Error ? e.message : String(e))
}

export type { ResourceInfo, Visit }

// Wait: Seconds, Timestamp, SecondsPath, TimestampPath (JSONata: Seconds/Timestamp templates) on
// the execution clock; AWS's messages for values it cannot use.
import { evaluateJsonataTemplate, evaluatePath, parseTimestamp, queryEvaluationError, runtimeError, StatesError } from '../data/index.ts'
import type { StepOutcome, StateRun } from './index.ts'

const MAX_WAIT_SECONDS = 365 * 24 * 3600

export async function wait(run: StateRun): Promise<StepOutcome> {
  const { ex, frame, input, enteredTime } = run
  const ms = await delay(run)
  if (ms > MAX_WAIT_SECONDS * 1000) throw runtimeError('Wait state delay is too long.')
  // after a crash the wait resumes where it was, counted from when the state was entered
  const remaining = ms - Math.max(0, ex.clock.now() - enteredTime)
  if (remaining > 0) await ex.sleep(frame, remaining)
  return { result: input }
}

async function delay({ state, input, ctx, bindings, enteredTime }: StateRun): Promise<number> {
  const d = state.def
  if (state.ql === 'JSONata') {
    if (d.Seconds !== undefined) {
      const v = await evaluateJsonataTemplate(d.Seconds, bindings!, 'Seconds')
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        throw queryEvaluationError(`The Seconds field must be a non-negative integer but was: ${JSON.stringify(v ?? null)}`)
      }
      return v * 1000
    }
    const v = await evaluateJsonataTemplate(d.Timestamp, bindings!, 'Timestamp')
    const t = parseTimestamp(v)
    if (!t) throw queryEvaluationError(`The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    return until(t, enteredTime)
  }
  if (typeof d.Seconds === 'number') return d.Seconds * 1000
  if (typeof d.Timestamp === 'string') return until(parseTimestamp(d.Timestamp) ?? [0, 0], enteredTime)
  if (typeof d.SecondsPath === 'string') {
    const path = d.SecondsPath
    const v = read(path, input, ctx, 'SecondsPath')
    if (typeof v !== 'number' || !Number.isInteger(v)) throw runtimeError(`The SecondsPath parameter cannot be parsed as a long value: ${path} == ${show(v)}`)
    if (v < 0) throw runtimeError(`The SecondsPath parameter references a negative value: ${path} == ${v}`)
    return v * 1000
  }
  const path = String(d.TimestampPath)
  const v = read(path, input, ctx, 'TimestampPath')
  const t = parseTimestamp(v)
  if (!t) throw runtimeError(`The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${show(v)}`)
  return until(t, enteredTime)
}

function read(path: string, input: unknown, ctx: StateRun['ctx'], field: string): unknown {
  try {
    return evaluatePath(path, input, ctx)
  } catch (e) {
    if (e instanceof StatesError) throw runtimeError(`The ${field} parameter does not reference an input value: ${path}`)
    throw e
  }
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))
const until = ([s, ns]: [number, number], now: number) => Math.max(0, s * 1000 + Math.floor(ns / 1e6) - now)

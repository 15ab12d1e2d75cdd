// Map's inputs: the items (ItemsPath, Items, ItemReader), batches (ItemBatcher), MaxConcurrency and
// the tolerated failure thresholds, with AWS's messages for values it cannot use.
import { Buffer } from 'node:buffer'
import {
  evaluateJsonataTemplate,
  evaluatePath,
  evaluatePayloadTemplate,
  expectJsonataType,
  jsonataTemplateExpression,
  queryEvaluationError,
  runtimeError,
} from '../data/index.ts'
import type { StateRun } from './index.ts'
import { readItems } from './item-reader.ts'

export async function mapItems(run: StateRun): Promise<unknown[]> {
  const { state, input, ctx, bindings } = run
  const d = state.def
  let items: unknown
  if (d.ItemReader !== undefined) items = await readItems(run)
  else if (state.ql === 'JSONata') {
    if (d.Items !== undefined) {
      items = await evaluateJsonataTemplate(d.Items, bindings!, 'Items')
      const expr = jsonataTemplateExpression(d.Items)
      if (expr !== undefined) expectJsonataType(items, 'array', expr, 'Items')
    } else items = input
  } else items = typeof d.ItemsPath === 'string' ? evaluatePath(d.ItemsPath, input, ctx) : input
  if (!Array.isArray(items)) {
    const message = `Map state input must be an array but was: ${JSON.stringify(items ?? null)}`
    throw state.ql === 'JSONata' ? queryEvaluationError(message) : runtimeError(message)
  }
  return items
}

/** A number field given literally, by a JSONPath (`…Path`) or as a JSONata template. */
async function numberField(run: StateRun, field: string, kind: 'integer' | 'float'): Promise<number | undefined> {
  const { state, input, ctx, bindings } = run
  const literal = state.def[field]
  if (typeof literal === 'number') return literal
  if (state.ql === 'JSONata' && typeof literal === 'string') {
    const v = await evaluateJsonataTemplate(literal, bindings!, field)
    if (typeof v !== 'number' || (kind === 'integer' && !Number.isInteger(v))) {
      throw queryEvaluationError(`The ${field} field refers to value "${JSON.stringify(v ?? null)}" which is not a valid ${kind}`)
    }
    return v
  }
  const path = state.def[`${field}Path`]
  if (typeof path !== 'string') return undefined
  let v: unknown = evaluatePath(path, input, ctx)
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) v = Number(v)
  if (typeof v !== 'number' || (kind === 'integer' && !Number.isInteger(v))) {
    throw runtimeError(`The ${field}Path field refers to value "${typeof v === 'string' ? v : JSON.stringify(v ?? null)}" which is not a valid ${kind}: ${path}`)
  }
  return v
}

export async function maxConcurrency(run: StateRun): Promise<number> {
  const v = await numberField(run, 'MaxConcurrency', 'integer')
  if (v !== undefined && v < 0) throw runtimeError('MaxConcurrency must be a non-negative integer.')
  return v ?? 0
}

export interface Tolerance {
  count?: number
  percentage?: number
}

export async function tolerance(run: StateRun): Promise<Tolerance> {
  const count = await numberField(run, 'ToleratedFailureCount', 'integer')
  if (count !== undefined && count < 0) throw runtimeError('ToleratedFailureCount cannot be negative.')
  const percentage = await numberField(run, 'ToleratedFailurePercentage', 'float')
  if (percentage !== undefined && (percentage < 0 || percentage > 100)) throw runtimeError('ToleratedFailurePercentage must be between 0 and 100.')
  return { count, percentage }
}

/** Whether `failed` of `total` items exceeds the thresholds (no threshold: any failure does). */
export function exceeds(t: Tolerance, failed: number, total: number): boolean {
  if (failed === 0) return false
  if (t.count === undefined && t.percentage === undefined) return true
  const byCount = t.count !== undefined && failed > t.count
  const byPercent = t.percentage !== undefined && total > 0 && (failed / total) * 100 > t.percentage
  if (t.count !== undefined && t.percentage !== undefined) return byCount && byPercent
  return byCount || byPercent
}

/** ItemBatcher: items grouped into `{BatchInput, Items}` by count and size. */
export async function batchItems(run: StateRun, items: unknown[]): Promise<unknown[]> {
  const b = run.state.def.ItemBatcher as Record<string, unknown> | undefined
  if (!b || typeof b !== 'object') return items
  const sub: StateRun = { ...run, state: { ...run.state, def: b } }
  const maxItems = (await numberField(sub, 'MaxItemsPerBatch', 'integer')) ?? Infinity
  const maxBytes = (await numberField(sub, 'MaxInputBytesPerBatch', 'integer')) ?? 256 * 1024
  let batchInput = b.BatchInput
  if (run.state.ql === 'JSONata' && batchInput !== undefined) batchInput = await evaluateJsonataTemplate(batchInput, run.bindings!, 'ItemBatcher/BatchInput')
  else if (batchInput !== undefined) batchInput = evaluatePayloadTemplate(batchInput, run.input, run.ctx)
  const out: unknown[] = []
  let current: unknown[] = []
  let bytes = 0
  const flush = () => {
    if (current.length === 0) return
    out.push(batchInput !== undefined ? { BatchInput: batchInput, Items: current } : { Items: current })
    current = []
    bytes = 0
  }
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item) ?? 'null')
    if (current.length >= maxItems || (current.length > 0 && bytes + size > maxBytes)) flush()
    current.push(item)
    bytes += size
  }
  flush()
  return out
}

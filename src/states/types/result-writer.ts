// ResultWriter: a Map's results written to the object store as AWS lays them out (manifest.json,
// SUCCEEDED_0.json, FAILED_0.json under Prefix/<map run id>/); the state's result then names them.
import { evaluateJsonataTemplate, evaluatePayloadTemplate, StatesError } from '../data/index.ts'
import type { StateRun } from './index.ts'

export async function writeResults(run: StateRun, inputs: unknown[], results: unknown[], failedIndexes: number[], mapRunArn: string): Promise<unknown> {
  const { ex, state, input, ctx, bindings } = run
  const writer = state.def.ResultWriter as Record<string, unknown>
  const config = (writer.WriterConfig ?? {}) as Record<string, unknown>
  let params: unknown = writer.Arguments ?? writer.Parameters ?? {}
  if (state.ql === 'JSONata') params = await evaluateJsonataTemplate(params, bindings!, 'ResultWriter/Arguments')
  else if (writer.Parameters !== undefined) params = evaluatePayloadTemplate(writer.Parameters, input, ctx)
  const p = (params ?? {}) as Record<string, unknown>
  const transformation = String(config.Transformation ?? 'NONE')
  const failed = new Set(failedIndexes)
  const now = ex.iso(ex.clock.now())
  // NONE: each child run's record as DescribeExecution shows it; COMPACT: outputs; FLATTEN: outputs, arrays spread
  const record = (i: number) => {
    const ok = !failed.has(i)
    const r = results[i] as { Error?: string; Cause?: string }
    const base: Record<string, unknown> = {
      ExecutionArn: `${mapRunArn}:${i}`, Name: String(i), StateMachineArn: ex.opts.stateMachineArn, Status: ok ? 'SUCCEEDED' : 'FAILED',
      StartDate: now, StopDate: now, Input: JSON.stringify(inputs[i] ?? null), InputDetails: { Included: true }, RedriveCount: 0,
    }
    if (ok) return { ...base, Output: JSON.stringify(results[i] ?? null), OutputDetails: { Included: true } }
    return { ...base, Error: r?.Error, Cause: r?.Cause }
  }
  const shape = (indexes: number[]) => {
    if (transformation === 'NONE') return indexes.map(record)
    const outputs = indexes.map((i) => results[i])
    return transformation === 'FLATTEN' ? outputs.flatMap((o) => (Array.isArray(o) ? o : [o])) : outputs
  }
  const all = results.map((_, i) => i)
  if (writer.Resource === undefined) return shape(all.filter((i) => !failed.has(i)))
  const objects = ex.opts.objects
  if (!objects) throw new StatesError('States.ResultWriterFailed', 'no object store is configured for ResultWriter')
  const bucket = String(p.Bucket ?? '')
  const runId = mapRunArn.split(/[:/]/).pop()
  const prefix = `${String(p.Prefix ?? '').replace(/\/$/, '')}${p.Prefix ? '/' : ''}${runId}/`
  const succeeded = shape(all.filter((i) => !failed.has(i)))
  const failures = all.filter((i) => failed.has(i)).map(record)
  const jsonl = config.OutputType === 'JSONL'
  const body = (rows: unknown[]) => (jsonl ? rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '') : JSON.stringify(rows))
  const ext = jsonl ? 'jsonl' : 'json'
  const files: Array<{ Key: string; Size: number }> = []
  try {
    for (const [name, rows] of [[`SUCCEEDED_0.${ext}`, succeeded], [`FAILED_0.${ext}`, failures]] as const) {
      if (rows.length === 0) continue
      const text = body(rows)
      await objects.putObject(bucket, prefix + name, text)
      files.push({ Key: prefix + name, Size: Buffer.byteLength(text) })
    }
    const manifest = {
      DestinationBucket: bucket,
      MapRunArn: mapRunArn,
      ResultFiles: { SUCCEEDED: files.filter((f) => f.Key.includes('SUCCEEDED')), FAILED: files.filter((f) => f.Key.includes('FAILED')), PENDING: [] },
    }
    await objects.putObject(bucket, prefix + 'manifest.json', JSON.stringify(manifest))
  } catch (e) {
    throw new StatesError('States.ResultWriterFailed', `could not write results to s3://${bucket}/${prefix}: ${e instanceof Error ? e.message : String(e)}`)
  }
  return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: prefix + 'manifest.json' } }
}


// ItemReader: Map items from the object store — a JSON array, JSON Lines, CSV (header row or given
// headers, AWS's delimiters), an S3 inventory manifest, or a listing of objects.
import { evaluateJsonataTemplate, evaluatePayloadTemplate, StatesError } from '../data/index.ts'
import type { StateRun } from './index.ts'

const DELIMITERS: Record<string, string> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', TAB: '\t', SPACE: ' ' }

const readerFailed = (cause: string) => new StatesError('States.ItemReaderFailed', cause)

export async function readItems(run: StateRun): Promise<unknown[]> {
  const { ex, state, input, ctx, bindings } = run
  const reader = state.def.ItemReader as Record<string, unknown>
  const objects = ex.opts.objects
  if (!objects) throw readerFailed('no object store is configured for ItemReader')
  const resource = String(reader.Resource ?? '')
  let params: unknown = reader.Arguments ?? reader.Parameters ?? {}
  if (state.ql === 'JSONata') params = await evaluateJsonataTemplate(params, bindings!, 'ItemReader/Arguments')
  else if (reader.Parameters !== undefined) params = evaluatePayloadTemplate(reader.Parameters, input, ctx)
  const p = (params ?? {}) as Record<string, unknown>
  const config = (reader.ReaderConfig ?? {}) as Record<string, unknown>
  const bucket = String(p.Bucket ?? '')
  const maxItems = typeof config.MaxItems === 'number' ? config.MaxItems : Infinity
  let items: unknown[]
  try {
    if (resource.endsWith(':s3:listObjectsV2')) {
      if (!objects.listObjects) throw readerFailed('the object store cannot list objects')
      items = (await objects.listObjects(bucket, String(p.Prefix ?? ''))).map((o) => ({ Etag: o.ETag, Key: o.Key, LastModified: o.LastModified, Size: o.Size, StorageClass: 'STANDARD' }))
    } else {
      const text = await objects.getObject(bucket, String(p.Key ?? ''))
      items = await parse(text, config, objects, bucket)
    }
  } catch (e) {
    if (e instanceof StatesError) throw e
    throw readerFailed(`could not read items from s3://${bucket}/${String(p.Key ?? p.Prefix ?? '')}: ${e instanceof Error ? e.message : String(e)}`)
  }
  return items.slice(0, maxItems)
}

async function parse(text: string, config: Record<string, unknown>, objects: NonNullable<StateRun['ex']['opts']['objects']>, bucket: string): Promise<unknown[]> {
  const type = String(config.InputType ?? 'JSON')
  if (type === 'JSON') {
    const v = JSON.parse(text)
    if (!Array.isArray(v)) throw readerFailed('the JSON object read by ItemReader is not an array')
    return v
  }
  if (type === 'JSONL') return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l))
  if (type === 'CSV') return parseCsv(text, config)
  if (type === 'MANIFEST') {
    // S3 inventory manifest.json: each listed file is a CSV of bucket,key rows
    const manifest = JSON.parse(text) as { files?: Array<{ key: string }>; fileSchema?: string }
    const fields = String(manifest.fileSchema ?? 'Bucket, Key').split(',').map((s) => s.trim())
    const out: unknown[] = []
    for (const f of manifest.files ?? []) {
      const body = await objects.getObject(bucket, f.key)
      for (const row of csvRows(body, ',')) out.push(Object.fromEntries(fields.map((k, i) => [k, row[i] ?? ''])))
    }
    return out
  }
  throw readerFailed(`unknown ReaderConfig.InputType ${type}`)
}

function parseCsv(text: string, config: Record<string, unknown>): unknown[] {
  const delimiter = DELIMITERS[String(config.CSVDelimiter ?? 'COMMA')] ?? ','
  const rows = csvRows(text, delimiter)
  let headers: string[]
  if (config.CSVHeaderLocation === 'GIVEN') headers = (config.CSVHeaders as string[]) ?? []
  else headers = rows.shift() ?? []
  return rows.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i] ?? ''])))
}

/** RFC 4180 rows: quoted fields may hold delimiters, quotes ("") and newlines. */
export function csvRows(text: string, delimiter: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === delimiter) row.push(field), (field = '')
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row)
  return rows.filter((r) => !(r.length === 1 && r[0] === ''))
}

import { PassThrough, Readable, type Transform } from 'node:stream'
import { createGzip } from 'node:zlib'
import { parseS3Uri, type ObjectStore } from '../../objects/index.ts'
import { WarehouseError } from '../errors.ts'
import type { Notice, Session, StatementResult } from '../session.ts'
import { tokenize, TokenReader, type Token } from './tokens.ts'
import { rewriteStatement } from './rewrite.ts'
import { s3Error } from './sources.ts'

/** A Redshift `UNLOAD ('select …') TO 's3://…'` statement, parsed. */
export interface UnloadCommand {
  query: string
  to: string
  format: 'delimited' | 'csv'
  delimiter: string
  header: boolean
  compression?: 'gzip'
  parallel: boolean
  allowOverwrite: boolean
  manifest: boolean
  manifestVerbose: boolean
  maxFileSize: number
  nullAs: string
  addQuotes: boolean
  escape: boolean
  extension?: string
}

const syntaxError = (t: Token | undefined, sql: string) => new WarehouseError(
  t ? `syntax error at or near "${t.text}"` : 'syntax error at end of input', { code: '42601', position: (t ? t.pos : sql.length) + 1 })

const MB = 1024 * 1024
const DEFAULT_MAX_FILE_SIZE = 6.2 * 1024 * MB

export function parseUnload(sql: string): UnloadCommand {
  const r = new TokenReader(tokenize(sql), sql)
  if (!r.accept('UNLOAD') || !r.acceptPunct('(')) throw syntaxError(r.peek(), sql)
  const q = r.next()
  if (q?.type !== 'string') throw syntaxError(q, sql)
  if (!r.acceptPunct(')') || !r.accept('TO')) throw syntaxError(r.peek(), sql)
  const to = r.next()
  if (to?.type !== 'string') throw syntaxError(to, sql)
  const cmd: UnloadCommand = {
    query: q.value, to: to.value, format: 'delimited', delimiter: '|', header: false, parallel: true, allowOverwrite: false,
    manifest: false, manifestVerbose: false, maxFileSize: DEFAULT_MAX_FILE_SIZE, nullAs: '', addQuotes: false, escape: false,
  }
  let delimiterGiven = false
  const str = () => { r.accept('AS'); const t = r.next(); if (t?.type !== 'string') throw syntaxError(t, sql); return t.value }
  r.accept('WITH')
  while (!r.atEnd()) {
    const t = r.next()!
    if (t.type === 'punct' && t.value === ',') continue
    if (t.type !== 'word') throw syntaxError(t, sql)
    switch (t.value) {
      case 'IAM_ROLE': if (!r.accept('DEFAULT')) str(); break
      case 'CREDENTIALS': case 'ACCESS_KEY_ID': case 'SECRET_ACCESS_KEY': case 'SESSION_TOKEN': case 'REGION': case 'KMS_KEY_ID': str(); break
      case 'ENCRYPTED': case 'CLEANPATH': break
      case 'FORMAT': {
        r.accept('AS')
        const f = r.next()
        if (f?.value === 'CSV') cmd.format = 'csv'
        else throw new WarehouseError(`UNLOAD format ${f?.text ?? ''} is not supported on the local warehouse`, { code: '0A000', position: (f?.pos ?? t.pos) + 1 })
        break
      }
      case 'CSV': cmd.format = 'csv'; break
      case 'DELIMITER': cmd.delimiter = str(); delimiterGiven = true; break
      case 'HEADER': cmd.header = true; break
      case 'GZIP': cmd.compression = 'gzip'; break
      case 'PARALLEL': {
        const v = r.next()
        if (v?.value === 'OFF' || v?.value === 'FALSE') cmd.parallel = false
        else if (v?.value === 'ON' || v?.value === 'TRUE') cmd.parallel = true
        else throw syntaxError(v, sql)
        break
      }
      case 'ALLOWOVERWRITE': cmd.allowOverwrite = true; break
      case 'MANIFEST': cmd.manifest = true; if (r.accept('VERBOSE')) cmd.manifestVerbose = true; break
      case 'MAXFILESIZE': {
        r.accept('AS')
        const n = r.next()
        if (n?.type !== 'number') throw syntaxError(n, sql)
        const unit = r.accept('GB') ? 1024 * MB : (r.accept('MB'), MB)
        cmd.maxFileSize = Number(n.value) * unit
        if (cmd.maxFileSize < 5 * MB || cmd.maxFileSize > 6.2 * 1024 * MB) {
          throw new WarehouseError('MAXFILESIZE must be between 5 MB and 6.2 GB', { code: '22023', position: n.pos + 1 })
        }
        break
      }
      case 'NULL': cmd.nullAs = str(); break
      case 'ADDQUOTES': cmd.addQuotes = true; break
      case 'ESCAPE': cmd.escape = true; break
      case 'EXTENSION': cmd.extension = str(); break
      case 'BZIP2': case 'ZSTD': case 'PARQUET': case 'JSON': case 'FIXEDWIDTH': case 'PARTITION': case 'ROWGROUPSIZE':
      default:
        throw new WarehouseError(`UNLOAD option "${t.text}" is not supported on the local warehouse`, { code: '0A000', position: t.pos + 1 })
    }
  }
  if (cmd.format === 'csv' && !delimiterGiven) cmd.delimiter = ','
  if (cmd.format === 'csv' && (cmd.addQuotes || cmd.escape)) {
    throw new WarehouseError(`CSV cannot be used with ${cmd.addQuotes ? 'ADDQUOTES' : 'ESCAPE'}`, { code: '22023' })
  }
  return cmd
}

/** Encodes one value the way UNLOAD writes it. */
function encoder(cmd: UnloadCommand): (v: string | null) => string {
  const d = cmd.delimiter
  if (cmd.format === 'csv') {
    return v => (v === null ? cmd.nullAs : /[",\n\r]/.test(v) || v.includes(d) || v === '' ? `"${v.replace(/"/g, '""')}"` : v)
  }
  return v => {
    if (v === null) return cmd.nullAs
    let s = v
    if (cmd.escape) s = s.replace(/[\\\n\r"']/g, m => '\\' + m).split(d).join('\\' + d)
    return cmd.addQuotes ? `"${s}"` : s
  }
}

/** Splits PostgreSQL text-format COPY output into rows of values (NULL as null). */
function* textRows(chunk: string): Generator<(string | null)[]> {
  for (const line of chunk.split('\n')) {
    if (line === '') continue
    yield line.split('\t').map(f => (f === '\\N' ? null : f.includes('\\') ? unescapeText(f) : f))
  }
}

function unescapeText(f: string): string {
  return f.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c === 'b' ? '\b' : c === 'f' ? '\f' : c === 'v' ? '\v' : c))
}

/** One output object, streamed to the store while rows are written. */
class OutputFile {
  bytes = 0
  records = 0
  private readonly body = new PassThrough()
  readonly done: Promise<unknown>
  constructor(readonly uri: string, objects: ObjectStore, gzip: boolean) {
    const stream: Readable = gzip ? this.body.pipe(createGzip() as Transform) : this.body
    this.done = objects.put(uri, stream, { contentType: gzip ? 'application/gzip' : 'text/plain' })
    this.done.catch(() => {})
  }
  async write(text: string): Promise<void> {
    this.bytes += Buffer.byteLength(text)
    if (!this.body.write(text)) await new Promise(r => this.body.once('drain', r))
  }
  async close(): Promise<void> {
    this.body.end()
    await this.done
  }
}


/** Runs UNLOAD: the query's rows stream out of `COPY (query) TO STDOUT` into objects named as Redshift names them. */
export async function executeUnload(session: Session, sql: string, ctx: { objects: ObjectStore; onNotice?: (n: Notice) => void; caseSensitive?: boolean }): Promise<StatementResult> {
  const cmd = parseUnload(sql)
  const { bucket, key: prefix } = parseS3Uri(cmd.to)
  const objects = ctx.objects
  try {
    if (!cmd.allowOverwrite) {
      for await (const o of objects.list(bucket, prefix)) {
        throw new WarehouseError('Specified unload destination on S3 is not empty. Consider using a different bucket / prefix, manually removing the target files in S3, or using the ALLOWOVERWRITE option.', {
          code: 'XX000', detail: `s3://${bucket}/${o.key} exists`,
        })
      }
    }
  } catch (err) { throw s3Error(err, cmd.to) }
  const query = rewriteStatement(cmd.query, { caseSensitive: ctx.caseSensitive }).trim().replace(/;\s*$/, '')
  const [shape] = await session.query(`select * from (${query}) as unload_query limit 0`)
  const header = shape.fields.map(f => f.name).join(cmd.delimiter) + '\n'
  const encode = encoder(cmd)
  const ext = (cmd.compression === 'gzip' ? '.gz' : '') + (cmd.extension ? `.${cmd.extension.replace(/^\./, '')}` : '')
  const nameOf = (n: number) => cmd.parallel ? `${prefix}0000_part_${String(n).padStart(2, '0')}${ext}` : `${prefix}${String(n).padStart(3, '0')}${ext}`
  const files: OutputFile[] = []
  let current: OutputFile | undefined
  const open = async () => {
    current = new OutputFile(`s3://${bucket}/${nameOf(files.length)}`, objects, cmd.compression === 'gzip')
    files.push(current)
    if (cmd.header) await current.write(header)
  }
  let total = 0
  let rest = ''
  try {
    await open()
    const stream = session.copyTo(`copy (${query}) to stdout`)
    for await (const chunk of stream) {
      const text = rest + (chunk as Buffer).toString('utf8')
      const cut = text.lastIndexOf('\n')
      rest = text.slice(cut + 1)
      let batch = ''
      for (const row of textRows(text.slice(0, cut + 1))) {
        const line = row.map(encode).join(cmd.delimiter) + '\n'
        if (current!.bytes + batch.length + line.length > cmd.maxFileSize && current!.records > 0) {
          await current!.write(batch); batch = ''
          await current!.close()
          await open()
        }
        batch += line
        current!.records++
        total++
      }
      if (batch) await current!.write(batch)
    }
    await current!.close()
  } catch (err) {
    throw s3Error(err, cmd.to)
  }
  if (cmd.manifest) {
    const entries = files.map(f => cmd.manifestVerbose
      ? { url: f.uri, meta: { content_length: f.bytes, record_count: f.records } }
      : { url: f.uri })
    const manifest: Record<string, unknown> = { entries }
    if (cmd.manifestVerbose) {
      manifest.schema = { elements: shape.fields.map(f => ({ name: f.name })) }
      manifest.meta = { content_length: files.reduce((n, f) => n + f.bytes, 0), record_count: total }
    }
    await objects.put(`s3://${bucket}/${prefix}manifest`, JSON.stringify(manifest, null, 2) + '\n', { contentType: 'application/json' })
  }
  ctx.onNotice?.({ severity: 'INFO', message: `UNLOAD completed, ${total} record(s) unloaded successfully.` })
  return { command: 'UNLOAD', commandTag: 'UNLOAD', rowCount: String(total), fields: [], rows: [] }
}

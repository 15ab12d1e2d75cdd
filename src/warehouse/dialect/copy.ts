import { isUtf8 } from 'node:buffer'
import type { Writable } from 'node:stream'
import type { ObjectStore } from '../../objects/index.ts'
import { WarehouseError } from '../errors.ts'
import type { Notice, Session, StatementResult } from '../session.ts'
import { decompress } from './codecs/index.ts'
import { parseCopy, type CopyCommand } from './copy-statement.ts'
import { dateParser, timestampParser } from './datetime.ts'
import { CsvParser } from './formats/csv.ts'
import { DelimitedParser } from './formats/delimited.ts'
import { FixedWidthParser } from './formats/fixedwidth.ts'
import { JsonParser, parseJsonPath, type JsonMapping } from './formats/json.ts'
import { RowTooLongError, type RawRow, type RowParser } from './formats/row.ts'
import { ensureLoadErrors, recordLoadErrors, type LoadError } from './load-errors.ts'
import { OutBuffer } from './out-buffer.ts'
import { copySources, readSmallObject, s3Error } from './sources.ts'
import { describeTarget, type TargetColumn } from './target.ts'
import { RowEncoder, type Rejection } from './values.ts'

export interface CopyContext {
  objects: ObjectStore
  onNotice?: (notice: Notice) => void
  /** The session set enable_case_sensitive_identifier: quoted names keep their case. */
  caseSensitive?: boolean
}

// Encoded rows go to the server in chunks of this size; up to IN_FLIGHT_HIGH bytes may wait in the COPY
// stream (so the server never starves while the next chunk is parsed), then parsing waits for IN_FLIGHT_LOW.
const FLUSH_BYTES = 256 * 1024
const IN_FLIGHT_HIGH = 4 << 20
const IN_FLIGHT_LOW = 1 << 20
// Rejected rows kept for stl_load_errors; MAXERROR is capped at 100000 as on Redshift.
const MAX_RECORDED = 100_001

/** Runs a Redshift `COPY … FROM 's3://…'` against a PostgreSQL session, streaming rows into COPY FROM STDIN. */
export async function executeCopy(session: Session, sql: string, ctx: CopyContext): Promise<StatementResult> {
  const cmd = parseCopy(sql, { caseSensitive: ctx.caseSensitive })
  await ensureLoadErrors(session)
  const target = await describeTarget(session, cmd.table, cmd.columns, cmd.explicitIds)
  const sources = await copySources(ctx.objects, cmd.from, cmd.manifest)
  const [ids] = await session.query(`select nextval('redshift.stl_query_id_seq')::int`)
  const queryId = Number(ids.rows[0][0])
  const starttime = new Date()
  const load = new Load(session, cmd, target.columns, queryId)
  try {
    const jsonMapping = cmd.format === 'json' ? await jsonMappingFor(cmd, target.columns, ctx.objects) : undefined
    for (const uri of sources) await load.file(uri, ctx.objects, jsonMapping)
    await load.finish()
  } catch (err) {
    await load.abort()
    if (!session.inTransaction && load.errors.length > 0) await recordLoadErrors(session, queryId, target.oid, starttime, load.errors, 0).catch(() => {})
    throw err
  }
  await recordLoadErrors(session, queryId, target.oid, starttime, load.errors, load.loaded)
  const notice = (message: string) => ctx.onNotice?.({ severity: 'INFO', message })
  notice(`Load into table '${cmd.tableName}' completed, ${load.loaded} record(s) loaded successfully.`)
  if (load.rejected > 0) {
    notice(`Load into table '${cmd.tableName}' completed, ${load.rejected} record(s) could not be loaded.  Check 'stl_load_errors' system table for details.`)
  }
  // Redshift's server answers COPY with a bare `COPY` tag; the rows loaded are what RSQL's ACTIVITYCOUNT shows.
  return { command: 'COPY', commandTag: 'COPY', rowCount: String(load.loaded), fields: [], rows: [] }
}

async function jsonMappingFor(cmd: CopyCommand, columns: TargetColumn[], objects: ObjectStore): Promise<JsonMapping> {
  const spec = cmd.json ?? 'auto'
  if (/^auto( ignorecase)?$/i.test(spec)) return { kind: 'auto' as const, ignoreCase: /ignorecase/i.test(spec), columns: columns.map(c => c.name) }
  if (!spec.startsWith('s3://')) throw new WarehouseError(`invalid JSON option '${spec}': expected 'auto', 'auto ignorecase' or an s3:// JSONPaths file`, { code: '22023' })
  let paths: unknown
  try { paths = (JSON.parse(await readSmallObject(objects, spec)) as { jsonpaths?: unknown }).jsonpaths } catch (err) {
    throw err instanceof SyntaxError ? new WarehouseError(`JSONPaths file is not valid JSON: ${spec}`, { code: 'XX000', detail: err.message }) : s3Error(err, spec)
  }
  if (!Array.isArray(paths) || paths.some(p => typeof p !== 'string')) throw new WarehouseError(`JSONPaths file must hold a "jsonpaths" array of strings: ${spec}`, { code: 'XX000' })
  if (paths.length !== columns.length) {
    throw new WarehouseError(`Number of jsonpaths and the number of columns should match. JSONPath size: ${paths.length}, Number of columns in table or column list: ${columns.length}`, { code: 'XX000' })
  }
  try { return { kind: 'paths' as const, paths: (paths as string[]).map(parseJsonPath) } } catch (err) {
    throw new WarehouseError((err as Error).message, { code: 'XX000', detail: spec })
  }
}

class Load {
  loaded = 0
  rejected = 0
  errors: LoadError[] = []
  private readonly out = new OutBuffer(FLUSH_BYTES)
  private readonly encoder: RowEncoder
  private copy: Writable | undefined
  private copyError: Error | undefined
  /** Bytes written to the COPY stream that its socket has not yet taken. */
  private inFlight = 0
  private wake: (() => void) | undefined
  private file_ = ''

  constructor(private readonly session: Session, private readonly cmd: CopyCommand, private readonly columns: TargetColumn[], private readonly queryId: number) {
    const acceptInv = cmd.acceptInvChars === undefined ? -1 : Buffer.from(cmd.acceptInvChars)[0] ?? 63
    this.encoder = new RowEncoder(columns, {
      nullAs: Buffer.from(cmd.nullAs ?? '\\N'),
      emptyAsNull: cmd.emptyAsNull, blanksAsNull: cmd.blanksAsNull, trimBlanks: cmd.trimBlanks, truncateColumns: cmd.truncateColumns,
      invalidCharReplacement: acceptInv, acceptAnyDate: cmd.acceptAnyDate, fillRecord: cmd.fillRecord, roundec: cmd.roundec,
      date: dateParser(cmd.dateFormat), timestamp: timestampParser(cmd.timeFormat, false), timestamptz: timestampParser(cmd.timeFormat, true),
    }, this.out)
    if (!cmd.noLoad) {
      const list = columns.map(c => `"${c.name.replace(/"/g, '""')}"`).join(', ')
      this.copy = session.copyFrom(`copy ${cmd.table} (${list}) from stdin`)
      this.copy.on('error', err => { this.copyError ??= err; this.wakeUp() })
      this.copy.on('close', () => this.wakeUp())
    }
  }

  private parser(jsonMapping: JsonMapping | undefined): RowParser {
    const c = this.cmd
    const common = { ignoreHeader: c.ignoreHeader, ignoreBlankLines: c.ignoreBlankLines }
    switch (c.format) {
      case 'csv': return new CsvParser({ ...common, delimiter: c.delimiter.charCodeAt(0), quote: c.quote.charCodeAt(0) })
      case 'fixedwidth': return new FixedWidthParser({ ...common, widths: c.fixedWidth!.map(f => f.width) })
      case 'json': return new JsonParser(jsonMapping!, (line, raw, reason) => this.rejectRaw(line, raw, 1224, reason))
      default: return new DelimitedParser({ ...common, delimiter: c.delimiter.charCodeAt(0), escape: c.escape, removeQuotes: c.removeQuotes })
    }
  }

  async file(uri: string, objects: ObjectStore, jsonMapping: JsonMapping | undefined): Promise<void> {
    this.file_ = uri
    let source
    try { source = await objects.get(uri) } catch (err) { throw s3Error(err, uri) }
    const parser = this.parser(jsonMapping)
    const onRow = (row: RawRow) => this.row(row)
    let previousInvalid = false
    try {
      for await (const chunk of decompress(source, this.cmd.compression)) {
        const b = chunk as Buffer
        const invalid = !isUtf8(b) || b.indexOf(0) >= 0
        this.encoder.checkUtf8 = invalid || previousInvalid
        previousInvalid = invalid
        parser.push(b, onRow)
        this.encoder.flushRun()
        if (this.out.pending >= FLUSH_BYTES) await this.flush()
      }
      this.encoder.checkUtf8 = true
      parser.end(onRow)
      this.encoder.flushRun()
    } catch (err) {
      if (err instanceof WarehouseError) throw err
      if (err instanceof RowTooLongError) {
        this.rejectRaw(err.line, Buffer.alloc(0), 1216, 'Input row longer than 4 MB')
        throw this.failed()
      }
      const how = this.cmd.compression ? ` as ${this.cmd.compression.toUpperCase()}` : ''
      throw new WarehouseError(`Load into table '${this.cmd.tableName}' failed: could not read "${uri}"${how}: ${(err as Error).message}`, { code: 'XX000', cause: err })
    }
    await this.flush()
  }

  private row(row: RawRow): void {
    const rejection = this.encoder.encode(row)
    if (!rejection) { this.loaded++; return }
    this.reject(row, rejection)
  }

  private reject(row: RawRow, r: Rejection): void {
    this.rejected++
    const col = r.column >= 0 ? this.columns[r.column] : undefined
    if (this.errors.length < MAX_RECORDED) {
      this.errors.push({
        filename: this.file_, line: row.line, colname: col?.name ?? '', type: col ? shortType(col) : '', colLength: col ? colLength(col) : '',
        position: 0, rawLine: row.raw.toString('utf8', row.rawStart, row.rawEnd), rawFieldValue: r.value, errCode: r.code, errReason: r.reason,
      })
    }
    if (this.rejected > this.cmd.maxError) throw this.failed()
  }

  private rejectRaw(line: number, raw: Buffer, code: number, reason: string): void {
    const row = { buf: raw, starts: new Int32Array(1), ends: new Int32Array(1), count: 0, line, raw, rawStart: 0, rawEnd: raw.length, special: false }
    this.reject(row, { column: -1, code, reason, value: '' })
  }

  private failed(): WarehouseError {
    const first = this.errors[this.errors.length - 1]
    const message = `Load into table '${this.cmd.tableName}' failed.  Check 'stl_load_errors' system table for details.`
    const detail = [
      '', '  -----------------------------------------------',
      `  error:  ${message}`,
      `  code:      ${first?.errCode ?? 1200}`,
      `  context:   ${first ? `${first.errReason}${first.colname ? ` (column ${first.colname})` : ''}` : ''}`,
      `  query:     ${this.queryId}`,
      `  location:  ${first ? `${first.filename}:${first.line}` : this.file_}`,
      '  process:   rsqlflow',
      '  -----------------------------------------------',
    ].join('\n')
    return new WarehouseError(message, { code: 'XX000', detail })
  }

  /** Hands the encoded rows to the COPY stream; waits while too many bytes are still queued there. */
  private async flush(): Promise<void> {
    this.encoder.flushRun()
    const chunks = this.out.take()
    const copy = this.copy
    if (!copy) return
    if (this.copyError) throw this.serverError()
    for (const c of chunks) {
      this.inFlight += c.length
      copy.write(c, () => {
        this.inFlight -= c.length
        if (this.inFlight <= IN_FLIGHT_LOW) this.wakeUp()
      })
    }
    if (this.inFlight > IN_FLIGHT_HIGH && !this.copyError && !copy.destroyed) await new Promise<void>(resolve => { this.wake = resolve })
    if (this.copyError) throw this.serverError()
  }

  private wakeUp(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }

  private serverError(): WarehouseError {
    const e = this.copyError as Error & { code?: string; detail?: string; where?: string }
    return new WarehouseError(`Load into table '${this.cmd.tableName}' failed: ${e.message}`, { code: e.code ?? 'XX000', detail: e.detail, where: e.where, cause: e })
  }

  async finish(): Promise<void> {
    await this.flush()
    if (!this.copy) return
    const copy = this.copy
    this.copy = undefined
    await new Promise<void>((resolve, reject) => {
      copy.once('finish', resolve)
      copy.once('error', err => { this.copyError ??= err; reject(this.serverError()) })
      copy.end()
    })
  }

  async abort(): Promise<void> {
    const copy = this.copy
    this.copy = undefined
    if (!copy || copy.destroyed) return
    await new Promise<void>(resolve => {
      copy.once('close', resolve)
      copy.destroy(new Error('COPY aborted by rsqlflow'))
    })
  }
}

function shortType(c: TargetColumn): string {
  const base = c.type.replace(/\(.*$/, '')
  const map: Record<string, string> = {
    'character varying': 'varchar', character: 'char', integer: 'int4', bigint: 'int8', smallint: 'int2', 'double precision': 'float8',
    real: 'float4', boolean: 'bool', 'timestamp without time zone': 'timestamp', 'timestamp with time zone': 'timestamptz',
  }
  return map[base] ?? base
}

function colLength(c: TargetColumn): string {
  if (c.maxBytes !== undefined) return String(c.maxBytes)
  if (c.precision !== undefined) return `${c.precision},${c.scale ?? 0}`
  return ''
}

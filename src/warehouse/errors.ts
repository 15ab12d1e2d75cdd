/**
 * An error from the warehouse or from connecting to it. `code` is the SQLSTATE for server errors
 * (`42P01`…) and `08001`/`08006`/`28P01` for connection failures, as libpq reports them.
 * The server's fields are kept, as postgres.js keeps them on PostgresError.
 */
import type { StatementResult } from './session.ts'

export class WarehouseError extends Error {
  override name = 'WarehouseError'
  readonly code: string
  readonly severity: string
  readonly detail?: string
  readonly hint?: string
  /** 1-based character position in the statement, when the server gave one. */
  readonly position?: number
  readonly where?: string
  /** The statements of a multi-statement query that completed before this error (psql prints them). */
  readonly results?: StatementResult[]
  /** The server's other fields by their one-letter protocol codes (s schema, t table, n constraint, F file, L line, R routine, q internal query…). */
  readonly serverFields?: Readonly<Record<string, string>>
  /**
   * The connection closed (or its socket failed) under the statement: the session is gone, and libpq would have
   * said "server closed the connection unexpectedly". Set by the session that saw it, after a FATAL too.
   */
  connectionLost: boolean

  constructor(
    message: string,
    fields: { code: string; severity?: string; detail?: string; hint?: string; position?: number; where?: string; cause?: unknown; results?: StatementResult[]; serverFields?: Record<string, string>; connectionLost?: boolean },
  ) {
    super(message, { cause: fields.cause })
    this.code = fields.code
    this.severity = fields.severity ?? 'ERROR'
    this.detail = fields.detail
    this.hint = fields.hint
    this.position = fields.position
    this.where = fields.where
    this.results = fields.results
    this.serverFields = fields.serverFields
    this.connectionLost = fields.connectionLost ?? false
  }
}

/** Turns what `pg` threw into a WarehouseError, keeping every server field. */
export function toWarehouseError(err: unknown): WarehouseError {
  if (err instanceof WarehouseError) return err
  const e = err as { message?: string; code?: string; severity?: string; detail?: string; hint?: string; position?: string; where?: string; results?: StatementResult[] }
  const isServer = typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)
  return new WarehouseError(e?.message ?? String(err), {
    code: isServer ? e.code! : '08006',
    severity: e?.severity,
    detail: e?.detail,
    hint: e?.hint,
    position: e?.position ? Number(e.position) : undefined,
    where: e?.where,
    results: e?.results,
    serverFields: isServer ? protocolFields(err) : undefined,
    cause: err,
  })
}

const PROTOCOL_CODES: Record<string, string> = {
  schema: 's', table: 't', column: 'c', dataType: 'd', constraint: 'n', file: 'F', line: 'L', routine: 'R', internalQuery: 'q', internalPosition: 'p', position: 'P',
}

/** pg's named error or notice fields back under their protocol codes. */
export function protocolFields(e: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, code] of Object.entries(PROTOCOL_CODES)) {
    const v = (e as Record<string, unknown>)[name]
    if (typeof v === 'string') out[code] = v
  }
  return out
}

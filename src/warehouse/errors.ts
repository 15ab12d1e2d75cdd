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

  constructor(
    message: string,
    fields: { code: string; severity?: string; detail?: string; hint?: string; position?: number; where?: string; cause?: unknown; results?: StatementResult[] },
  ) {
    super(message, { cause: fields.cause })
    this.code = fields.code
    this.severity = fields.severity ?? 'ERROR'
    this.detail = fields.detail
    this.hint = fields.hint
    this.position = fields.position
    this.where = fields.where
    this.results = fields.results
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
    cause: err,
  })
}

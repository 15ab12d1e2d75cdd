import { WarehouseError } from '../errors.ts'

/**
 * The error for a Redshift construct the local warehouse cannot give Redshift's answer for:
 * SQLSTATE 0A000 (feature_not_supported), naming the construct, at its 1-based position.
 */
export function unsupported(construct: string, at?: number, hint?: string): WarehouseError {
  return new WarehouseError(`${construct} is not supported on the local warehouse`, {
    code: '0A000', position: at === undefined ? undefined : at + 1, hint,
  })
}

/** A Redshift statement that is malformed (SQLSTATE 42601, syntax_error), at its 1-based position. */
export function syntaxError(message: string, at?: number): WarehouseError {
  return new WarehouseError(message, { code: '42601', position: at === undefined ? undefined : at + 1 })
}

// States.DataLimitExceeded: AWS refuses state inputs, outputs and results over 256 KiB of UTF-8 JSON.
import { Buffer } from 'node:buffer'
import { StatesError } from './errors.ts'

export const PAYLOAD_LIMIT_BYTES = 256 * 1024

export function payloadBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? 'null')
}

export function exceedsPayloadLimit(value: unknown): boolean {
  const text = JSON.stringify(value) ?? 'null'
  // Every UTF-16 unit is at most 3 UTF-8 bytes: short texts cannot exceed the limit.
  if (text.length * 3 <= PAYLOAD_LIMIT_BYTES) return false
  return Buffer.byteLength(text) > PAYLOAD_LIMIT_BYTES
}

/** Throws AWS's error for a state whose result is too large (the cause carries no state prefix). */
export function checkPayloadSize(value: unknown, stateName: string): void {
  if (exceedsPayloadLimit(value)) {
    throw new StatesError(
      'States.DataLimitExceeded',
      `The state/task '${stateName}' returned a result with a size exceeding the maximum number of bytes service limit.`,
      { scoped: false },
    )
  }
}

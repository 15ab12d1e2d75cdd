// One error type that knows its wire shape: each protocol module renders an AwsError its own way
// (JSON 1.0 `__type`, REST-JSON `x-amzn-ErrorType`, the Query protocol's XML ErrorResponse).
import { ConfigError, formatProblem } from '../project/index.ts'

export type Protocol = 'json' | 'rest-json' | 'query'

export class AwsError extends Error {
  override name = 'AwsError'
  constructor(readonly status: number, readonly code: string, message: string, readonly sender = status < 500) {
    super(message)
  }
}

/** Codes the rooms throw that AWS reports with another HTTP status than 400. */
const STATUS: Record<string, number> = {
  NotFound: 404, AuthorizationError: 403, ServerException: 500, InternalServerError: 500, InternalFailure: 500,
  UnrecognizedClientException: 403, AccessDeniedException: 403, MissingAuthenticationToken: 403,
}

/**
 * Any error a room throws, as AWS names it: a room's error already carries AWS's code (`ExecutionDoesNotExist`,
 * `ClientException`, `InvalidParameter`); anything else is an internal failure whose message is not shown.
 */
export function toAwsError(err: unknown, fallbackCode = 'InternalFailure'): AwsError {
  if (err instanceof AwsError) return err
  if (err instanceof ConfigError) return new AwsError(400, 'ValidationException', err.problems.map(formatProblem).join('; ') || err.message)
  const code = awsErrorCode(err)
  if (code !== undefined) {
    const e = err as { status?: unknown; message: string; location?: unknown }
    const status = typeof e.status === 'number' ? e.status : STATUS[code] ?? 400
    const where = typeof e.location === 'string' && e.location ? `${e.location}: ` : ''
    return new AwsError(status, code, where + e.message)
  }
  return new AwsError(500, fallbackCode, 'internal failure: the server could not complete the request')
}

/**
 * The AWS name a room's error carries with its message, or undefined: an AWS name is CamelCase (`NotFound`,
 * `States.TaskFailed`); Node's `EACCES` or an SQLSTATE is not one.
 */
export function awsErrorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; message?: unknown } | null | undefined
  return e && typeof e.code === 'string' && /^[A-Z][A-Za-z.]*[a-z][A-Za-z.]*$/.test(e.code) && typeof e.message === 'string' ? e.code : undefined
}

/** A request body that must be a JSON object (empty: `{}`); anything else is the protocol's `code` error. */
export function jsonObjectBody(text: string, code: string): Record<string, unknown> {
  let body: unknown
  try {
    body = text.trim() ? JSON.parse(text) : {}
  } catch {
    throw new AwsError(400, code, 'the request body is not valid JSON')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AwsError(400, code, 'the request body must be a JSON object')
  return body as Record<string, unknown>
}

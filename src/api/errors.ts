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
  const e = err as { code?: unknown; status?: unknown; message?: unknown; location?: unknown }
  // an AWS name is CamelCase (`NotFound`, `States.TaskFailed`); Node's `EACCES` or an SQLSTATE is not one
  if (e && typeof e.code === 'string' && /^[A-Z][A-Za-z.]*[a-z][A-Za-z.]*$/.test(e.code) && typeof e.message === 'string') {
    const status = typeof e.status === 'number' ? e.status : STATUS[e.code] ?? 400
    const where = typeof e.location === 'string' && e.location ? `${e.location}: ` : ''
    return new AwsError(status, e.code, where + e.message)
  }
  return new AwsError(500, fallbackCode, 'internal failure: the server could not complete the request')
}

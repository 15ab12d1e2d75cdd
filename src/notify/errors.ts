/** An SNS API error with AWS's code (`NotFound`, `InvalidParameter`…) and the HTTP status it travels with. */
export class SnsError extends Error {
  override name = 'SnsError'
  constructor(readonly code: 'NotFound' | 'InvalidParameter' | 'AuthorizationError', message: string, readonly status = code === 'NotFound' ? 404 : 400) {
    super(message)
  }
}

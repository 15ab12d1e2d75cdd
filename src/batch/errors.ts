/** An AWS Batch API error: `ClientException` for a caller's mistake, `ServerException` otherwise. */
export class BatchError extends Error {
  override name = 'BatchError'
  constructor(readonly code: 'ClientException' | 'ServerException', message: string, readonly location?: string) {
    super(message)
  }
}

export const clientError = (message: string, location?: string) => new BatchError('ClientException', message, location)

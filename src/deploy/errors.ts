/**
 * A deploy-time mistake in the project or the options: an AWS error code, a message in PostgreSQL's style
 * and where it is (`rsqlflow.json: topics[0].name`, `workflows/etl.asl.json#/States/load/Resource`, `--stage`).
 */
export class DeployError extends Error {
  override name = 'DeployError'
  constructor(
    readonly code: 'ValidationException' | 'UnsupportedIntegration',
    message: string,
    readonly location: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }

  /** `location: message`, as the CLI prints it. */
  describe(): string {
    return `${this.location}: ${this.message}`
  }
}

import type { DescribedField } from './session.ts'
import { parseMessage } from './raw-text.ts'

/**
 * A statement parsed as the unnamed prepared statement and described, never run (libpq's PQprepare with
 * PQdescribePrepared, which psql's \gdesc uses), as a pg "submittable": Parse, Describe (statement), Sync.
 * The server answers ParseComplete, ParameterDescription, then RowDescription or NoData (an error instead:
 * the rest is skipped up to ReadyForQuery).
 */
export class DescribeStatement {
  private fields: DescribedField[] = []

  constructor(
    private readonly text: string,
    public callback: ((err: Error | null, fields?: DescribedField[]) => void) | undefined,
  ) {}

  submit(connection: { parse(q: { name: string; text: string; types: number[] }): void; describe(m: { type: string; name: string }): void; sync(): void; _send(message: Buffer): void }): null {
    // bytes of the script that are not UTF-8 (raw-text.ts) are written as they are, as for a Query
    if (this.text.isWellFormed()) connection.parse({ name: '', text: this.text, types: [] })
    else connection._send(parseMessage(this.text))
    connection.describe({ type: 'S', name: '' })
    connection.sync()
    return null
  }

  handleRowDescription(msg: { fields: { name: string; dataTypeID: number; dataTypeModifier: number }[] }): void {
    this.fields = msg.fields.map(f => ({ name: f.name, dataTypeID: f.dataTypeID, typeModifier: f.dataTypeModifier }))
  }

  /** pg hands the error over and forgets the statement (ReadyForQuery then comes to nobody). */
  handleError(err: Error): void {
    const callback = this.callback
    this.callback = undefined
    callback?.(err)
  }

  handleReadyForQuery(): void {
    const callback = this.callback
    this.callback = undefined
    callback?.(null, this.fields)
  }

  handleCopyOutResponse(): void {}
  handleDataRow(): void {}
  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
}

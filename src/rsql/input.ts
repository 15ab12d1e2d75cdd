/** rsql's own standard input, read a line at a time when `\copy … from pstdin` asks (psql's fgets on stdin). */
import { createInterface, type Interface } from 'node:readline'
import type { Readable } from 'node:stream'

export class StreamLines {
  private rl: Interface | undefined
  private lines: AsyncIterator<string> | undefined
  private ended = false

  /** A terminal: psql prompts for the data then. */
  readonly terminal: boolean

  constructor(private readonly input: Readable) {
    this.terminal = (input as { isTTY?: boolean }).isTTY === true
  }

  /** The next line without its newline; undefined at the end of the input. */
  async next(): Promise<string | undefined> {
    if (this.ended) return undefined
    if (!this.lines) {
      // opened on first use: a run that never reads its stdin leaves it alone
      this.rl = createInterface({ input: this.input, crlfDelay: Infinity })
      this.lines = this.rl[Symbol.asyncIterator]()
    }
    const r = await this.lines.next()
    if (r.done) this.ended = true
    return r.done ? undefined : r.value
  }

  close(): void {
    this.rl?.close()
  }
}

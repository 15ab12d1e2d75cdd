/** rsql's own standard input, read a line at a time when `\copy … from pstdin` asks (psql's fgets on stdin). */
import type { Interface } from 'node:readline'
import type { Readable } from 'node:stream'

export class StreamLines {
  private rl: Interface | undefined
  private lines: AsyncIterator<string> | undefined
  private ended = false
  private stream: Readable | undefined

  /** The input is asked for on first use: merely touching process.stdin costs a start several ms. */
  constructor(private readonly input: () => Readable) {}

  /** A terminal: psql prompts for the data then. */
  get terminal(): boolean {
    return (this.open() as { isTTY?: boolean }).isTTY === true
  }

  private open(): Readable {
    return this.stream ??= this.input()
  }

  /** The next line without its newline; undefined at the end of the input. */
  async next(): Promise<string | undefined> {
    if (this.ended) return undefined
    if (!this.lines) {
      // opened on first use: a run that never reads its stdin leaves it alone
      const { createInterface } = await import('node:readline')
      this.rl = createInterface({ input: this.open(), crlfDelay: Infinity })
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

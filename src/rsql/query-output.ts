/**
 * Where query results go besides stdout: `\o FILE|command` for the rest of the run, `\g FILE|command` for one
 * statement. psql 15 opens a `\g` target only when a result with rows (or a COPY's data) comes, once per
 * statement; a target it cannot open is reported for each such result, and the statement counts as failed
 * (no status variables set). A command runs through `sh -c`, its stdout being rsql's; psql waits for it
 * when the target closes (at the statement's end for `\g`, at the next `\o` or the run's end for `\o`).
 */
import { resolve } from 'node:path'
import { FileChannel, type Channel } from './channel.ts'
import type { ScriptContext } from './context.ts'
import { reportError } from './messages.ts'
import { startProgram, type Program } from './commands/copy-program.ts'
import { describeIoError, expandTilde } from './paths.ts'
import { encodeRaw } from '../warehouse/raw-text.ts'

/**
 * A command's stdin as a channel: held in a stdio-sized buffer (psql's popen stream), sent in blocks, and
 * what is left sent once the statement that wrote it yields (psql flushes the query output after each).
 */
export class PipeChannel implements Channel {
  private pending: Buffer[] = []
  private size = 0
  private scheduled = false

  constructor(private readonly program: Program) {
    // a command that stops reading: psql's writes to the pipe fail quietly
    program.child.stdin!.on('error', () => {})
  }

  write(text: string): void {
    if (text.length > 0) this.add(encodeRaw(text))
  }

  writeBytes(data: Uint8Array): void {
    if (data.length > 0) this.add(Buffer.from(data))
  }

  private add(data: Buffer): void {
    this.pending.push(data)
    this.size += data.length
    if (this.size >= BUFSIZ) this.flush()
    else if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => { this.scheduled = false; this.flush() })
    }
  }

  flush(): void {
    if (this.size === 0) return
    const stdin = this.program.child.stdin!
    const block = Buffer.concat(this.pending)
    this.pending = []
    this.size = 0
    if (!stdin.destroyed) stdin.write(block)
  }

  drained(): undefined {
    return undefined
  }

  close(): void {
    this.flush()
    this.program.child.stdin!.end()
  }

  /** Closes the command's input and resolves when it has ended (psql's pclose; how it ended is not told). */
  async finish(): Promise<void> {
    this.close()
    await this.program.ended
  }
}

const BUFSIZ = 4096

/** psql's openQueryOutputFile: `|command` started, else the file (relative to the current folder) created. */
export function openQueryOutput(ctx: ScriptContext, target: string): Channel {
  const name = expandTilde(target, ctx.env.HOME)
  if (name.startsWith('|')) return new PipeChannel(startProgram(ctx, name.slice(1), false))
  return FileChannel.open(resolve(ctx.cwd, name))
}

/** Closes a query output channel, waiting for a command to end. */
export async function closeQueryOutput(channel: Channel): Promise<void> {
  if (channel instanceof PipeChannel) await channel.finish()
  else channel.close()
}

/** The `\g` target of the statement running now (the context's statementOutput). */
export class StatementOutput {
  private channel: Channel | undefined
  failed = false

  constructor(private readonly ctx: ScriptContext, private readonly target: string) {}

  /** The target, opened at the first result that needs it; undefined (reported) when it cannot be. */
  open(): Channel | undefined {
    if (this.channel) return this.channel
    try {
      this.channel = openQueryOutput(this.ctx, this.target)
      return this.channel
    } catch (e) {
      reportError(this.ctx, `${expandTilde(this.target, this.ctx.env.HOME)}: ${describeIoError(e)}`)
      this.failed = true
      return undefined
    }
  }

  async close(): Promise<void> {
    if (this.channel) await closeQueryOutput(this.channel)
  }
}

/** Runs a statement with its results going to `target` (`\g FILE`), which is closed (a command waited for) after it. */
export async function withStatementOutput<T>(ctx: ScriptContext, target: string, run: () => Promise<T>): Promise<T> {
  const output = new StatementOutput(ctx, target)
  ctx.statementOutput = output
  try {
    return await run()
  } finally {
    ctx.statementOutput = undefined
    await output.close()
  }
}

/**
 * Where the statement running now prints rows and COPY data: its `\g` target when it has one (undefined when
 * that cannot be opened), else the query output.
 */
export function rowsOutput(ctx: ScriptContext): Channel | undefined {
  const output = ctx.statementOutput
  return output ? output.open() : ctx.queryOut
}

/** Whether the statement running now has a `\g` target. */
export function hasStatementOutput(ctx: ScriptContext): boolean {
  return ctx.statementOutput !== undefined
}

/**
 * Whether the statement's `\g` target could not be opened, or its results or COPY data could not be written (the
 * statement then failed, as psql's); asked once per statement.
 */
export function statementOutputFailed(ctx: ScriptContext): boolean {
  if (ctx.outputFailed) {
    ctx.outputFailed = false
    return true
  }
  return ctx.statementOutput?.failed ?? false
}

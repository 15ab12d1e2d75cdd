/**
 * psql's `\copy`: COPY with the client's ends. `\copy TABLE [(COLUMNS)] FROM 'FILE'|PROGRAM 'CMD'|STDIN|PSTDIN
 * [WITH …]` and `\copy TABLE|(QUERY) TO 'FILE'|PROGRAM 'CMD'|STDOUT|PSTDOUT [WITH …]` run `COPY … FROM STDIN` /
 * `TO STDOUT` with what follows as written. A file is relative to the working folder; a program runs through
 * `/bin/sh -c`; STDIN is the current input (in a script, the lines that follow up to `\.`), STDOUT the query
 * output (`\o`); PSTDIN and PSTDOUT are rsql's own. `COPY n` is printed as psql prints it.
 */
import { open, type FileHandle } from 'node:fs/promises'
import { resolve } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { PassThrough, Readable, Writable } from 'node:stream'
import { toWarehouseError, type CopyInData, type Session } from '../../warehouse/index.ts'
import type { Channel } from '../channel.ts'
import type { Frame, ScriptContext } from '../context.ts'
import { failed, printTiming } from '../execute.ts'
import { noteLastOid } from '../results.ts'
import { NOT_CONNECTED, reportError, reportNotice } from '../messages.ts'
import { describeIoError, expandTilde } from '../paths.ts'
import { activePrintOptions } from '../output/index.ts'
import { scriptCopyData } from '../source.ts'
import { setSuccess } from '../status.ts'
import { needsBegin } from '../autocommit.ts'
import { confirmStep } from '../single-step.ts'
import { copyStatement, parseSlashCopy, type CopyEnd } from './copy-parse.ts'
import { programSink, startProgram, type Program } from './copy-program.ts'
import { askForData, COPY_PROMPT, copyLines, stdinCopyData, trackedCopyIn } from './copy-stdin.ts'
import type { MetaCommand, Outcome } from './types.ts'

export const slashCopy: MetaCommand = async (args, ctx) => {
  const parsed = parseSlashCopy(args.rest())
  if (typeof parsed === 'string') {
    reportError(ctx, parsed)
    return 'error'
  }
  const session = ctx.session
  if (!session) {
    reportError(ctx, NOT_CONNECTED)
    return 'error'
  }
  const sql = copyStatement(parsed)
  const { end } = parsed
  let file: FileHandle | undefined
  if (end.kind === 'file') {
    try {
      file = await open(resolve(ctx.cwd, expandTilde(end.path, ctx.env.HOME)), parsed.from ? 'r' : 'w')
    } catch (e) {
      reportError(ctx, `${end.path}: ${describeIoError(e)}`)
      return 'error'
    }
    if ((await file.stat()).isDirectory()) {
      await file.close()
      reportError(ctx, `${end.path}: cannot copy from/to a directory`)
      return 'error'
    }
  }
  const program = end.kind === 'program' ? startProgram(ctx, end.command, parsed.from) : undefined
  const input = program && !parsed.from ? programSink(ctx, program) : undefined
  let rowCount: string | null
  let started = 0
  // as psql's SendQuery: under -s shown and confirmed (x cancels it: the command fails, with no message)
  if (ctx.settings.singleStep && !await confirmStep(ctx, sql)) {
    await file?.close().catch(() => {})
    await input?.close()
    if (program && parsed.from) program.child.stdout!.resume()
    await endProgram(ctx, program)
    return 'error'
  }
  try {
    // as psql's SendQuery: echoed under ECHO=queries (not under -s); a transaction begun first when AUTOCOMMIT is off
    if (ctx.settings.echo === 'queries' && !ctx.settings.singleStep) ctx.out.write(sql + '\n')
    if (needsBegin(ctx.settings, session, sql)) await session.query('BEGIN')
    started = ctx.settings.timing ? ctx.now() : 0
    ctx.sentQuery = sql
    rowCount = parsed.from
      ? await copyIn(ctx, session, sql, end, file, program)
      : await copyOut(ctx, session, sql, end, file, input?.sink)
  } catch (e) {
    const o = await failed(ctx, toWarehouseError(e), sql)
    await input?.close()
    if (program && parsed.from) program.child.stdout!.resume() // a command that writes more than a pipe holds must still end
    const ended = await endProgram(ctx, program)
    return o === 'ok' ? ended : o
  } finally {
    await file?.close().catch(() => {})
  }
  // psql's handleCopyOut: data that could not be written (a full disk) fails the command
  const written = !parsed.from && !file && !program ? (end.kind === 'pstdio' ? ctx.out : ctx.queryOut) : undefined
  written?.flush()
  if (written?.failure) {
    reportError(ctx, `could not write COPY data: ${describeIoError(written.failure)}`)
    return 'error'
  }
  // as psql: no tag where the data itself went (the query output), and then no result to count (ROW_COUNT 0)
  const toOutput = !parsed.from && (end.kind === 'stdio' || (end.kind === 'pstdio' && ctx.queryOut === ctx.out))
  setSuccess(ctx.vars, rowCount ?? '0')
  if (toOutput) ctx.vars.setStatus('ROW_COUNT', '0')
  else {
    printTag(ctx, `COPY ${rowCount ?? 0}`)
    noteLastOid(ctx)
  }
  if (ctx.settings.timing) printTiming(ctx, ctx.now() - started)
  const broken = await input?.close()
  const ended = await endProgram(ctx, program)
  return broken ? 'error' : ended
}

/** Runs a `\copy … from`; resolves with the row count. */
async function copyIn(ctx: ScriptContext, session: Session, sql: string, end: CopyEnd, file: FileHandle | undefined, program: Program | undefined): Promise<string | null> {
  if (file) return streamIn(session, sql, file.createReadStream())
  if (program) {
    // through a pipe of its own: a failed COPY leaves the command's output to drain, not closed under it
    const data = program.child.stdout!.pipe(new PassThrough())
    try {
      return await streamIn(session, sql, data)
    } catch (e) {
      program.child.stdout!.resume() // psql reads the command's output to its end
      throw e
    }
  }
  const stdin = ctx.stdin
  // STDIN is the input running now (a `-c` string's is rsql's stdin, as psql's); PSTDIN is rsql's stdin: the
  // script read from it when it came on stdin, here or in the frame whose `\i` runs this one
  let frame: Frame | undefined = ctx.frame
  if (end.kind === 'pstdio') {
    while (frame && !(stdin && 'source' in stdin && stdin.source === frame.source)) frame = frame.outer
  } else if (frame.source.command && !frame.source.more) frame = undefined
  if (!frame) return queryIn(ctx, session, sql, () => stdinCopyData(ctx, sql))
  const more = frame.source.more
  if (more) return queryIn(ctx, session, sql, () => { askForData(ctx); return copyLines(() => more(COPY_PROMPT), sql) })
  return queryIn(ctx, session, sql, scriptCopyData(frame, sql))
}

/**
 * The data of the input running now (the lines that follow in the script, or a terminal's) or of rsql's stdin,
 * read when the server asks for it, as a COPY … FROM STDIN's: none when the COPY fails before it starts.
 */
async function queryIn(ctx: ScriptContext, session: Session, sql: string, data: () => CopyInData): Promise<string | null> {
  const tracked = trackedCopyIn(data)
  try {
    const results = await session.query(sql, { onNotice: n => reportNotice(ctx, n), copyIn: tracked.copyIn })
    return results[results.length - 1]?.rowCount ?? null
  } finally {
    await tracked.read()
  }
}

async function streamIn(session: Session, sql: string, data: Readable): Promise<string | null> {
  const into = session.copyFrom(sql)
  await pipeline(data, into)
  return String((into as unknown as { rowCount?: number }).rowCount ?? 0)
}

/** Runs a `\copy … to`; resolves with the row count. */
async function copyOut(ctx: ScriptContext, session: Session, sql: string, end: CopyEnd, file: FileHandle | undefined, program: Writable | undefined): Promise<string | null> {
  const out = session.copyTo(sql)
  const sink = file?.createWriteStream() ?? program ?? channelSink(end.kind === 'pstdio' ? ctx.out : ctx.queryOut)
  await pipeline(out, sink)
  return String((out as unknown as { rowCount?: number }).rowCount ?? 0)
}

/** A `\copy … to stdout|pstdout`'s data, bytes unchanged (binary formats too). */
function channelSink(channel: Channel): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) { channel.writeBytes(chunk); done() },
  })
}

/** Waits for a `\copy … program` command to end: a failure is psql's `CMD: child process exited with exit code N`. */
async function endProgram(ctx: ScriptContext, program: Program | undefined): Promise<Outcome> {
  if (!program) return undefined
  const reason = await program.ended
  ctx.out.flush()
  if (reason === undefined) return undefined
  reportError(ctx, `${program.command}: ${reason}`)
  return 'error'
}

function printTag(ctx: ScriptContext, tag: string): void {
  if (ctx.settings.quiet) return
  ctx.queryOut.write(activePrintOptions(ctx.output).format === 'html' ? `<p>${tag}</p>\n` : `${tag}\n`)
}

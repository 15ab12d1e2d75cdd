/**
 * The command line's `-c` and `-f`, run in order as psql's actions (startup.c). A `-c` string is sent as
 * one query, as written (no variable interpolation; its statements go in one Query, so those after a
 * failing one do not run), or, when it starts with a backslash, runs as one meta-command. A `-f` file is
 * read when its turn comes. An action's result is 0 or 1 (a file's: 0, or 3 when ON_ERROR_STOP ended
 * it); the run exits with the last action's result, and a failed action ends it under ON_ERROR_STOP.
 */
import { describeIoError } from './paths.ts'
import type { ScriptContext, Source } from './context.ts'
import { sendStatement } from './execute.ts'
import { runMetaCommandString, runSource } from './interpreter.ts'
import { writeErr } from './messages.ts'
import { fileSource, folderInputMessage } from './source.ts'
import { stdinCopyData, trackedCopyIn } from './commands/copy-stdin.ts'

const COPY_WORD = /copy/i

/** A `-c` string, or a `-f` file (a path relative to the run's folder). */
export type Action = { kind: 'command'; text: string } | { kind: 'file'; path: string }

/** What an action left: its result, or an exit code that ends the run whatever ON_ERROR_STOP says. */
export type ActionResult = { result: number } | { exit: number }

export async function runAction(ctx: ScriptContext, action: Action | Source): Promise<ActionResult> {
  ctx.stoppedOnError = false
  if (!('kind' in action)) return sourceResult(await runSource(ctx, action))
  if (action.kind === 'file') {
    let source: Source
    try {
      source = fileSource(action.path, ctx.cwd)
    } catch (e) {
      writeErr(ctx, folderInputMessage(ctx.program, action.path, e) ?? `${ctx.program}: error: ${action.path}: ${describeIoError(e)}\n`)
      return { result: 1 }
    }
    return sourceResult(await runSource(ctx, source))
  }
  const text = action.text
  if (text.startsWith('\\')) {
    // psql echoes the string without its backslash
    if (ctx.settings.echo === 'all') ctx.out.write(text.slice(1) + '\n')
    const r = await runMetaCommandString(ctx, { name: '<command>', lines: [text], firstLine: 1, dir: ctx.cwd, command: true })
    return 'exit' in r ? r : { result: r.failed ? 1 : 0 }
  }
  if (ctx.settings.echo === 'all') ctx.out.write(text + '\n')
  // a COPY … FROM STDIN among the statements reads rsql's own stdin, as psql's -c does
  const copy = COPY_WORD.test(text) ? trackedCopyIn(() => stdinCopyData(ctx, text)) : undefined
  const o = await sendStatement(ctx, text, copy && { copyIn: copy.copyIn })
  await copy?.read()
  if (o === 'ok') return { result: 0 }
  if (o === 'error' || ctx.stoppedOnError) return { result: 1 }
  return o
}

/** A file's (or stdin's) end: 0, or the code it stopped with (3 under ON_ERROR_STOP, `\exit n`…). */
function sourceResult(code: number | undefined): ActionResult {
  return code === undefined ? { result: 0 } : { exit: code }
}

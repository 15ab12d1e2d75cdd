/**
 * psql's single-step mode (SINGLESTEP, -s): before a statement is sent it is shown between two banners on
 * stdout, and an answer is read from rsql's standard input, not the terminal: psql's fgets of at most two
 * characters on stdin. An answer starting with `x` cancels the statement (it fails, with no message and no
 * status variables set); an empty line, or the end of the input, lets it run. When the script itself comes on
 * stdin the answer is taken from the script's next line (its first, before it runs), as psql's reads share one stdin buffer.
 */
import type { Frame, ScriptContext } from './context.ts'

const VERIFY = '***(Single step mode: verify command)*******************************************\n'
const PROCEED = '***(press return to proceed or enter x and return to cancel)********************\n'

/** psql's fgets(buf, 3, stdin): at most this many characters, fewer when a newline ends them. */
const ANSWER_LENGTH = 2

/** Shows the statement and reads the answer: whether the statement is to be sent. */
export async function confirmStep(ctx: ScriptContext, sql: string): Promise<boolean> {
  ctx.err.flush()
  ctx.out.write(VERIFY + sql + '\n' + PROCEED)
  ctx.out.flush()
  const answer = await readAnswer(ctx)
  return answer === undefined || answer[0] !== 'x'
}

function readAnswer(ctx: ScriptContext): Promise<string | undefined> {
  return readStdin(ctx, ANSWER_LENGTH)
}

/**
 * psql's reads of its stdin (fgets, gets_fromFile): up to `max` characters of the next line (its newline kept),
 * or the whole line without its newline when `max` is Infinity; undefined at the end of the input.
 */
export async function readStdin(ctx: ScriptContext, max: number): Promise<string | undefined> {
  const stdin = ctx.stdin
  if (!stdin) return undefined
  if ('lines' in stdin) return max === Infinity ? stdin.lines.next() : stdin.lines.chars(max)
  // the script (or the terminal's input) is stdin: the start of its next line, or of its first when it is yet
  // to run (a -c before -f -); a script read to its end has no lines left (runSource)
  let frame: Frame | undefined = ctx.frame
  while (frame && frame.source !== stdin.source) frame = frame.outer
  const { lines, firstLine, more } = stdin.source
  const next = frame ? frame.lineNo - firstLine + 1 : 0
  if (next >= lines.length) {
    const line = more ? await more('') : undefined
    if (line === undefined) return undefined
    lines.push(line)
  }
  const line = lines[next] + '\n'
  if (line.length > max) {
    lines[next] = line.slice(max, -1)
    return line.slice(0, max)
  }
  lines.splice(next, 1) // taken whole: the script never sees it
  return max === Infinity ? line.slice(0, -1) : line
}

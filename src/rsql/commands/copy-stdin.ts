/**
 * A COPY's data from rsql's own standard input (psql's handleCopyIn on stdin): text data a line at a time up
 * to `\.` or the end (on a terminal after psql's prompt), binary data as it comes, bytes unchanged, to the end.
 */
import type { CopyInData } from '../../warehouse/index.ts'
import type { ScriptContext, Source } from '../context.ts'
import { copyEndSent, isCopyDataEnd } from '../source.ts'

export const COPY_PROMPT = '>> ' // psql's PROMPT_COPY

type StdinLines = Extract<NonNullable<ScriptContext['stdin']>, { lines: unknown }>['lines']

/** Whether a COPY moves binary data (`FORMAT binary`, `(format 'binary')`, the old `BINARY`): psql reads it raw. */
export function isBinaryCopy(sql: string): boolean {
  return /\bbinary\b/i.test(sql)
}

/** Data read from a terminal: psql says how to end it first. */
export function askForData(ctx: ScriptContext): void {
  if (!ctx.settings.quiet) ctx.out.write('Enter data to be copied followed by a newline.\nEnd with a backslash and a period on a line by itself, or an EOF signal.\n')
  ctx.out.flush()
}

/** Lines read one at a time up to `\.` (sent too, as psql 15 sends it, but for CSV) or the end of the input, as COPY data. */
export async function* copyLines(next: (() => string | undefined | Promise<string | undefined>) | undefined, sql: string): AsyncGenerator<string> {
  if (!next) return
  const sendEnd = copyEndSent(sql)
  let block = '' // lines go in blocks, as psql's buffer: a message per line costs a large COPY dearly
  for (;;) {
    const read = next()
    const line = typeof read === 'object' ? await read : read // most lines are read already: no wait
    if (line === undefined) break
    if (isCopyDataEnd(line)) {
      if (sendEnd) block += line + '\n'
      break
    }
    block += line + '\n'
    if (block.length >= COPY_BLOCK) {
      yield block
      block = ''
    }
  }
  if (block.length > 0) yield block
}

const COPY_BLOCK = 64 * 1024

/**
 * The data of a COPY … FROM STDIN read from rsql's stdin (a `-c` string's, or `\copy … from pstdin`), read
 * when the server asks; when stdin is a script not running now, its first lines (none once it ran: see runSource).
 */
export function stdinCopyData(ctx: ScriptContext, sql: string): CopyInData {
  const stdin = ctx.stdin
  if (stdin && 'source' in stdin && !stdin.source.more && !isBinaryCopy(sql)) return scriptStartData(stdin.source, sql)
  const lines: StdinLines | undefined = stdin && 'lines' in stdin ? stdin.lines : undefined
  if (!lines) return ''
  if (isBinaryCopy(sql)) return lines.rest()
  if (!lines.terminal) return copyLines(() => lines.next(), sql)
  askForData(ctx)
  return copyLines(() => { ctx.out.write(COPY_PROMPT); ctx.out.flush(); return lines.next() }, sql)
}

/**
 * A COPY's data from the script on stdin before it runs (a `-c` before `-f -`): its lines up to `\.`, taken from
 * it as psql's reads share one stdin (the script's line numbers count only the lines it reads itself).
 */
function scriptStartData(source: Source, sql: string): string {
  const data: string[] = []
  const sendEnd = copyEndSent(sql)
  let taken = 0
  while (taken < source.lines.length) {
    const line = source.lines[taken++]
    if (isCopyDataEnd(line)) {
      if (sendEnd) data.push(line + '\n')
      break
    }
    data.push(line + '\n')
  }
  source.lines.splice(0, taken)
  return data.join('')
}

/**
 * A COPY's data read only when the server asks for it, and a way to wait until it is all read: psql reads
 * a COPY's data to `\.` or the end whatever the server answered meanwhile (a row it refused ends the COPY
 * before the data does), so the next statement or `\copy` starts after it.
 */
export function trackedCopyIn(data: () => CopyInData): { copyIn: () => CopyInData; read: () => Promise<void> } {
  const reading: Promise<void>[] = []
  return {
    copyIn: () => {
      const source = data()
      if (typeof source === 'string') return source
      let done!: () => void
      reading.push(new Promise<void>(resolve => { done = resolve }))
      return (async function* () {
        try { yield* source } finally { done() }
      })()
    },
    read: async () => { await Promise.all(reading) },
  }
}

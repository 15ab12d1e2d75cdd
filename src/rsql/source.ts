/** Turning script text into a Source the loop runs. */
import { readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Frame, Source } from './context.ts'
import { resolvePath } from './paths.ts'
import { decodeRaw } from '../warehouse/raw-text.ts'

/** A line that ends COPY … FROM STDIN data in a script (psql: `\.` alone, a CR allowed). */
export function isCopyDataEnd(line: string): boolean {
  return line === '\\.' || line === '\\.\r'
}

/**
 * The data of a COPY … FROM STDIN (or `\copy … from stdin`) inline in a script: the lines after `lines[at]`
 * up to a `\.` line or the end of the input, as psql's handleCopyIn reads them; `last` is the index of the
 * last line read, where the script goes on after it. As psql 15, the `\.` line is sent too (the server
 * takes it as the end of text data), except for CSV data: a server from PostgreSQL 18 on refuses it there
 * (psql 15 fails on it), so it is left out.
 */
function readCopyData(lines: string[], at: number, sql: string): { data: string; last: number } {
  const data: string[] = []
  const sendEnd = copyEndSent(sql)
  let i = at
  while (i + 1 < lines.length) {
    const next = lines[++i]
    if (isCopyDataEnd(next)) {
      if (sendEnd) data.push(next + '\n')
      break
    }
    data.push(next + '\n')
  }
  return { data: data.join(''), last: i }
}

/** readCopyData as the server asks for it: the frame's lines after its current one, the frame moving past them. */
export function scriptCopyData(frame: Frame, sql: string): () => string {
  return () => {
    const r = readCopyData(frame.source.lines, frame.lineNo - frame.source.firstLine, sql)
    frame.lineNo = frame.source.firstLine + r.last
    return r.data
  }
}

/**
 * Whether the `\.` line ending a COPY's data goes to the server (see readCopyData): not for CSV, which
 * `FORMAT csv`, `(format 'csv')` or the old `CSV` option asks for (a table named csv only loses the line).
 */
export function copyEndSent(sql: string): boolean {
  return !/\bcsv\b/i.test(sql)
}

/**
 * Splits text into lines (a final newline ends the last line). A CR before the newline stays, as psql
 * keeps it: statements are sent with it, COPY data carries it, and meta-command arguments take it for
 * whitespace. A UTF-8 byte order mark that starts the text is dropped, as psql ignores one on a script's first line.
 */
export function splitLines(text: string): string[] {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n')
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines
}

export function textSource(text: string, name: string, dir: string, command = false): Source {
  return { name, lines: splitLines(text), firstLine: 1, dir, command }
}

/**
 * A script's bytes as psql reads them: fgets into 1024-byte loads appended as C strings, so a NUL byte drops the
 * rest of its load, the newline included (the line goes on with the next load). Without a NUL, the text as it is.
 * Bytes that are not valid UTF-8 are kept (decodeRaw), to reach the server and the output unchanged.
 */
export function scriptText(bytes: Buffer): string {
  if (!bytes.includes(0)) return decodeRaw(bytes)
  const kept: Buffer[] = []
  for (let start = 0; start < bytes.length;) {
    const newline = bytes.indexOf(0x0a, start)
    const end = Math.min(newline < 0 ? bytes.length : newline + 1, start + 1023)
    const load = bytes.subarray(start, end)
    const nul = load.indexOf(0)
    kept.push(nul < 0 ? load : load.subarray(0, nul))
    start = end
  }
  return decodeRaw(Buffer.concat(kept))
}

/** Reads a script file; `name` is how messages show it (the path as the user wrote it). Throws on I/O errors. */
export function fileSource(path: string, cwd: string, skip = 0): Source {
  const full = resolvePath(cwd, path)
  const lines = splitLines(scriptText(readFileSync(full)))
  const skipped = Math.min(skip, lines.length)
  return { name: path, lines: lines.slice(skipped), firstLine: skipped + 1, dir: dirname(full) }
}

/**
 * psql opens a folder given as a script (fopen succeeds) and fails at its first read: the message names the folder
 * without a line number (none was read), whatever file or command asked for it. Undefined for other errors.
 */
export function folderInputMessage(program: string, name: string, e: unknown): string | undefined {
  if ((e as NodeJS.ErrnoException).code !== 'EISDIR') return undefined
  return `${program}:${name}: error: could not read from input file: Is a directory\n`
}

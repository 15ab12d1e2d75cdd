/**
 * psql's `\copy`: COPY with the client's files. `\copy TABLE [(COLUMNS)] FROM 'FILE' [WITH …]` and
 * `\copy TABLE|(QUERY) TO 'FILE'|STDOUT [WITH …]` run `COPY … FROM STDIN` / `TO STDOUT` with what follows
 * the file as written, and stream the file (relative to the working folder); `COPY n` is printed as psql does.
 */
import { open, type FileHandle } from 'node:fs/promises'
import { resolve } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Writable } from 'node:stream'
import { toWarehouseError } from '../../warehouse/index.ts'
import { failed } from '../execute.ts'
import { NOT_CONNECTED, reportError } from '../messages.ts'
import { setSuccess } from '../status.ts'
import { describeIoError } from './output.ts'
import type { MetaCommand } from './types.ts'

interface SlashCopy { target: string; from: boolean; file: string | undefined; rest: string }

/** Splits `\copy`'s line as psql's parse_slash_copy does; a message when it cannot. */
export function parseSlashCopy(line: string): SlashCopy | string {
  let s = line.trim()
  let target = ''
  if (s.startsWith('(')) {
    let depth = 0
    let i = 0
    for (let quote = ''; i < s.length; i++) {
      const c = s[i]
      if (quote) { if (c === quote) quote = ''; continue }
      if (c === "'" || c === '"') quote = c
      else if (c === '(') depth++
      else if (c === ')' && --depth === 0) break
    }
    if (depth !== 0) return '\\copy: parse error at end of line'
    target = s.slice(0, i + 1)
    s = s.slice(i + 1).trim()
  } else {
    const m = /^("(?:[^"]|"")*"|[^\s(]+)(?:\s*(\([^)]*\)))?/.exec(s)
    if (!m) return '\\copy: arguments required'
    target = m[2] ? `${m[1]} ${m[2]}` : m[1]
    s = s.slice(m[0].length).trim()
  }
  const dir = /^(from|to)\s+/i.exec(s)
  if (!dir) return `\\copy: parse error at ${s ? `"${s.split(/\s+/)[0]}"` : 'end of line'}`
  s = s.slice(dir[0].length)
  const file = /^'((?:[^']|'')*)'|^(\S+)/.exec(s)
  if (!file) return '\\copy: parse error at end of line'
  const name = file[1] !== undefined ? file[1].replace(/''/g, "'") : file[2]
  const from = dir[1].toLowerCase() === 'from'
  const special = file[1] === undefined ? name.toLowerCase() : ''
  if (special === 'program') return '\\copy: program is not supported by rsql'
  if (special === 'stdin' || special === 'pstdin') return `\\copy from ${special} is not supported by rsql: use COPY … FROM STDIN with the data in the script`
  return { target, from, file: special === 'stdout' || special === 'pstdout' ? undefined : name, rest: s.slice(file[0].length) }
}

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
  const sql = `COPY ${parsed.target} ${parsed.from ? 'FROM STDIN' : 'TO STDOUT'}${parsed.rest}`
  const path = parsed.file === undefined ? undefined : resolve(ctx.cwd, parsed.file)
  let file: FileHandle | undefined
  try {
    if (path !== undefined) file = await open(path, parsed.from ? 'r' : 'w')
  } catch (e) {
    reportError(ctx, `${parsed.file}: ${describeIoError(e)}`)
    return 'error'
  }
  let rowCount = 0
  try {
    if (parsed.from) {
      const into = session.copyFrom(sql)
      await pipeline(file!.createReadStream(), into)
      rowCount = (into as unknown as { rowCount?: number }).rowCount ?? 0
    } else {
      const out = session.copyTo(sql)
      const sink = file?.createWriteStream() ?? new Writable({ write(chunk, _enc, done) { ctx.queryOut.write(chunk.toString()); done() } })
      await pipeline(out, sink)
      rowCount = (out as unknown as { rowCount?: number }).rowCount ?? 0
    }
  } catch (e) {
    const o = await failed(ctx, toWarehouseError(e), sql)
    return o === 'ok' ? undefined : o
  } finally {
    await file?.close().catch(() => {})
  }
  setSuccess(ctx.vars, String(rowCount))
  // as psql: no tag after data written to the output itself
  if (!ctx.settings.quiet && path !== undefined) ctx.queryOut.write(`COPY ${rowCount}\n`)
}

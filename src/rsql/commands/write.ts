/**
 * `\w FILE` / `\write FILE` / `\w |command`: the query buffer (or, when it is empty, the statement sent last,
 * what `\g` would send) written to a file or a command's stdin, as psql 15's exec_command_write.
 */
import { writeFileSync } from 'node:fs'
import { reportError } from '../messages.ts'
import { describeIoError, expandTilde, resolvePath } from '../paths.ts'
import { PipeChannel } from '../query-output.ts'
import { startProgram } from './copy-program.ts'
import { encodeRaw } from '../../warehouse/raw-text.ts'
import { hasQueryBuffer } from './query.ts'
import type { MetaCommand } from './types.ts'

export const write = (name: string): MetaCommand => async (args, ctx) => {
  const target = args.next('filepipe')
  if (!hasQueryBuffer(ctx.frame)) { reportError(ctx, 'no query buffer'); return 'error' }
  if (target === null) { reportError(ctx, `\\${name}: missing required argument`); return 'error' }
  const buffer = ctx.frame.buf.text || ctx.lastQuery || ''
  const text = buffer.length > 0 ? buffer + '\n' : ''
  const fname = expandTilde(target, ctx.env.HOME)
  if (fname.startsWith('|')) {
    // psql 15 closes the pipe without looking at how the command ended (nor does it set SHELL_ERROR)
    const pipe = new PipeChannel(startProgram(ctx, fname.slice(1), false))
    pipe.write(text)
    await pipe.finish()
    return
  }
  const path = canonicalizePath(fname)
  try {
    writeFileSync(resolvePath(ctx.cwd, path), encodeRaw(text))
  } catch (e) {
    reportError(ctx, `${path}: ${describeIoError(e)}`)
    return 'error'
  }
}

/**
 * psql 15's canonicalize_path, as far as a Unix path goes: trailing slashes trimmed, repeated slashes
 * collapsed, a trailing `/.` dropped (error messages name the file so).
 */
export function canonicalizePath(path: string): string {
  let p = path.replace(/\/{2,}/g, '/')
  for (;;) {
    if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1)
    else if (p.length > 2 && p.endsWith('/.')) p = p.slice(0, -2) || '/'
    else break
  }
  return p
}

/**
 * Other scripts and files: `\i` / `\include`, `\ir` / `\include_relative`, `\run file=… [skip=n]`,
 * `\export report file=…` / `\export reset`.
 */
import { accessSync, constants, statSync } from 'node:fs'
import { userInfo } from 'node:os'
import { isAbsolute, normalize, resolve } from 'node:path'
import { FileChannel } from '../channel.ts'
import { reportError, writeErr } from '../messages.ts'
import { fileSource, folderInputMessage } from '../source.ts'
import type { Frame, ScriptContext, Source } from '../context.ts'
import { describeIoError, resolvePath } from '../paths.ts'
import type { MetaCommand, Outcome } from './types.ts'

/** How deep files may include files: a file that includes itself stops here with a message (psql's stack overflows). */
const MAX_NESTING = 100

function include(ctx: ScriptContext, command: string, path: string | null, relative: boolean, skip = 0): Outcome {
  if (path === null) { reportError(ctx, `\\${command}: missing required argument`); return 'error' }
  const base = relative ? ctx.frame.source.dir : ctx.cwd
  const name = relative ? relativeName(ctx.frame.source, path) : path
  let depth = 0
  for (let f: Frame | undefined = ctx.frame; f; f = f.outer) depth++
  if (depth > MAX_NESTING) {
    reportError(ctx, `${name}: files nested too deeply (more than ${MAX_NESTING} levels of \\i, \\ir and \\run)`)
    return 'error'
  }
  try {
    // \ir '' names the including file's folder (psql joins the two), or, without one, no file
    const source = fileSource(relative && path === '' && name !== '' ? '.' : path, base, skip)
    source.name = name
    return { run: source }
  } catch (e) {
    const folder = folderInputMessage(ctx.program, name, e)
    if (folder) writeErr(ctx, folder)
    else reportError(ctx, `${name}: ${describeIoError(e)}`)
    return 'error'
  }
}

/**
 * `\i -`: what is left of rsql's standard input, as a script named <stdin> (psql's process_file reads stdin on). When
 * the script running came on stdin, its lines after this one are the included script's, and it ends with them.
 */
async function stdinScript(ctx: ScriptContext): Promise<Source> {
  const stdin = ctx.stdin
  let lines: string[] = []
  if (stdin && 'source' in stdin) {
    let frame: Frame | undefined = ctx.frame
    while (frame && frame.source !== stdin.source) frame = frame.outer
    lines = stdin.source.lines.splice(frame ? frame.lineNo - frame.source.firstLine + 1 : 0)
  } else if (stdin) {
    for (let line = await stdin.lines.next(); line !== undefined; line = await stdin.lines.next()) lines.push(line)
    if (lines.length > 0 && lines[0].charCodeAt(0) === 0xfeff) lines[0] = lines[0].slice(1)
  }
  return { name: '<stdin>', lines, firstLine: 1, dir: ctx.cwd }
}

/**
 * How psql names a file `\ir` reads (in messages): a relative path joined to the folder of the including file's
 * name as written when that name has one, made canonical (`./` and `dir/..` dropped) as psql's canonicalize_path.
 */
function relativeName(from: Source, path: string): string {
  const slash = from.name.lastIndexOf('/')
  if (isAbsolute(path)) return path
  const joined = from.command || slash < 0 ? path : from.name.slice(0, slash + 1) + path
  return joined === '' ? joined : normalize(joined).replace(/(.)\/+$/, '$1')
}

/** `\i FILE` and `\ir FILE`; `-` names the standard input. */
const includeCommand = (command: string, relative: boolean): MetaCommand => (args, ctx) => {
  const path = args.next()
  if (path === '-') return stdinScript(ctx).then(source => ({ run: source }))
  return include(ctx, command, path, relative)
}

export const i = includeCommand('i', false)
export const ir = includeCommand('ir', true)

/** Parses `key=value` arguments (`file=…`, `skip=…`); keys ignore case. */
function keyed(args: string[]): Map<string, string> {
  const m = new Map<string, string>()
  for (const a of args) {
    const eq = a.indexOf('=')
    if (eq > 0) m.set(a.slice(0, eq).toLowerCase(), a.slice(eq + 1))
    else m.set(a.toLowerCase(), '')
  }
  return m
}

export const run: MetaCommand = (args, ctx) => {
  const opts = keyed(args.all())
  const file = opts.get('file')
  if (!file) { reportError(ctx, '\\run: missing required argument file=<path>'); return 'error' }
  const skipText = opts.get('skip') ?? '0'
  if (!/^\d+$/.test(skipText)) { reportError(ctx, `\\run: invalid value "${skipText}" for "skip": integer expected`); return 'error' }
  const skip = parseInt(skipText, 10)
  const outcome = include(ctx, 'run', file, false, skip)
  if (skip > 0 && typeof outcome === 'object' && 'run' in outcome) ctx.out.write(`${skip} records skipped in RUN file.\n`)
  return outcome
}

export const export_: MetaCommand = (args, ctx) => {
  const list = args.all()
  const mode = list[0]?.toLowerCase()
  if (mode === 'reset') {
    ctx.exportReport?.channel.close()
    ctx.exportReport = undefined
    return
  }
  const opts = keyed(list.slice(1))
  const file = opts.get('file')
  if (mode !== 'report' || !file) {
    reportError(ctx, '\\export: expected "report file=<path>" or "reset"')
    return 'error'
  }
  ctx.exportReport?.channel.close()
  ctx.exportReport = undefined
  const path = resolve(ctx.cwd, file)
  try {
    ctx.exportReport = { path, channel: FileChannel.open(path) }
  } catch (e) {
    reportError(ctx, `${file}: ${describeIoError(e)}`)
    return 'error'
  }
}

/**
 * `\cd [dir]`: the folder later relative paths start from (scripts, `\o`, `\copy`, `\!`), as psql's chdir; without
 * an argument the user's home folder (psql asks the password database, not $HOME).
 */
export const cd: MetaCommand = (args, ctx) => {
  const dir = args.next() ?? userInfo().homedir
  let path = ''
  try {
    path = resolvePath(ctx.cwd, dir)
    if (!statSync(path).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' })
    accessSync(path, constants.X_OK)
  } catch (e) {
    reportError(ctx, `\\cd: could not change directory to "${dir}": ${describeIoError(e)}`)
    return 'error'
  }
  ctx.cwd = path
}

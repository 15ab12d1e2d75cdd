/**
 * The loop (psql's mainloop.c): lines go through the lexer; a finished statement is sent, a
 * backslash hands the line to the command table. `\i` and `\run` re-enter the loop on another
 * source with its own conditional stack. Only statements await: meta-commands run synchronously
 * unless they do I/O.
 */
import { spawnSync } from 'node:child_process'
import { ArgReader, readCommandName, type ArgEnvironment } from './args.ts'
import { findCommand, withoutQueryBuffer } from './commands/index.ts'
import type { Outcome } from './commands/types.ts'
import { errorStop, newFrame, type Frame, type ScriptContext, type Source } from './context.ts'
import { deferSendOptions, sendStatement, type SendOptions } from './execute.ts'
import { QUICK_MS, statementsAhead } from './send-ahead.ts'
import { escapeProblem, quoteIdentifier, quoteLiteral, quoteShellArg, resetScan, scan, setLine, type Quote, type VariableLookup } from './lexer.ts'
import { reportError, reportInfo, reportWarning, writeErr } from './messages.ts'
import { scriptCopyData } from './source.ts'
import { metaLine, runMetaLine } from './meta-line.ts'
import { decodeRaw } from '../warehouse/raw-text.ts'
import { isUtf8Client } from './status.ts'

/** Runs a source to its end; returns an exit code when the run must end (`\q`, ON_ERROR_STOP…). */
export async function runSource(ctx: ScriptContext, source: Source): Promise<number | undefined> {
  const outer = ctx.frame
  const frame = newFrame(source)
  frame.scan.standardStrings = () => standardStrings(ctx)
  frame.outer = outer
  ctx.frame = frame
  try {
    return await loop(ctx, frame)
  } finally {
    ctx.frame = outer
    // the script on stdin read to its end: psql's stdin is at EOF for what comes after (another `-f -`, an answer of -s)
    if (ctx.stdin && 'source' in ctx.stdin && ctx.stdin.source === source && !source.more) source.lines.length = 0
  }
}

/**
 * psql's standard_strings(): a '…' string takes backslashes literally only when the server reports
 * standard_conforming_strings on (no session: off); a session that cannot tell counts as on.
 */
function standardStrings(ctx: ScriptContext): boolean {
  const session = ctx.session
  if (!session) return false
  return session.parameter ? session.parameter('standard_conforming_strings') === 'on' : true
}

function argEnvironment(ctx: ScriptContext, frame: Frame, lookup: VariableLookup): ArgEnvironment {
  return {
    active: () => isActive(frame),
    lookup,
    backtick: command => backtick(ctx, command),
    // psql's argument lexer reports an unterminated quote in an inactive branch too (a `\goto` skip is quiet)
    warn: message => { if (!frame.goto) reportError(ctx, message) },
  }
}

const COPY_WORD = /copy/i

function isActive(frame: Frame): boolean {
  return frame.goto === undefined && frame.cond.active()
}

function variableLookup(ctx: ScriptContext, frame: Frame): VariableLookup {
  return (name: string, quote: Quote) => {
    if (!isActive(frame)) return undefined
    const value = ctx.vars.get(name)
    if (quote === 'defined') return value === undefined ? 'FALSE' : 'TRUE'
    if (value === undefined) return undefined
    if (quote === 'literal' || quote === 'identifier') {
      const problem = isUtf8Client(ctx.session) ? escapeProblem(value) : undefined
      if (problem) {
        reportInfo(ctx, problem)
        return undefined
      }
    }
    if (quote === 'literal') return quoteLiteral(value)
    if (quote === 'identifier') return quoteIdentifier(value)
    if (quote === 'shell') {
      const quoted = quoteShellArg(value)
      if (quoted === undefined) reportError(ctx, `shell command argument contains a newline or carriage return: "${value}"`)
      return quoted
    }
    return value
  }
}

async function loop(ctx: ScriptContext, frame: Frame): Promise<number | undefined> {
  const { lines, firstLine } = frame.source
  const state = frame.scan
  const buf = frame.buf
  const lookup = variableLookup(ctx, frame)
  const env = argEnvironment(ctx, frame, lookup)
  for (let idx = 0; ; idx++) {
    // psql's MainLoop: an interrupt ends a script (EXIT_USER), once the statements the server ran ahead are answered
    // (the one it was running fails, cancelled, and those after it never ran); typed input goes on
    if (ctx.interrupted && !ctx.session?.sentAhead) {
      if (!frame.source.more) return 3
      ctx.interrupted = false
    }
    if (idx >= lines.length) {
      const next = frame.source.more ? await frame.source.more() : undefined
      if (next === undefined) break
      lines.push(next)
    }
    const line = lines[idx]
    frame.lineNo = firstLine + idx
    if (ctx.settings.echo === 'all') ctx.out.write(line + '\n')
    // lines join with a newline, taken back if a meta-command alone on the line follows (psql's added_nl_pos)
    let addedNewline = -1
    if (buf.text.length > 0) {
      buf.text += '\n'
      addedNewline = buf.text.length
    }
    // a line that is one plain meta-command (the checks after each statement), read once per text, runs as read
    if (buf.text.length === 0 && state.mode === 'normal') {
      const m = metaLine(line)
      if (m && runMetaLine(ctx, frame, m, lookup)) continue
    }
    setLine(state, line)
    for (;;) {
      const r = scan(state, buf, lookup, message => reportWarning(ctx, message))
      // SINGLELINE: the end of a line outside quotes, comments and parentheses ends the statement too
      if (r === 'semicolon' || (r === 'eol' && ctx.settings.singleLine && buf.text.length > 0)) {
        // an inactive branch sends nothing and, as psql's, leaves its text in the buffer for \else or \endif to drop;
        // a \goto skips the statement
        if (!isActive(frame)) {
          if (frame.goto) buf.text = ''
          if (r === 'eol') break
          continue
        }
        const sql = buf.text
        buf.text = ''
        ctx.lastQuery = sql
        const copyIn = scriptCopyIn(frame, sql)
        // with the statements that can go ahead with it (send-ahead.ts), unless it is one of those sent already
        const ahead = copyIn || ctx.session?.sentAhead ? undefined : statementsAhead(ctx, frame, sql)
        const started = ctx.now()
        const o = await sendStatement(ctx, sql, copyIn ? { copyIn } : ahead && { ahead })
        ctx.slow = ctx.now() - started >= QUICK_MS
        if (o !== 'ok' && o !== 'error') return o.exit
        idx = frame.lineNo - firstLine // past the data a COPY … FROM STDIN read
        continue
      }
      if (r === 'backslash') {
        if (buf.text.length === addedNewline) buf.text = buf.text.slice(0, -1)
        addedNewline = -1
        // most meta-commands (`\if`, `\set`, `\echo`…) do no I/O: the loop goes on without awaiting them
        const m = metaCommand(ctx, frame, env)
        const code = m instanceof Promise ? await m : m
        if (code !== undefined) return code
        idx = frame.lineNo - firstLine // `\copy … from stdin` read the lines of its data
        continue
      }
      break
    }
  }
  // what is left at the end of the input is sent, as psql does outside interactive mode
  if (buf.text.trim().length > 0 && isActive(frame)) {
    const sql = buf.text
    buf.text = ''
    const o = await sendStatement(ctx, sql)
    if (o !== 'ok' && o !== 'error') return o.exit
  }
  if (frame.goto) {
    frame.lineNo = frame.goto.line
    reportError(ctx, `\\goto: label "${frame.goto.label}" not found`)
    return 1
  }
  if (frame.cond.depth > 0) {
    reportError(ctx, 'reached EOF without finding closing \\endif(s)')
    if (ctx.settings.onErrorStop) return errorStop(ctx)
  }
  return undefined
}

/** Runs the meta-command at the scan position; a promise only when the command does I/O. */
function metaCommand(ctx: ScriptContext, frame: Frame, env: ArgEnvironment): number | undefined | Promise<number | undefined> {
  const outcome = readMetaCommand(ctx, frame, env)
  return outcome instanceof Promise ? outcome.then(o => afterMetaCommand(ctx, frame, o)) : afterMetaCommand(ctx, frame, outcome)
}

function afterMetaCommand(ctx: ScriptContext, frame: Frame, outcome: Outcome): number | undefined | Promise<number | undefined> {
  if (outcome === undefined) return undefined
  if (outcome === 'error') return ctx.settings.onErrorStop ? errorStop(ctx) : undefined
  if ('exit' in outcome) return outcome.exit
  if ('send' in outcome) return send(ctx, frame, outcome.send)
  return runSource(ctx, outcome.run)
}

/**
 * A `-c` string that starts with a backslash (psql's ACT_SINGLE_SLASH): its first meta-command runs and
 * the rest of the string is ignored (newlines are blanks between arguments). Resolves with whether the
 * command failed, or with an exit code when the run must end (`\exit n`, MAXERROR, a lost connection).
 */
export async function runMetaCommandString(ctx: ScriptContext, source: Source): Promise<{ failed: boolean } | { exit: number }> {
  const outer = ctx.frame
  const frame = newFrame(source)
  withoutQueryBuffer(frame)
  ctx.frame = frame
  try {
    setLine(frame.scan, source.lines.join('\n'))
    frame.scan.pos = frame.scan.line.indexOf('\\') + 1
    const outcome = await readMetaCommand(ctx, frame, argEnvironment(ctx, frame, variableLookup(ctx, frame)))
    if (frame.goto) {
      reportError(ctx, `\\goto: label "${frame.goto.label}" not found`)
      return { exit: 1 }
    }
    if (outcome === undefined) return { failed: false }
    if (outcome === 'error') return { failed: true }
    if ('exit' in outcome) return outcome
    if ('send' in outcome) {
      // no query buffer in a `-c`: psql's \g sends nothing, and the flags it set (\gdesc, \gset…) wait for the next statement
      deferSendOptions(ctx, outcome.send)
      return { failed: false }
    }
    ctx.stoppedOnError = false
    const code = await runSource(ctx, outcome.run)
    if (code === undefined) return { failed: false }
    return ctx.stoppedOnError ? { failed: true } : { exit: code }
  } finally {
    ctx.frame = outer
  }
}

/** Reads and runs the meta-command at the scan position; the caller acts on its outcome. */
function readMetaCommand(ctx: ScriptContext, frame: Frame, env: ArgEnvironment): Outcome | Promise<Outcome> {
  const state = frame.scan
  const line = state.line
  const { name, end } = readCommandName(line, state.pos)
  const active = isActive(frame)
  const reader = new ArgReader(line, end, env)
  const entry = findCommand(name)
  let outcome: Outcome = undefined
  if (!entry) {
    reader.rest() // as psql, the rest of the line goes with the failed command
    // as psql, an unknown command is reported in an inactive branch too (a typo there is still a typo)
    if (!frame.goto) {
      reportError(ctx, name === '' ? 'invalid command \\' : `invalid command \\${name}`)
      outcome = 'error'
    }
  } else if (!active && !entry.control) {
    if (entry.wholeLine) reader.rest()
    else {
      if (entry.filepipe) reader.next('filepipe') // `\o |cmd …` skips the command line as one argument
      reader.all()
    }
  } else {
    const r = entry.run(reader, ctx)
    if (r instanceof Promise) return r.then(o => finishArguments(ctx, frame, reader, name, !entry.wholeLine, o))
    return finishArguments(ctx, frame, reader, name, !entry.wholeLine, r)
  }
  reader.end()
  state.pos = reader.pos
  return outcome
}

/**
 * After a command ran: the arguments it left are warned about (or dropped after a failure), the scanner moves past
 * them. As psql, they are read without interpolating or running anything, and warned about when the branch is active
 * after the command (`\else` into a taken branch warns, `\else` out of one does not).
 */
function finishArguments(ctx: ScriptContext, frame: Frame, reader: ArgReader, name: string, checkExtra: boolean, outcome: Outcome): Outcome {
  // psql silently throws away the rest of the line after a failed command (the whole line)
  if (outcome === 'error') reader.rest()
  else if (checkExtra) {
    const active = isActive(frame)
    for (const extra of reader.leftOver()) if (active) reportWarning(ctx, `\\${name}: extra argument "${extra}" ignored`)
  }
  reader.end()
  frame.scan.pos = reader.pos
  return outcome
}

async function send(ctx: ScriptContext, frame: Frame, options: SendOptions): Promise<number | undefined> {
  let sql = frame.buf.text
  frame.buf.text = ''
  resetScan(frame.scan)
  // as psql: an empty buffer sends the statement sent last, or nothing at all (an empty query) before any
  if (sql.trim().length === 0) sql = ctx.lastQuery ?? ''
  ctx.lastQuery = sql
  const copyIn = options.gset || options.gexec ? undefined : scriptCopyIn(frame, sql)
  const o = await sendStatement(ctx, sql, copyIn ? { ...options, copyIn } : options)
  return o === 'ok' || o === 'error' ? undefined : o.exit
}

/**
 * A COPY … FROM STDIN reads its data from the script's lines after the current one, up to `\.`, when the
 * server asks; the frame moves past them (messages after it name the line reached, as psql counts the data
 * lines it read).
 */
function scriptCopyIn(frame: Frame, sql: string): (() => string) | undefined {
  return COPY_WORD.test(sql) ? scriptCopyData(frame, sql) : undefined
}

/**
 * psql's evaluate_backtick (popen through `sh`): the command's output, one trailing newline removed; what it
 * writes to stderr passes through, and a failing command is not an error of rsql's (psql 15 says nothing).
 */
function backtick(ctx: ScriptContext, command: string): string {
  const r = spawnSync('/bin/sh', ['-c', command], { argv0: 'sh', cwd: ctx.cwd, env: ctx.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: Infinity })
  if (r.stderr?.length) writeErr(ctx, decodeRaw(r.stderr))
  if (r.error) {
    reportError(ctx, `\`${command}\`: ${r.error.message}`)
    return ''
  }
  const out = decodeRaw(r.stdout)
  return out.endsWith('\n') ? out.slice(0, -1) : out
}

/**
 * `rsql --check`: reads a script the way the interpreter does — same lexer, same argument
 * reader, same command table — without a database, and reports what would go wrong: unbalanced
 * `\if`, a `\goto` to a missing or earlier label, unknown meta-commands, unterminated quotes;
 * given the script's place, files `\i`, `\ir` and `\run` cannot read; given its bytes, invalid UTF-8.
 */
import { isUtf8 } from 'node:buffer'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { ArgReader, readCommandName } from './args.ts'
import { describeIoError } from './paths.ts'
import { findCommand } from './commands/index.ts'
import { parseSlashCopy } from './commands/copy-parse.ts'
import { insideQuote, newScanState, scan, setLine } from './lexer.ts'
import { scriptText } from './source.ts'
import { isCopyDataEnd, splitLines } from './source.ts'
import { pgUtfMblen } from '../warehouse/raw-text.ts'

export interface CheckProblem {
  line: number
  message: string
}

const COPY_FROM_STDIN = /^\s*copy\b[\s\S]*\bfrom\s+stdin\b/i

function readsScript(slashCopyLine: string): boolean {
  const p = parseSlashCopy(slashCopyLine)
  return typeof p !== 'string' && p.from && p.end.kind === 'stdio'
}

/** Where a checked script runs: `\i` and `\run` read from `cwd`, `\ir` from `dir` (the script's folder). */
export interface CheckPlace {
  cwd: string
  dir: string
}

export function checkScript(text: string, place?: CheckPlace): CheckProblem[] {
  const problems: CheckProblem[] = []
  const lines = splitLines(text)
  const state = newScanState()
  const buf = { text: '' }
  const ifs: { line: number; sawElse: boolean }[] = []
  const labels = new Set<string>()
  const gotos: { label: string; line: number }[] = []
  let quoteOpened = 0
  const none = () => undefined
  let copyData = false // in a COPY … FROM STDIN's data, up to `\.` (assuming the COPY runs)
  lines.forEach((line, idx) => {
    const lineNo = idx + 1
    if (copyData) {
      copyData = !isCopyDataEnd(line)
      return
    }
    const wasInside = insideQuote(state)
    setLine(state, line)
    for (;;) {
      const r = scan(state, buf, none)
      if (r === 'semicolon') {
        if (COPY_FROM_STDIN.test(buf.text)) copyData = true
        buf.text = ''
        continue
      }
      if (r !== 'backslash') break
      const { name, end } = readCommandName(line, state.pos)
      const reader = new ArgReader(line, end, { active: () => false, lookup: none, warn: message => problems.push({ line: lineNo, message }) })
      const entry = findCommand(name)
      if (!entry) {
        problems.push({ line: lineNo, message: `invalid command \\${name}` })
        reader.end()
        state.pos = reader.pos
        continue
      }
      const lower = name.toLowerCase()
      const rest = entry.wholeLine ? reader.rest() : undefined
      // `\copy … from stdin`: its data follows, as a COPY … FROM STDIN's
      if (lower === 'copy' && rest !== undefined && readsScript(rest)) copyData = true
      // `\o |cmd …`, `\w |cmd …`: the command line is one argument, its quotes the shell's
      const pipe = entry.filepipe && !entry.wholeLine ? reader.next('filepipe') : null
      const args = entry.wholeLine ? [] : pipe === null ? reader.all() : [pipe, ...reader.all()]
      reader.end()
      state.pos = reader.pos
      structure(lower, args, lineNo)
    }
    if (!wasInside && insideQuote(state)) quoteOpened = lineNo
  })

  function structure(name: string, args: string[], line: number): void {
    switch (name) {
      case 'if':
        if (args.length === 0) problems.push({ line, message: 'unrecognized value "" for "\\if expression": Boolean expected' })
        ifs.push({ line, sawElse: false })
        return
      case 'elseif': case 'elif': {
        const top = ifs[ifs.length - 1]
        if (!top) problems.push({ line, message: `\\${name}: no matching \\if` })
        else if (top.sawElse) problems.push({ line, message: `\\${name}: cannot occur after \\else` })
        return
      }
      case 'else': {
        const top = ifs[ifs.length - 1]
        if (!top) problems.push({ line, message: '\\else: no matching \\if' })
        else if (top.sawElse) problems.push({ line, message: '\\else: cannot occur after \\else' })
        else top.sawElse = true
        return
      }
      case 'endif':
        if (!ifs.pop()) problems.push({ line, message: '\\endif: no matching \\if' })
        return
      case 'goto': {
        const label = args[0]
        if (label === undefined) { problems.push({ line, message: '\\goto: missing required argument' }); return }
        if (labels.has(label.toUpperCase())) problems.push({ line, message: `\\goto: label "${label}" is before the \\goto; a \\goto jumps forward only` })
        else gotos.push({ label: label.toUpperCase(), line })
        return
      }
      case 'label':
        if (args[0] === undefined) { problems.push({ line, message: '\\label: missing required argument' }); return }
        labels.add(args[0].toUpperCase())
        return
      case 'i': case 'include': readable(args[0], place?.cwd, line); return
      case 'ir': case 'include_relative': readable(args[0], place?.dir, line); return
      case 'run': {
        const file = args.find(a => /^file=/i.test(a))
        readable(file?.slice(5), place?.cwd, line)
        return
      }
    }
  }

  // a path holding a variable or a backtick is known only when the script runs
  function readable(path: string | undefined, base: string | undefined, line: number): void {
    if (!path || base === undefined || /[:`]/.test(path)) return
    try {
      readFileSync(resolve(base, path))
    } catch (e) {
      problems.push({ line, message: `${path}: ${describeIoError(e)}` })
    }
  }

  if (insideQuote(state)) problems.push({ line: quoteOpened || lines.length, message: 'unterminated quoted string, comment or dollar quote' })
  for (const open of ifs) problems.push({ line: open.line, message: 'reached end of script without \\endif' })
  for (const g of gotos) if (!labels.has(g.label)) problems.push({ line: g.line, message: `\\goto: label "${g.label}" not found` })
  return problems.sort((a, b) => a.line - b.line)
}

/** A script file's bytes checked as rsql reads them (scriptText): its invalid UTF-8 and checkScript's problems, by line. */
export function checkScriptBytes(bytes: Buffer, place?: CheckPlace): CheckProblem[] {
  return [...checkEncoding(bytes), ...checkScript(scriptText(bytes), place)].sort((a, b) => a.line - b.line)
}

/** Lines that are not valid UTF-8, each with the server's message for its first bad sequence (psql sends the bytes as read). */
export function checkEncoding(bytes: Uint8Array): CheckProblem[] {
  if (isUtf8(bytes)) return []
  const problems: CheckProblem[] = []
  let start = 0
  for (let line = 1; start <= bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start)
    if (end < 0) end = bytes.length
    const bad = invalidSequence(bytes.subarray(start, end))
    if (bad) problems.push({ line, message: `invalid byte sequence for encoding "UTF8": ${[...bad].map(b => '0x' + b.toString(16).padStart(2, '0')).join(' ')}` })
    start = end + 1
  }
  return problems
}

/** The first sequence that is not UTF-8, as long as its first byte announces (pg_utf_mblen), as PostgreSQL reports it. */
function invalidSequence(bytes: Uint8Array): Uint8Array | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]
    const length = pgUtfMblen(b)
    const sequence = bytes.subarray(i, i + length)
    try {
      if (b >= 0x80 && length === 1) throw new Error()
      decoder.decode(sequence)
    } catch {
      return sequence
    }
    i += length
  }
  return undefined
}

/**
 * Meta-command arguments, after psql's psqlscanslash.l: a command name runs to whitespace or a
 * backslash; arguments are separated by whitespace and end at the line's end or at `\\`.
 * `'…'` takes C-like escapes, `"…"` keeps its quotes, `` `cmd` `` is replaced by the command's
 * output, `:name` / `:'name'` / `:"name"` / `:{?name}` are interpolated — the last three only when active.
 */
import { lookupReference, referenceEnd, variableEnd, type VariableLookup } from './lexer.ts'
import { byteChar, decodeRaw, encodeRaw } from '../warehouse/raw-text.ts'

/** How to read an argument (psql's OT_NORMAL, OT_SQLID, OT_FILEPIPE). */
export type ArgKind = 'normal' | 'sqlid' | 'filepipe'

export interface Arg {
  value: string
  /** True when the argument was written entirely inside single quotes. */
  quoted: boolean
  /** Whether any part was quoted, backquoted or a variable reference (psql's quote symbol is set): `\echo '-n'` prints it. */
  quoting?: boolean
}

/** What the reader needs from its surroundings. */
export interface ArgEnvironment {
  /** False in an inactive branch or while a `\goto` skips: nothing is interpolated or run. */
  active: () => boolean
  lookup: VariableLookup
  /** Runs a backtick command and returns its standard output. */
  backtick?: (command: string) => string
  /** Reports a problem (`unterminated quoted string`) without stopping the reader. */
  warn: (message: string) => void
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x0c || c === 0x0b

/**
 * Whether the arguments in `text` (up to the command's end) hold a quote or backtick that the line does not
 * close: psql's argument lexer reports `unterminated quoted string` for it, in an inactive branch too.
 */
export function unterminatedQuote(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x5c) return false // the command ends here (`\\`, or the next command)
    if (c !== 0x27 && c !== 0x22 && c !== 0x60) continue
    let j = i + 1
    for (; j < text.length; j++) {
      const d = text.charCodeAt(j)
      if (c === 0x27 && d === 0x5c) { j++; continue } // a C-like escape inside '…'
      if (d === c) break
    }
    if (j >= text.length) return true
    i = j // `''` inside '…' reads as a closed quote and a new one: the same count
  }
  return false
}

/** Reads a command name at `pos` (just after the backslash); returns the name and the position after it. */
export function readCommandName(line: string, pos: number): { name: string; end: number } {
  let i = pos
  while (i < line.length) {
    const c = line.charCodeAt(i)
    if (isSpace(c) || c === 0x5c) break
    i++
  }
  return { name: line.slice(pos, i), end: i }
}

export class ArgReader {
  pos: number

  constructor(readonly line: string, pos: number, private readonly env: ArgEnvironment) {
    this.pos = pos
  }

  get active(): boolean {
    return !this.unused && this.env.active()
  }

  private unused = false

  /**
   * The arguments a command left, read as psql eats them after the command (with an inactive branch pushed):
   * nothing interpolated, a backquoted command kept as written and not run.
   */
  leftOver(): string[] {
    this.unused = true
    try {
      return this.all()
    } finally {
      this.unused = false
    }
  }

  /** The next argument, or null at the end of the command. */
  next(kind: ArgKind = 'normal'): string | null {
    const a = this.nextArg(kind)
    return a === null ? null : a.value
  }

  /** Every remaining argument. */
  all(kind: ArgKind = 'normal'): string[] {
    const out: string[] = []
    for (let a = this.next(kind); a !== null; a = this.next(kind)) out.push(a)
    return out
  }

  allArgs(): Arg[] {
    const out: Arg[] = []
    for (let a = this.nextArg('normal'); a !== null; a = this.nextArg('normal')) out.push(a)
    return out
  }

  /** The rest of the line as written (psql's OT_WHOLE_LINE), trailing whitespace (a CRLF script's CR too) kept as psql keeps it. */
  rest(): string {
    const s = this.line.slice(this.pos)
    this.pos = this.line.length
    return s
  }

  /**
   * Skips what is left of the command (psql's psql_scan_slash_command_end): past a `\\` separator, or up to
   * a single backslash, which starts the next command on the line (`\echo a \echo b`).
   */
  end(): void {
    const line = this.line
    let i = this.pos
    while (i < line.length) {
      const c = line.charCodeAt(i)
      if (c === 0x5c) {
        this.pos = line.charCodeAt(i + 1) === 0x5c ? i + 2 : i
        return
      }
      if (c === 0x27 || c === 0x22 || c === 0x60) {
        // an argument left unread: its quotes may hold a backslash
        let j = i + 1
        while (j < line.length && line.charCodeAt(j) !== c) j += c === 0x27 && line.charCodeAt(j) === 0x5c ? 2 : 1
        i = j + 1
        continue
      }
      i++
    }
    this.pos = line.length
  }

  nextArg(kind: ArgKind): Arg | null {
    const line = this.line
    let i = this.pos
    while (i < line.length && isSpace(line.charCodeAt(i))) i++
    if (i >= line.length || line.charCodeAt(i) === 0x5c) { this.pos = i; return null }
    if (kind === 'filepipe' && line.charCodeAt(i) === 0x7c) {
      this.pos = line.length
      return { value: line.slice(i), quoted: false } // trailing whitespace kept, as psql's
    }
    let value = ''
    let allQuoted = true
    let anyQuote = false
    while (i < line.length) {
      const c = line.charCodeAt(i)
      if (isSpace(c) || c === 0x5c) break
      if (c === 0x27 /* ' */) {
        const r = this.singleQuoted(i + 1)
        value += r.text
        i = r.end
        anyQuote = true
        continue
      }
      if (c === 0x22 /* " */) {
        let j = i + 1
        while (j < line.length && line.charCodeAt(j) !== 0x22) j++
        if (j >= line.length) this.unterminated()
        anyQuote = true
        const text = line.slice(i, Math.min(j + 1, line.length))
        value += kind === 'sqlid' ? text.slice(1, text.endsWith('"') && text.length > 1 ? -1 : undefined) : text
        i = j + 1
        allQuoted = false
        continue
      }
      if (c === 0x60 /* ` */) {
        let j = i + 1
        while (j < line.length && line.charCodeAt(j) !== 0x60) j++
        if (j >= line.length) this.unterminated()
        if (!this.active) value += line.slice(i + 1, j) // as psql leaves an inactive branch's command unevaluated
        else if (j < line.length && this.env.backtick) value += this.env.backtick(this.backquoted(i + 1, j))
        i = j + 1
        allQuoted = false
        anyQuote = true
        continue
      }
      if (c === 0x3a /* : */) {
        const r = this.variable(i)
        if (r) {
          value += r.text
          i = r.end
          allQuoted = false
          if (line.charCodeAt(i - 1) !== 0x7d /* } */) anyQuote = true // :{?name} is not quoting
          continue
        }
      }
      // plain characters up to the next special one
      let j = i + 1
      while (j < line.length) {
        const d = line.charCodeAt(j)
        if (isSpace(d) || d === 0x5c || d === 0x27 || d === 0x22 || d === 0x60 || d === 0x3a) break
        j++
      }
      const text = line.slice(i, j)
      value += kind === 'sqlid' ? text.toLowerCase() : text
      i = j
      allQuoted = false
    }
    this.pos = i
    // as psql: an argument with an unterminated quote is dropped, and with it the rest of the line
    if (this.cut) { this.cut = false; return null }
    return { value, quoted: anyQuote && allQuoted, quoting: anyQuote }
  }

  private cut = false

  private unterminated(): void {
    this.env.warn('unterminated quoted string')
    this.cut = true
  }

  /**
   * `'…'` from i (after the opening quote): C-like escapes and '' for a quote. An octal or hex escape is a byte, as
   * psql's (a high one kept as raw-text.ts keeps bytes; those that make UTF-8 together are read as their character).
   */
  private singleQuoted(i: number): { text: string; end: number } {
    const line = this.line
    let text = ''
    while (i < line.length) {
      const c = line[i]
      if (c === "'") {
        if (line[i + 1] === "'") { text += "'"; i += 2; continue }
        return { text: text.isWellFormed() ? text : decodeRaw(encodeRaw(text)), end: i + 1 }
      }
      if (c === '\\' && i + 1 < line.length) {
        const e = line[i + 1]
        const simple: Record<string, string> = { n: '\n', t: '\t', b: '\b', r: '\r', f: '\f' }
        if (e in simple) { text += simple[e]; i += 2; continue }
        const oct = /^[0-7]{1,3}/.exec(line.slice(i + 1, i + 4))
        if (oct) { text += byteChar(parseInt(oct[0], 8) & 0xff); i += 1 + oct[0].length; continue }
        const hex = e === 'x' ? /^[0-9A-Fa-f]{1,2}/.exec(line.slice(i + 2, i + 4)) : null
        if (hex) { text += byteChar(parseInt(hex[0], 16)); i += 2 + hex[0].length; continue }
        text += e
        i += 2
        continue
      }
      text += c
      i++
    }
    this.unterminated()
    return { text, end: i }
  }

  /**
   * A backquoted command from `from` to `to`: `:name` becomes the value as it is, `:'name'` the value quoted
   * for the shell (psql's PQUOTE_SHELL_ARG); nothing else is interpreted.
   */
  private backquoted(from: number, to: number): string {
    const line = this.line
    let command = ''
    let i = from
    while (i < to) {
      const colon = line.indexOf(':', i)
      if (colon < 0 || colon >= to) break
      command += line.slice(i, colon)
      const single = line.charCodeAt(colon + 1) === 0x27
      const nameEnd = variableEnd(line, colon + (single ? 2 : 1))
      const end = single ? nameEnd + 1 : nameEnd
      if (nameEnd === colon + (single ? 2 : 1) || end > to || (single && line.charCodeAt(nameEnd) !== 0x27)) {
        command += ':'
        i = colon + 1
        continue
      }
      const name = line.slice(colon + (single ? 2 : 1), nameEnd)
      command += this.env.lookup(name, single ? 'shell' : 'plain') ?? line.slice(colon, end)
      i = end
    }
    return command + line.slice(i, to)
  }

  /** A variable reference at i (a colon), read as the SQL lexer reads one; null when the text is not one. */
  private variable(i: number): { text: string; end: number } | null {
    const end = referenceEnd(this.line, i)
    if (end < 0) return null
    const raw = this.line.slice(i, end)
    if (!this.active) return { text: raw, end }
    return { text: lookupReference(this.line, i, end, this.env.lookup) ?? raw, end }
  }
}

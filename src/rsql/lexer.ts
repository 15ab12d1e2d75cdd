/**
 * The SQL lexer, after psql's psqlscan.l: it only finds where a statement ends and why scanning
 * stopped. Quotes, dollar quotes, comments, parentheses and a routine's `BEGIN … END` body carry over from
 * line to line in `ScanState`; variables are interpolated through a callback, so the lexer never sees the store.
 */
import { isUtf8 } from 'node:buffer'
import { encodeRaw, pgUtfMblen } from '../warehouse/raw-text.ts'

/** Why `scan` stopped: a `;` ended a statement, a `\` starts a meta-command, or the line ran out. */
export type ScanResult = 'semicolon' | 'backslash' | 'incomplete' | 'eol'

/** How a variable reference was written: `:name`, `:'name'`, `:"name"`, `:{?name}`, and `:'name'` in a backquoted command. */
export type Quote = 'plain' | 'literal' | 'identifier' | 'defined' | 'shell'

/** Returns the text to put in place of a variable reference, or undefined to keep it verbatim. */
export type VariableLookup = (name: string, quote: Quote) => string | undefined

type Mode = 'normal' | 'quote' | 'equote' | 'dquote' | 'dollar' | 'comment'

export interface ScanState {
  line: string
  pos: number
  mode: Mode
  commentDepth: number
  dollarTag: string
  parenDepth: number
  /**
   * psql's heuristic for SQL-standard routine bodies (`CREATE FUNCTION … BEGIN ATOMIC …; END`): the words
   * the statement starts with (IDENT_* codes of its first four identifiers), how many it has had, and how
   * deep in BEGIN … END (CASE … END inside) it is; a `;` ends the statement only outside such a body.
   */
  identifiers: number[]
  identifierCount: number
  beginDepth: number
  /**
   * psql's standard_strings(), asked at a '…' string: false when the server reports standard_conforming_strings
   * off (or there is no session), and a backslash escapes there as in E'…'. Absent: on.
   */
  standardStrings?: () => boolean
  /** standardStrings() when the line was set: psql reads it once a line (psql_scan_setup), not at each string. */
  standardLine?: boolean
  /**
   * The variables whose values are being read as input (psql pushes a `:name` value on its lexer's buffer stack):
   * where each value lies in `line`, innermost last. A token does not run past the end of the value it starts in.
   */
  expansions: { name: string; start: number; end: number }[]
}

/** The statement being collected, as psql's query buffer. */
export interface QueryBuffer {
  text: string
}

export function newScanState(): ScanState {
  return { line: '', pos: 0, mode: 'normal', commentDepth: 0, dollarTag: '', parenDepth: 0, identifiers: [0, 0, 0, 0], identifierCount: 0, beginDepth: 0, expansions: [] }
}

/** Starts scanning a new input line (without its newline). */
export function setLine(state: ScanState, line: string): void {
  state.line = line
  state.pos = 0
  if (state.standardStrings) state.standardLine = state.standardStrings()
  if (state.expansions.length > 0) state.expansions = []
}

/** Where the text at i ends: the end of the innermost variable value it lies in, else of the line. */
function inputEnd(state: ScanState, i: number): number {
  const x = state.expansions
  for (let k = x.length - 1; k >= 0; k--) if (x[k].start <= i && i < x[k].end) return x[k].end
  return state.line.length
}

/**
 * Whether reading `value` as input would only copy it: nothing in it ends or opens a statement, quote, comment or
 * parenthesis, nor names a variable, nor starts the statement, nor is a word the routine-body heuristic counts.
 */
function inert(state: ScanState, out: QueryBuffer, value: string): boolean {
  if (out.text.length === 0 || /[;\\'"$:()\-/*\n]/.test(value)) return false
  return state.identifierCount >= 4 && state.identifiers[0] !== IDENT_CREATE || !/[A-Za-z_\u0080-\uffff]/.test(value)
}

/**
 * psql's psqlscan_push_new_buffer: the value of the `:name` at [i, end) is read as input in its place (its quotes,
 * semicolons and backslash commands count), unless that variable's value is being read already.
 */
function expand(state: ScanState, i: number, end: number, name: string, value: string, warn?: (message: string) => void): boolean {
  const x = state.expansions.filter(e => e.end > i)
  if (x.some(e => e.name === name && e.start <= i)) {
    warn?.(`skipping recursive expansion of variable "${name}"`)
    return false
  }
  const delta = value.length - (end - i)
  for (const e of x) e.end += delta
  x.push({ name, start: i, end: i + value.length })
  state.expansions = x
  state.line = state.line.slice(0, i) + value + state.line.slice(end)
  return true
}

/** True when the lexer is inside a quote, a dollar quote or a comment. */
export function insideQuote(state: ScanState): boolean {
  return state.mode !== 'normal'
}

/** Forgets open quotes and parentheses, as psql's psql_scan_reset. */
export function resetScan(state: ScanState): void {
  state.mode = 'normal'
  state.commentDepth = 0
  state.dollarTag = ''
  state.parenDepth = 0
  state.identifierCount = 0
  state.beginDepth = 0
}

const SPACE = 0x20, TAB = 0x09, CR = 0x0d, FF = 0x0c, VT = 0x0b
function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === FF || c === VT || c === 0x0a
}

/** psql's variable_char: [A-Za-z\200-\377_0-9]. */
export function isVariableChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c >= 0x80
}

function isIdentStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80
}

/** psql's ident_cont: a variable character or `$`. */
function isIdentCont(c: number): boolean {
  return isVariableChar(c) || c === 0x24
}

const IDENT_CREATE = 1, IDENT_OR = 2, IDENT_REPLACE = 3, IDENT_FUNCTION = 4, IDENT_PROCEDURE = 5

/** Whether line[i, j) is `word` (lower case, ASCII) in any case. */
function wordIs(line: string, i: number, j: number, word: string): boolean {
  if (j - i !== word.length) return false
  for (let k = 0; k < word.length; k++) if ((line.charCodeAt(i + k) | 0x20) !== word.charCodeAt(k)) return false
  return true
}

/** The IDENT_* code of the word at line[i, j), 0 for the others. */
function identCode(line: string, i: number, j: number): number {
  switch (line.charCodeAt(i) | 0x20) {
    case 0x63: return wordIs(line, i, j, 'create') ? IDENT_CREATE : 0
    case 0x6f: return wordIs(line, i, j, 'or') ? IDENT_OR : 0
    case 0x72: return wordIs(line, i, j, 'replace') ? IDENT_REPLACE : 0
    case 0x66: return wordIs(line, i, j, 'function') ? IDENT_FUNCTION : 0
    case 0x70: return wordIs(line, i, j, 'procedure') ? IDENT_PROCEDURE : 0
    default: return 0
  }
}

/**
 * An identifier (or key word) at line[i, j): psqlscan.l's {identifier} rule. A statement that does not start
 * with CREATE cannot hold a routine body: its count is set to 4 at once, so its other words are not looked at.
 */
function identifier(state: ScanState, line: string, i: number, j: number): void {
  const ids = state.identifiers
  const count = state.identifierCount
  if (count < 4) {
    const code = identCode(line, i, j)
    if (count === 0) {
      ids[1] = ids[2] = ids[3] = 0
      if (code !== IDENT_CREATE) { ids[0] = 0; state.identifierCount = 4; return }
    }
    ids[count] = code
  }
  state.identifierCount = count + 1
  const routine = ids[1] === IDENT_FUNCTION || ids[1] === IDENT_PROCEDURE
    || (ids[1] === IDENT_OR && ids[2] === IDENT_REPLACE && (ids[3] === IDENT_FUNCTION || ids[3] === IDENT_PROCEDURE))
  if (!routine || state.parenDepth > 0) return
  if (wordIs(line, i, j, 'begin')) state.beginDepth++
  else if (wordIs(line, i, j, 'case')) { if (state.beginDepth > 0) state.beginDepth++ } // CASE ends with END too
  else if (wordIs(line, i, j, 'end') && state.beginDepth > 0) state.beginDepth--
}

/** Whether the quote at line[i] starts B'…', X'…' or U&'…', which take a backslash literally whatever the setting. */
function literalPrefix(line: string, i: number, prefixed: boolean): boolean {
  const p = line.charCodeAt(i - 1) | 0x20
  if ((p === 0x62 || p === 0x78) && prefixed) return true
  return p === 0x26 && (line.charCodeAt(i - 2) | 0x20) === 0x75 && (i < 3 || !isVariableChar(line.charCodeAt(i - 3)))
}

/** Reads a variable name starting at i; returns its end. */
export function variableEnd(line: string, i: number): number {
  while (i < line.length && isVariableChar(line.charCodeAt(i))) i++
  return i
}

/**
 * Scans the current line from `state.pos`, appending statement text to `out`.
 * Whitespace and `--` comments are dropped while the buffer is empty, as psql does.
 */
export function scan(state: ScanState, out: QueryBuffer, lookup: VariableLookup, warn?: (message: string) => void): ScanResult {
  let line = state.line
  let n = line.length
  let i = state.pos
  let start = i // start of the text not yet copied to out
  while (i < n) {
    switch (state.mode) {
      case 'normal': {
        const c = line.charCodeAt(i)
        if (isSpace(c)) {
          if (out.text.length === 0 && start === i) { i++; start = i; continue }
          i++
          continue
        }
        if (c === 0x2d /* - */ && line.charCodeAt(i + 1) === 0x2d) {
          // a -- comment runs to the end of the line, or of the variable value it is in
          if (state.expansions.length > 0 && inputEnd(state, i) < n) {
            const valueEnd = inputEnd(state, i)
            if (out.text.length === 0 && start === i) start = valueEnd
            i = valueEnd
            continue
          }
          if (out.text.length === 0 && start === i) { state.pos = n; return 'eol' }
          out.text += line.slice(start, n)
          state.pos = n
          return state.parenDepth > 0 || state.beginDepth > 0 ? 'incomplete' : 'eol'
        }
        if (c === 0x2f /* / */ && line.charCodeAt(i + 1) === 0x2a /* * */) {
          state.mode = 'comment'
          state.commentDepth = 1
          i += 2
          continue
        }
        if (c === 0x27 /* ' */) {
          const p = line.charCodeAt(i - 1)
          const prefixed = i < 2 || !isVariableChar(line.charCodeAt(i - 2))
          const escape = (p === 0x45 || p === 0x65) && prefixed
          state.mode = escape || (state.standardStrings !== undefined && !literalPrefix(line, i, prefixed) && !state.standardLine) ? 'equote' : 'quote'
          i++
          continue
        }
        if (c === 0x22 /* " */) { state.mode = 'dquote'; i++; continue }
        if (c === 0x24 /* $ */) {
          const tagEnd = dollarTagEnd(line, i)
          if (tagEnd > 0 && (i === 0 || !isVariableChar(line.charCodeAt(i - 1)) && line.charCodeAt(i - 1) !== 0x24)) {
            state.mode = 'dollar'
            state.dollarTag = line.slice(i, tagEnd)
            i = tagEnd
            continue
          }
          i++
          continue
        }
        if (c === 0x28 /* ( */) { state.parenDepth++; i++; continue }
        if (c === 0x29 /* ) */) { if (state.parenDepth > 0) state.parenDepth--; i++; continue }
        if (c === 0x3b /* ; */) {
          if (state.parenDepth > 0 || state.beginDepth > 0) { i++; continue }
          out.text += line.slice(start, i + 1)
          state.pos = i + 1
          state.identifierCount = 0
          return 'semicolon'
        }
        if (c === 0x5c /* \ */) {
          const next = line.charCodeAt(i + 1)
          if (next === 0x3b || next === 0x3a) {
            // \; and \: put a literal ; or : into the statement
            if (i > start) out.text += line.slice(start, i)
            start = i + 1
            i += 2
            continue
          }
          if (i > start) out.text += line.slice(start, i)
          state.pos = i + 1
          return 'backslash'
        }
        if (c === 0x3a /* : */) {
          const limit = state.expansions.length > 0 ? inputEnd(state, i) : n
          const end = referenceEnd(limit < n ? line.slice(0, limit) : line, i)
          if (end < 0) { i += line.charCodeAt(i + 1) === 0x3a && i + 1 < limit ? 2 : 1; continue }
          const value = lookupReference(line, i, end, lookup)
          const next = line.charCodeAt(i + 1)
          if (value !== undefined && next !== 0x27 && next !== 0x22 && next !== 0x7b && !inert(state, out, value)) {
            // a plain :name's value is read as input (:'name', :"name" and :{?name} are put in as they are)
            if (i > start) out.text += line.slice(start, i)
            start = i
            if (expand(state, i, end, line.slice(i + 1, end), value, warn)) {
              line = state.line
              n = line.length
            } else i = end
            continue
          }
          if (value !== undefined) {
            if (i > start) out.text += line.slice(start, i)
            out.text += value
            start = end
          }
          i = end
          continue
        }
        if (isIdentStart(c) && (i === 0 || !isIdentCont(line.charCodeAt(i - 1)))) {
          let j = i + 1
          while (j < n && isIdentCont(line.charCodeAt(j))) j++
          // E'…', B'…', X'…', N'…' start strings (flex takes the longer match): the quote is read next
          if ((state.identifierCount < 4 || state.identifiers[0] === IDENT_CREATE)
            && !(j === i + 1 && line.charCodeAt(j) === 0x27 && 'eEbBxXnN'.includes(line[i]))) identifier(state, line, i, j)
          i = j
          continue
        }
        i++
        continue
      }
      case 'quote': {
        const q = line.indexOf("'", i)
        if (q < 0) { i = n; continue }
        if (line.charCodeAt(q + 1) === 0x27) { i = q + 2; continue }
        state.mode = 'normal'
        i = q + 1
        continue
      }
      case 'equote': {
        const c = line.charCodeAt(i)
        if (c === 0x5c) { i += 2; continue }
        if (c === 0x27) {
          if (line.charCodeAt(i + 1) === 0x27) { i += 2; continue }
          state.mode = 'normal'
        }
        i++
        continue
      }
      case 'dquote': {
        const q = line.indexOf('"', i)
        if (q < 0) { i = n; continue }
        if (line.charCodeAt(q + 1) === 0x22) { i = q + 2; continue }
        state.mode = 'normal'
        i = q + 1
        continue
      }
      case 'dollar': {
        const q = line.indexOf(state.dollarTag, i)
        if (q < 0) { i = n; continue }
        state.mode = 'normal'
        i = q + state.dollarTag.length
        continue
      }
      case 'comment': {
        const c = line.charCodeAt(i)
        if (c === 0x2a && line.charCodeAt(i + 1) === 0x2f) {
          i += 2
          if (--state.commentDepth === 0) state.mode = 'normal'
          continue
        }
        if (c === 0x2f && line.charCodeAt(i + 1) === 0x2a) { state.commentDepth++; i += 2; continue }
        i++
        continue
      }
    }
  }
  if (n > start) out.text += line.slice(start, n)
  state.pos = n
  return state.mode !== 'normal' || state.parenDepth > 0 || state.beginDepth > 0 ? 'incomplete' : 'eol'
}

/** `$tag$` starting at i: returns the index after it, or -1. */
function dollarTagEnd(line: string, i: number): number {
  let j = i + 1
  if (j < line.length && isIdentStart(line.charCodeAt(j))) {
    j++
    while (j < line.length && isVariableChar(line.charCodeAt(j))) j++
  }
  return line.charCodeAt(j) === 0x24 ? j + 1 : -1
}

/**
 * The end of a variable reference at i (a colon): `:name`, `:'name'`, `:"name"`, `:{?name}`;
 * -1 when the colon starts none (`::` casts included).
 */
export function referenceEnd(line: string, i: number): number {
  const next = line.charCodeAt(i + 1)
  if (next === 0x3a) return -1
  if (next === 0x27 || next === 0x22) {
    const nameEnd = variableEnd(line, i + 2)
    return nameEnd === i + 2 || line.charCodeAt(nameEnd) !== next ? -1 : nameEnd + 1
  }
  if (next === 0x7b /* { */ && line.charCodeAt(i + 2) === 0x3f /* ? */) {
    const nameEnd = variableEnd(line, i + 3)
    return nameEnd === i + 3 || line.charCodeAt(nameEnd) !== 0x7d ? -1 : nameEnd + 1
  }
  const end = variableEnd(line, i + 1)
  return end === i + 1 ? -1 : end
}

/** What the reference from i to end becomes (undefined: left as written). */
export function lookupReference(line: string, i: number, end: number, lookup: VariableLookup): string | undefined {
  const next = line.charCodeAt(i + 1)
  if (next === 0x27) return lookup(line.slice(i + 2, end - 1), 'literal')
  if (next === 0x22) return lookup(line.slice(i + 2, end - 1), 'identifier')
  if (next === 0x7b) return lookup(line.slice(i + 3, end - 1), 'defined')
  return lookup(line.slice(i + 1, end), 'plain')
}

/**
 * Why libpq's PQescapeLiteral and PQescapeIdentifier refuse a value in a UTF8 client encoding, undefined when they
 * do not: from the first high byte on, the value must be valid UTF-8, and a character that byte starts (as long as
 * pg_utf_mblen tells by it) must not be cut by the value's end. Only bytes that are not UTF-8 (raw-text.ts) can fail.
 */
export function escapeProblem(value: string): string | undefined {
  if (value.isWellFormed()) return undefined
  const bytes = encodeRaw(value)
  const i = bytes.findIndex(b => b >= 0x80)
  if (isUtf8(bytes.subarray(i))) return undefined
  const b = bytes[i]
  const length = pgUtfMblen(b)
  return i + length > bytes.length ? 'incomplete multibyte character' : 'invalid multibyte character'
}

/** Quotes a value as a SQL literal, as libpq's PQescapeLiteral (an E'' string when it holds a backslash). */
export function quoteLiteral(value: string): string {
  const hasBackslash = value.includes('\\')
  let s = value.replace(/'/g, "''")
  if (hasBackslash) s = s.replace(/\\/g, '\\\\')
  return (hasBackslash ? ' E' : '') + "'" + s + "'"
}

/**
 * Quotes a value as one shell word, as psql's appendShellStringNoError: as it is when only safe characters,
 * else in '…' (a quote as '"'"'); undefined when the value holds a newline or carriage return.
 */
export function quoteShellArg(value: string): string | undefined {
  if (/[\n\r]/.test(value)) return undefined
  if (/^[A-Za-z0-9\-_./:]+$/.test(value)) return value
  return "'" + value.replace(/'/g, `'"'"'`) + "'"
}

/** Quotes a value as a SQL identifier, as libpq's PQescapeIdentifier. */
export function quoteIdentifier(value: string): string {
  return '"' + value.replace(/"/g, '""') + '"'
}

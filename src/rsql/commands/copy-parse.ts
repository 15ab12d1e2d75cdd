/**
 * `\copy`'s line read as psql 15's parse_slash_copy reads it, token by token with its strtokx: the COPY
 * sent is psql's to the byte (`COPY  t ( a,b ) FROM STDIN with (format csv)`), as `-e`, `-b` and an error's
 * LINE show it.
 */

/** Where the data comes from or goes: a file, a shell command, the input / query output, or rsql's own stdin / stdout. */
export type CopyEnd = { kind: 'file'; path: string } | { kind: 'program'; command: string } | { kind: 'stdio' } | { kind: 'pstdio' }

export interface SlashCopy {
  /** What goes before FROM / TO, as psql joins it: ` t ( a,b )`, ` ( select 1 )`. */
  target: string
  from: boolean
  end: CopyEnd
  /** What follows the file, as written (the options). */
  rest: string
}

/** The COPY psql sends for a `\copy`. */
export function copyStatement(c: SlashCopy): string {
  return `COPY ${c.target} ${c.from ? 'FROM STDIN' : 'TO STDOUT'} ${c.rest}`
}

const WHITESPACE = ' \t\n\r'

/** psql's strtokx over one string: each call returns the next token (quotes kept) or null at the end. */
class Tokens {
  private pos = 0

  constructor(private readonly s: string) {}

  next(delim: string, quote: string, eStrings = false): string | null {
    const s = this.s
    let start = this.pos
    while (start < s.length && WHITESPACE.includes(s[start])) start++
    if (start >= s.length) { this.pos = start; return null }
    let end: number
    const c = s[start]
    if (delim.includes(c)) end = start + 1
    else if (quote.includes(c) || (eStrings && (c === 'E' || c === 'e') && quote.includes(s[start + 1] ?? '\0'))) {
      const escaped = quote.includes(c) ? 0 : 1 // E'…': backslash escapes
      const q = s[start + escaped]
      let p = start + escaped + 1
      for (; p < s.length; p++) {
        if (escaped && s[p] === '\\' && p + 1 < s.length) p++
        else if (s[p] === q && s[p + 1] === q) p++
        else if (s[p] === q) { p++; break }
      }
      end = p
    } else {
      end = start
      while (end < s.length && !WHITESPACE.includes(s[end]) && !delim.includes(s[end]) && !quote.includes(s[end])) end++
    }
    // the whitespace character that ends a token goes with it
    this.pos = end < s.length && WHITESPACE.includes(s[end]) ? end + 1 : end
    return s.slice(start, end)
  }

  /** What is left of the line (null when nothing). */
  rest(): string | null {
    return this.pos < this.s.length ? this.s.slice(this.pos) : null
  }
}

/** `'it''s'` → `it's` (psql's strip_quotes); an unquoted name as it is. */
function stripQuotes(token: string): string {
  return token.startsWith("'") ? token.slice(1, token.endsWith("'") && token.length > 1 ? -1 : undefined).replace(/''/g, "'") : token
}

/** Splits `\copy`'s line as psql's parse_slash_copy does; psql's message when it cannot. */
export function parseSlashCopy(line: string): SlashCopy | string {
  if (line.trim() === '') return '\\copy: arguments required'
  const t = new Tokens(line)
  const error = (token: string | null) => `\\copy: parse error at ${token === null ? 'end of line' : `"${token}"`}`
  let target = ''
  let token = t.next('.,()', '"')
  if (token === null) return error(token)
  if (token.toLowerCase() === 'binary') {
    target += token
    token = t.next('.,()', '"')
    if (token === null) return error(token)
  }
  if (token[0] === '(') {
    // COPY (query): its tokens, parentheses counted
    for (let parens = 1; parens > 0;) {
      target += ' ' + token
      token = t.next('()', `"'`, true)
      if (token === null) return error(token)
      if (token[0] === '(') parens++
      else if (token[0] === ')') parens--
    }
  }
  target += ' ' + token
  token = t.next('.,()', '"')
  if (token === null) return error(token)
  if (token[0] === '.') {
    // schema . table
    target += token
    token = t.next('.,()', '"')
    if (token === null) return error(token)
    target += token
    token = t.next('.,()', '"')
    if (token === null) return error(token)
  }
  if (token[0] === '(') {
    // the column list
    for (;;) {
      target += ' ' + token
      token = t.next('()', '"')
      if (token === null) return error(token)
      if (token[0] === ')') break
    }
    target += ' ' + token
    token = t.next('.,()', '"')
    if (token === null) return error(token)
  }
  const direction = token.toLowerCase()
  if (direction !== 'from' && direction !== 'to') return error(token)
  const from = direction === 'from'
  token = t.next(';', "'")
  if (token === null) return error(token)
  let end: CopyEnd
  const word = token.toLowerCase()
  if (word === 'program') {
    token = t.next(';', "'")
    if (token === null) return error(token)
    // the command must be quoted (psql: a check that catches most quoting mistakes)
    if (token[0] !== "'" || token.length < 2 || token[token.length - 1] !== "'") return error(token)
    end = { kind: 'program', command: stripQuotes(token) }
  } else if (word === 'stdin' || word === 'stdout') end = { kind: 'stdio' }
  else if (word === 'pstdin' || word === 'pstdout') end = { kind: 'pstdio' }
  else end = { kind: 'file', path: stripQuotes(token) }
  return { target, from, end, rest: t.rest() ?? '' }
}

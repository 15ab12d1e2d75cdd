/** A token of Redshift SQL, enough to parse COPY and UNLOAD and to split statements. */
export interface Token {
  type: 'word' | 'string' | 'number' | 'ident' | 'punct'
  /** The text as written. */
  text: string
  /** Words upper-cased, strings and quoted identifiers unquoted. */
  value: string
  /** 0-based offset in the statement. */
  pos: number
}

/** Splits SQL into tokens, skipping whitespace and comments; quotes follow PostgreSQL's rules. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = []
  let i = 0
  const n = sql.length
  while (i < n) {
    const c = sql[i]
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') { i++; continue }
    if (c === '-' && sql[i + 1] === '-') { while (i < n && sql[i] !== '\n') i++; continue }
    if (c === '/' && sql[i + 1] === '*') {
      let depth = 1
      i += 2
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') { depth++; i += 2 } else if (sql[i] === '*' && sql[i + 1] === '/') { depth--; i += 2 } else i++
      }
      continue
    }
    const start = i
    if (c === "'" || ((c === 'E' || c === 'e') && sql[i + 1] === "'")) {
      const escaped = c !== "'"
      i += escaped ? 2 : 1
      let value = ''
      for (;;) {
        if (i >= n) throw new SyntaxError(`unterminated quoted string at or near "${sql.slice(start, start + 20)}"`)
        const ch = sql[i]
        if (ch === "'" && sql[i + 1] === "'") { value += "'"; i += 2; continue }
        if (ch === "'") { i++; break }
        if (escaped && ch === '\\' && i + 1 < n) { value += unescapeChar(sql[i + 1]); i += 2; continue }
        // Redshift reads \' in a '…' literal as a quote too: the literal goes on (its value is kept as written)
        if (ch === '\\' && i + 1 < n) { value += ch + sql[i + 1]; i += 2; continue }
        value += ch
        i++
      }
      out.push({ type: 'string', text: sql.slice(start, i), value, pos: start })
      continue
    }
    if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z_0-9]*)?\$/.exec(sql.slice(i))
      if (m) {
        const end = sql.indexOf(m[0], i + m[0].length)
        if (end < 0) throw new SyntaxError(`unterminated dollar-quoted string at or near "${m[0]}"`)
        out.push({ type: 'string', text: sql.slice(i, end + m[0].length), value: sql.slice(i + m[0].length, end), pos: start })
        i = end + m[0].length
        continue
      }
    }
    if (c === '"') {
      i++
      let value = ''
      for (;;) {
        if (i >= n) throw new SyntaxError(`unterminated quoted identifier at or near "${sql.slice(start, start + 20)}"`)
        if (sql[i] === '"' && sql[i + 1] === '"') { value += '"'; i += 2; continue }
        if (sql[i] === '"') { i++; break }
        value += sql[i++]
      }
      out.push({ type: 'ident', text: sql.slice(start, i), value, pos: start })
      continue
    }
    if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      while (i < n && /[A-Za-z_0-9$\u0080-\uffff]/.test(sql[i])) i++
      const text = sql.slice(start, i)
      out.push({ type: 'word', text, value: text.toUpperCase(), pos: start })
      continue
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      while (i < n && /[0-9.eE]/.test(sql[i])) i++
      const text = sql.slice(start, i)
      out.push({ type: 'number', text, value: text, pos: start })
      continue
    }
    i++
    out.push({ type: 'punct', text: c, value: c, pos: start })
  }
  return out
}

function unescapeChar(c: string): string {
  switch (c) {
    case 'n': return '\n'
    case 't': return '\t'
    case 'r': return '\r'
    case 'b': return '\b'
    case 'f': return '\f'
    default: return c
  }
}

/** Splits SQL text at top-level semicolons, keeping each statement's text; empty statements are dropped. */
export function splitStatements(sql: string): string[] {
  const tokens = tokenize(sql)
  const out: string[] = []
  let start = 0
  let depth = 0
  for (const t of tokens) {
    if (t.type !== 'punct') continue
    if (t.value === '(') depth++
    else if (t.value === ')') depth--
    else if (t.value === ';' && depth <= 0) {
      const text = sql.slice(start, t.pos).trim()
      if (text) out.push(text)
      start = t.pos + 1
    }
  }
  const rest = sql.slice(start).trim()
  if (rest && tokenize(rest).length > 0) out.push(rest)
  return out
}

/** A cursor over tokens with the checks a small recursive parser needs. */
export class TokenReader {
  i = 0
  constructor(readonly tokens: Token[], readonly sql: string) {}

  peek(offset = 0): Token | undefined { return this.tokens[this.i + offset] }
  next(): Token | undefined { return this.tokens[this.i++] }
  atEnd(): boolean { return this.i >= this.tokens.length || (this.tokens[this.i].value === ';' && this.i === this.tokens.length - 1) }

  /** Consumes the word if it is next (case-insensitive). */
  accept(word: string): boolean {
    const t = this.peek()
    if (t && t.type === 'word' && t.value === word) { this.i++; return true }
    return false
  }

  acceptPunct(p: string): boolean {
    const t = this.peek()
    if (t && t.type === 'punct' && t.value === p) { this.i++; return true }
    return false
  }
}

/**
 * The lexer of the rewrite's token passes: Redshift statements that PostgreSQL's grammar rejects
 * (`DISTKEY`, `TOP n`, `QUALIFY`, `VACUUM DELETE ONLY`…) are found and edited on tokens, keeping the
 * user's text and positions everywhere else. Quotes, dollar quotes and comments are single tokens,
 * so a keyword inside a string is never touched.
 */
export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'punct' | 'op' | 'comment' | 'space'

export interface Token {
  kind: TokenKind
  text: string
  start: number
  end: number
  /** Upper-cased text of a `word` (an unquoted identifier or keyword); '' otherwise. */
  upper: string
  /** Parenthesis depth at the token; a `(` has the outer depth, as does its `)`. */
  depth: number
}

const wordStart = /[A-Za-z_\u0080-\uffff]/
const wordChar = /[A-Za-z0-9_$\u0080-\uffff]/
const opChars = '+-*/<>=~!@#%^&|`?:'

export function lex(sql: string): Token[] {
  const out: Token[] = []
  let i = 0
  let depth = 0
  const push = (kind: TokenKind, end: number) => {
    const text = sql.slice(i, end)
    if (kind === 'punct' && text === ')') depth = Math.max(0, depth - 1)
    out.push({ kind, text, start: i, end, upper: kind === 'word' ? text.toUpperCase() : '', depth })
    if (kind === 'punct' && text === '(') depth++
    i = end
  }
  while (i < sql.length) {
    const c = sql[i]
    const next = sql[i + 1]
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      let j = i + 1
      while (j < sql.length && /\s/.test(sql[j])) j++
      push('space', j)
    } else if (c === '-' && next === '-') {
      const nl = sql.indexOf('\n', i)
      push('comment', nl < 0 ? sql.length : nl)
    } else if (c === '/' && next === '*') {
      push('comment', blockCommentEnd(sql, i))
    } else if (c === "'") {
      push('string', quotedEnd(sql, i + 1, "'", true)) // Redshift reads backslash escapes in '…' too (literals.ts)
    } else if ((c === 'E' || c === 'e') && next === "'") {
      push('string', quotedEnd(sql, i + 2, "'", true))
    } else if (c === '"') {
      push('ident', quotedEnd(sql, i + 1, '"', false))
    } else if (c === '$' && /[A-Za-z_$]/.test(next ?? '')) {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64))
      if (m) {
        const close = sql.indexOf(m[0], i + m[0].length)
        push('string', close < 0 ? sql.length : close + m[0].length)
      } else push('op', i + 1)
    } else if ((c >= '0' && c <= '9') || (c === '.' && next >= '0' && next <= '9')) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(sql.slice(i, i + 64))!
      push('number', i + m[0].length)
    } else if (wordStart.test(c)) {
      let j = i + 1
      while (j < sql.length && wordChar.test(sql[j])) j++
      push('word', j)
    } else if (c === '(' || c === ')' || c === ',' || c === ';' || c === '.' || c === '[' || c === ']') {
      push('punct', i + 1)
    } else if (opChars.includes(c)) {
      let j = i + 1
      while (j < sql.length && opChars.includes(sql[j]) && !(sql[j] === '-' && sql[j + 1] === '-')) j++
      push('op', j)
    } else {
      push('op', i + 1)
    }
  }
  return out
}

function quotedEnd(sql: string, from: number, quote: string, backslash: boolean): number {
  let j = from
  while (j < sql.length) {
    const ch = sql[j]
    if (backslash && ch === '\\') { j += 2; continue }
    if (ch === quote) {
      if (sql[j + 1] === quote) { j += 2; continue }
      return j + 1
    }
    j++
  }
  return sql.length
}

function blockCommentEnd(sql: string, from: number): number {
  let nest = 0
  let j = from
  while (j < sql.length) {
    if (sql[j] === '/' && sql[j + 1] === '*') { nest++; j += 2 } else if (sql[j] === '*' && sql[j + 1] === '/') {
      nest--; j += 2
      if (nest === 0) return j
    } else j++
  }
  return sql.length
}

/** The tokens that carry meaning: no spaces, no comments. */
export function significant(tokens: Token[]): Token[] {
  return tokens.filter(t => t.kind !== 'space' && t.kind !== 'comment')
}

/** Index (in `toks`) of the `)` matching the `(` at `open`, or -1. */
export function closingParen(toks: Token[], open: number): number {
  const d = toks[open].depth
  for (let k = open + 1; k < toks.length; k++) if (toks[k].text === ')' && toks[k].depth === d && toks[k].kind === 'punct') return k
  return -1
}

/** Index of the last token of the dotted name (`schema.table`) that starts at `k`. */
export function nameEnd(toks: Token[], k: number): number {
  while (toks[k + 1]?.text === '.' && toks[k + 2]) k += 2
  return k
}

/** Whether toks[k] is the type of a cast: `x::type` or `CAST(x AS type)`. */
export function isCastTarget(toks: Token[], k: number): boolean {
  const prev = toks[k - 1]
  if (prev?.text === '::') return true
  if (prev?.upper !== 'AS' || toks[k].depth === 0) return false
  let open = k - 1
  while (open >= 0 && !(toks[open].text === '(' && toks[open].depth === toks[k].depth - 1)) open--
  return toks[open - 1]?.upper === 'CAST'
}

/** One text edit on the original statement: replace [start, end) with `text`. */
export interface Edit { start: number; end: number; text: string }

/** Applies non-overlapping edits. */
export function applyEdits(sql: string, edits: Edit[]): string {
  if (edits.length === 0) return sql
  const sorted = [...edits].sort((a, b) => a.start - b.start)
  let out = ''
  let at = 0
  for (const e of sorted) {
    out += sql.slice(at, e.start) + e.text
    at = e.end
  }
  return out + sql.slice(at)
}

/** The identifier's value as PostgreSQL folds it: unquoted words lower-cased, quotes removed. */
export function identValue(t: Token): string {
  return t.kind === 'ident' ? t.text.slice(1, -1).replace(/""/g, '"') : t.text.toLowerCase()
}

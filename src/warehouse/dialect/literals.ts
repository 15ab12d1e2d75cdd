/**
 * Redshift reads backslash escapes in ordinary string literals, as PostgreSQL 8.0, its base, did: the SQL
 * reference's LIKE gives two backslashes ('\\') as the default escape, and REGEXP_REPLACE's examples write
 * '\\.' for the pattern `\.`. Postgres keeps backslashes as written except in E'…' literals, so a literal with
 * a backslash becomes E'…', where \b \f \n \r \t, octal \ooo, \\ and \' read the same. \x, \u and \U are
 * refused: E'…' reads them as hex and Unicode escapes, PostgreSQL 8.0 as the letter, and Redshift's
 * documentation does not say which it does.
 */
import { unsupported } from './refuse.ts'
import type { Edit, Token } from './rewrite-tokens.ts'

export function escapeStringLiterals(sql: string, toks: Token[]): Edit[] {
  const edits: Edit[] = []
  for (const t of toks) {
    // E'…', and N'…', B'…', X'…', U&'…' whose prefix lexes as a word or operator before it, are left alone.
    if (t.kind !== 'string' || t.text[0] !== "'" || !t.text.includes('\\') || (t.start > 0 && /[\w&$]/.test(sql[t.start - 1]))) continue
    for (let i = t.text.indexOf('\\'); i >= 0; i = t.text.indexOf('\\', i + 2)) {
      if ('xuU'.includes(t.text[i + 1])) throw unsupported(`The backslash escape \\${t.text[i + 1]} in a string literal`, t.start + i)
    }
    edits.push({ start: t.start, end: t.start, text: 'E' })
  }
  return edits
}

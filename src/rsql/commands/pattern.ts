/**
 * psql's name patterns (patternToSQLRegex and processSQLNamePattern): `*` and `?` are wildcards,
 * a dot splits `[db.]schema.name`, double quotes keep case and make every character literal,
 * unquoted letters are lower-cased. Each part becomes an anchored regular expression.
 */

/** The parts of a pattern: the regexes of each part and the database part as written (lower-cased). */
interface PatternParts {
  db: string
  schema: string | null
  name: string
  dots: number
}

const REGEX_SPECIAL = '|*+?()[]{}.^\\'

/** Splits and converts a pattern; `withSchema` is false for objects without a schema (roles, schemas). */
function patternParts(pattern: string, withSchema: boolean): PatternParts {
  const bufs: string[] = ['^(']
  let literal = ''
  let left = true
  let inQuotes = false
  let dots = 0
  const chars = Array.from(pattern)
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]
    const cur = bufs.length - 1
    if (ch === '"') {
      if (inQuotes && chars[i + 1] === '"') {
        bufs[cur] += '"'
        if (left) literal += '"'
        i++
      } else inQuotes = !inQuotes
    } else if (!inQuotes && ch >= 'A' && ch <= 'Z') {
      bufs[cur] += ch.toLowerCase()
      if (left) literal += ch.toLowerCase()
    } else if (!inQuotes && ch === '*') {
      bufs[cur] += '.*'
      if (left) literal += '*'
    } else if (!inQuotes && ch === '?') {
      bufs[cur] += '.'
      if (left) literal += '?'
    } else if (!inQuotes && ch === '.') {
      left = false
      dots++
      if (bufs.length < 3) {
        bufs[cur] += ')$'
        bufs.push('^(')
      } else bufs[cur] += ch
    } else if (ch === '$') {
      bufs[cur] += '\\$'
      if (left) literal += '$'
    } else {
      if (inQuotes && REGEX_SPECIAL.includes(ch)) bufs[cur] += '\\'
      else if (ch === '[' && chars[i + 1] === ']') bufs[cur] += '\\'
      bufs[cur] += ch
      if (left) literal += ch
    }
  }
  bufs[bufs.length - 1] += ')$'
  const name = bufs.pop()!
  const schema = withSchema && bufs.length > 0 ? bufs.pop()! : null
  const db = withSchema && bufs.length > 0 ? literal : ''
  return { db, schema, name, dots }
}

const literalOf = (s: string) => (s.includes('\\') ? ` E'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'` : ` '${s.replace(/'/g, "''")}'`)

export interface NamePattern {
  /** Columns the pattern applies to: `n.nspname` for the schema (or none), the object's name column. */
  schemaVar?: string
  nameVar: string
  /** A second column the name may match instead (psql's altnamevar: a type's `format_type` beside its `typname`). */
  altNameVar?: string
  /** Added when no schema is given (psql's visibility rule: `pg_table_is_visible`). */
  visibility?: string
  /** Whether the query has a WHERE already (conditions then start with `  AND`). */
  haveWhere: boolean
  /** How many dotted parts the object's name may have (psql's maxparts). */
  maxParts: number
}

/**
 * psql's validateSQLNamePattern: the WHERE conditions for a pattern (or the visibility rule without
 * one), or the error psql reports for a name with too many dots or naming another database.
 */
export function patternConditions(pattern: string | null, p: NamePattern, database: string, serverVersion: number): { sql: string } | { error: string } {
  let haveWhere = p.haveWhere
  let sql = ''
  const and = (cond: string) => {
    sql += (haveWhere ? '  AND ' : 'WHERE ') + cond + '\n'
    haveWhere = true
  }
  if (pattern === null) {
    if (p.visibility) and(p.visibility)
    return { sql }
  }
  const parts = patternParts(pattern, p.schemaVar !== undefined)
  const collate = serverVersion >= 120000 ? ' COLLATE pg_catalog.default' : ''
  if (parts.name.length > 2 && parts.name !== '^(.*)$') {
    const regex = `OPERATOR(pg_catalog.~)${literalOf(parts.name)}${collate}`
    and(p.altNameVar ? `(${p.nameVar} ${regex}\n        OR ${p.altNameVar} ${regex})` : `${p.nameVar} ${regex}`)
  }
  if (p.schemaVar && parts.schema !== null && parts.schema.length > 2) {
    if (parts.schema !== '^(.*)$') and(`${p.schemaVar} OPERATOR(pg_catalog.~)${literalOf(parts.schema)}${collate}`)
  } else if (p.visibility) and(p.visibility)
  if (parts.dots >= p.maxParts) return { error: `improper qualified name (too many dotted names): ${pattern}` }
  if (p.maxParts > 1 && parts.dots === p.maxParts - 1 && parts.db !== database) {
    return { error: `cross-database references are not implemented: ${pattern}` }
  }
  return { sql }
}

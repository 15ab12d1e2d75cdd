/**
 * psql's fmtId (fe_utils/string_utils.c) with PostgreSQL 15's keyword list: an identifier is quoted unless it
 * is lower-case letters, digits and underscores (not starting with a digit) and no keyword other than an
 * unreserved one.
 */

// PostgreSQL 15's kwlist.h: the reserved, column-name and type/function-name keywords (the SQL/JSON ones came in 16)
const QUOTED_KEYWORDS = new Set(`all analyse analyze and any array as asc asymmetric both case cast check collate column
constraint create current_catalog current_date current_role current_time current_timestamp current_user default deferrable
desc distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral
leading limit localtime localtimestamp not null offset on only or order placing primary references returning select
session_user some symmetric table then to trailing true union unique user using variadic when where window with
authorization binary collation concurrently cross current_schema freeze full ilike inner is isnull join left like natural
notnull outer overlaps right similar tablesample verbose
between bigint bit boolean char character coalesce dec decimal exists extract float greatest grouping inout int integer
interval least national nchar none normalize nullif numeric out overlay position precision real row setof smallint
substring time timestamp treat trim values varchar xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces
xmlparse xmlpi xmlroot xmlserialize xmltable`.split(/\s+/))

/** psql's fmtId: the identifier as SQL text, double-quoted when it must be. */
export function fmtId(id: string): string {
  const plain = /^[a-z_][a-z0-9_]*$/.test(id) && !QUOTED_KEYWORDS.has(id)
  return plain ? id : '"' + id.replace(/"/g, '""') + '"'
}

/** libpq's appendStringLiteralConn (standard_conforming_strings on): `'…'`, or `E'…'` when there is a backslash. */
export function stringLiteral(value: string): string {
  const quoted = value.replace(/'/g, "''")
  return value.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`
}

/** psql's appendStringLiteral with standard_conforming_strings on: `'…'` with quotes doubled. */
export function plainLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

/** libpq's parsePGArray for a one-dimensional text array (`{a,"b c"}`); null when it is not one. */
export function parseTextArray(text: string): string[] | null {
  if (!text.startsWith('{') || !text.endsWith('}')) return null
  const out: string[] = []
  let i = 1
  const end = text.length - 1
  if (i === end) return out
  while (i <= end) {
    let item = ''
    if (text[i] === '"') {
      i++
      while (i < end && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < end) i++
        item += text[i++]
      }
      if (text[i] !== '"') return null
      i++
    } else {
      while (i < end && text[i] !== ',') item += text[i++]
    }
    out.push(item)
    if (i === end) break
    if (text[i] !== ',') return null
    i++
  }
  return out
}

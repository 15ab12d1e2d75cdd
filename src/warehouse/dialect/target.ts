import type { Session } from '../session.ts'
import { WarehouseError } from '../errors.ts'

export type ColumnKind = 'int2' | 'int4' | 'int8' | 'numeric' | 'float' | 'bool' | 'char' | 'date' | 'timestamp' | 'timestamptz' | 'other'

/** A column COPY loads into, read from the catalog. */
export interface TargetColumn {
  name: string
  /** `character varying(40)`, as format_type gives it. */
  type: string
  kind: ColumnKind
  /** Byte limit of CHAR(n)/VARCHAR(n), as Redshift counts it. */
  maxBytes?: number
  precision?: number
  scale?: number
  notNull: boolean
}

export interface TargetTable {
  oid: number
  columns: TargetColumn[]
}

const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`

/** Reads the table's columns (those named, or all but identity columns, as Redshift's COPY does). */
export async function describeTarget(session: Session, table: string, named: string[] | undefined, explicitIds: boolean): Promise<TargetTable> {
  const [res] = await session.query(`select c.oid::int, a.attname, format_type(a.atttypid, a.atttypmod), t.typname, a.atttypmod, a.attnotnull, a.attidentity
    from pg_class c join pg_attribute a on a.attrelid = c.oid join pg_type t on t.oid = a.atttypid
    where c.oid = ${quoteLiteral(table)}::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`)
  if (res.rows.length === 0) throw new WarehouseError(`relation "${table}" has no columns`, { code: '42P01' })
  const all = res.rows.map(r => toColumn(r[1]!, r[2]!, r[3]!, Number(r[4]), r[5] === 't' || r[5] === 'true', r[6] ?? ''))
  const oid = Number(res.rows[0][0])
  if (named) {
    const columns = named.map(n => {
      const c = all.find(col => col.column.name === n)
      if (!c) throw new WarehouseError(`column "${n}" of relation "${table}" does not exist`, { code: '42703' })
      return c.column
    })
    return { oid, columns }
  }
  return { oid, columns: all.filter(c => explicitIds || !c.identity).map(c => c.column) }
}

function toColumn(name: string, type: string, typname: string, typmod: number, notNull: boolean, identity: string): { column: TargetColumn; identity: boolean } {
  const column: TargetColumn = { name, type, kind: 'other', notNull }
  switch (typname) {
    case 'int2': case 'int4': case 'int8': column.kind = typname; break
    case 'numeric':
      column.kind = 'numeric'
      if (typmod >= 4) { column.precision = ((typmod - 4) >> 16) & 0xffff; column.scale = (typmod - 4) & 0xffff }
      break
    case 'float4': case 'float8': column.kind = 'float'; break
    case 'bool': column.kind = 'bool'; break
    case 'bpchar': case 'varchar': case 'text': case 'name':
      column.kind = 'char'
      if (typmod >= 4 && typname !== 'text') column.maxBytes = typmod - 4
      break
    case 'date': column.kind = 'date'; break
    case 'timestamp': column.kind = 'timestamp'; break
    case 'timestamptz': column.kind = 'timestamptz'; break
  }
  return { column, identity: identity !== '' }
}

import { WarehouseError } from '../errors.ts'
import { tokenize, TokenReader, type Token } from './tokens.ts'

export type Compression = 'gzip' | 'lzop' | 'bzip2' | 'zstd'

/** A Redshift `COPY table FROM 's3://…'` statement, parsed. */
export interface CopyCommand {
  /** The table as written (schema-qualified, quotes kept), usable in SQL. */
  table: string
  /** The table's own name, unquoted, for messages. */
  tableName: string
  columns?: string[]
  from: string
  format: 'delimited' | 'csv' | 'fixedwidth' | 'json'
  delimiter: string
  quote: string
  fixedWidth?: { label: string; width: number }[]
  /** `auto`, `auto ignorecase`, or the s3:// URI of a JSONPaths file. */
  json?: string
  compression?: Compression
  manifest: boolean
  ignoreHeader: number
  nullAs?: string
  emptyAsNull: boolean
  blanksAsNull: boolean
  /** The replacement character, when ACCEPTINVCHARS is given. */
  acceptInvChars?: string
  truncateColumns: boolean
  trimBlanks: boolean
  removeQuotes: boolean
  escape: boolean
  dateFormat?: string
  timeFormat?: string
  acceptAnyDate: boolean
  fillRecord: boolean
  ignoreBlankLines: boolean
  explicitIds: boolean
  maxError: number
  /** ROUNDEC: round extra decimal places instead of truncating them. */
  roundec: boolean
  noLoad: boolean
  encoding?: string
}

const syntaxError = (t: Token | undefined, sql: string) => new WarehouseError(
  t ? `syntax error at or near "${t.text}"` : 'syntax error at end of input',
  { code: '42601', position: (t ? t.pos : sql.length) + 1 },
)

/** True when the statement is a Redshift COPY from S3 (a PostgreSQL COPY … FROM STDIN/file is not). */
export function isCopyFromS3(tokens: Token[]): boolean {
  if (tokens[0]?.value !== 'COPY') return false
  let depth = 0
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]
    if (t.value === '(' && t.type === 'punct') depth++
    else if (t.value === ')' && t.type === 'punct') depth--
    else if (depth === 0 && t.type === 'word' && t.value === 'FROM') {
      const src = tokens[i + 1]
      return src?.type === 'string' && /^s3:\/\//i.test(src.value)
    }
  }
  return false
}

/**
 * Parses a COPY statement; unknown options fail naming the option (never silently dropped). Quoted names fold
 * to lower case as Redshift folds them, unless the session set enable_case_sensitive_identifier.
 */
export function parseCopy(sql: string, options: { caseSensitive?: boolean } = {}): CopyCommand {
  const r = new TokenReader(tokenize(sql), sql)
  if (!r.accept('COPY')) throw syntaxError(r.peek(), sql)
  const fold = !options.caseSensitive
  const { text: table, name: tableName } = readTableName(r, sql, fold)
  let columns: string[] | undefined
  if (r.acceptPunct('(')) {
    columns = []
    do {
      const t = r.next()
      if (!t || (t.type !== 'word' && t.type !== 'ident')) throw syntaxError(t, sql)
      columns.push(t.type === 'ident' && !fold ? t.value : t.value.toLowerCase())
    } while (r.acceptPunct(','))
    if (!r.acceptPunct(')')) throw syntaxError(r.peek(), sql)
  }
  if (!r.accept('FROM')) throw syntaxError(r.peek(), sql)
  const from = r.next()
  if (from?.type !== 'string') throw syntaxError(from, sql)
  const cmd: CopyCommand = {
    table, tableName, columns, from: from.value, format: 'delimited', delimiter: '|', quote: '"',
    manifest: false, ignoreHeader: 0, emptyAsNull: false, blanksAsNull: false, truncateColumns: false, trimBlanks: false,
    removeQuotes: false, escape: false, acceptAnyDate: false, fillRecord: false, ignoreBlankLines: false, explicitIds: false,
    maxError: 0, noLoad: false, roundec: false,
  }
  let delimiterGiven = false
  r.accept('WITH')
  const str = (): string => {
    r.accept('AS')
    const t = r.next()
    if (t?.type !== 'string') throw syntaxError(t, sql)
    return t.value
  }
  const num = (): number => {
    r.accept('AS')
    const t = r.next()
    if (t?.type !== 'number' || !/^\d+$/.test(t.value)) throw syntaxError(t, sql)
    return Number(t.value)
  }
  const onOff = () => {
    const t = r.peek()
    if (t?.type === 'word' && ['ON', 'OFF', 'TRUE', 'FALSE', 'PRESET'].includes(t.value)) r.i++
  }
  while (!r.atEnd()) {
    const t = r.next()!
    if (t.type === 'punct' && t.value === ',') continue
    if (t.type !== 'word') throw syntaxError(t, sql)
    switch (t.value) {
      case 'IAM_ROLE': { if (!r.accept('DEFAULT')) str(); break }
      case 'CREDENTIALS': case 'WITH_CREDENTIALS': case 'ACCESS_KEY_ID': case 'SECRET_ACCESS_KEY': case 'SESSION_TOKEN':
      case 'REGION': case 'MASTER_SYMMETRIC_KEY':
        str(); break
      case 'FORMAT': {
        r.accept('AS')
        const f = r.next()
        if (f?.type !== 'word') throw syntaxError(f, sql)
        applyFormat(f, r, cmd, sql, str)
        break
      }
      case 'CSV': case 'JSON': case 'FIXEDWIDTH': case 'PARQUET': case 'ORC': case 'AVRO': case 'SHAPEFILE':
        applyFormat(t, r, cmd, sql, str); break
      case 'DELIMITER': cmd.delimiter = delimiterChar(str()); delimiterGiven = true; break
      case 'GZIP': cmd.compression = 'gzip'; break
      case 'LZOP': cmd.compression = 'lzop'; break
      case 'BZIP2': cmd.compression = 'bzip2'; break
      case 'ZSTD': cmd.compression = 'zstd'; break
      case 'MANIFEST': cmd.manifest = true; break
      case 'IGNOREHEADER': cmd.ignoreHeader = num(); break
      case 'NULL': cmd.nullAs = str(); break
      case 'EMPTYASNULL': cmd.emptyAsNull = true; break
      case 'BLANKSASNULL': cmd.blanksAsNull = true; break
      case 'ACCEPTINVCHARS': {
        const next = r.peek(r.peek()?.value === 'AS' ? 1 : 0)
        cmd.acceptInvChars = next?.type === 'string' ? str() : '?'
        break
      }
      case 'TRUNCATECOLUMNS': cmd.truncateColumns = true; break
      case 'TRIMBLANKS': cmd.trimBlanks = true; break
      case 'REMOVEQUOTES': cmd.removeQuotes = true; break
      case 'ESCAPE': cmd.escape = true; break
      case 'DATEFORMAT': cmd.dateFormat = str(); break
      case 'TIMEFORMAT': cmd.timeFormat = str(); break
      case 'ACCEPTANYDATE': cmd.acceptAnyDate = true; break
      case 'FILLRECORD': cmd.fillRecord = true; break
      case 'IGNOREBLANKLINES': cmd.ignoreBlankLines = true; break
      case 'EXPLICIT_IDS': cmd.explicitIds = true; break
      case 'MAXERROR': cmd.maxError = Math.min(num(), 100000); break
      case 'NOLOAD': cmd.noLoad = true; break
      case 'COMPUPDATE': case 'STATUPDATE': onOff(); break
      case 'COMPROWS': num(); break
      case 'ROUNDEC': cmd.roundec = true; break
      case 'ENCRYPTED': case 'SSH': break
      case 'ENCODING': {
        r.accept('AS')
        const e = r.next()
        if (!e) throw syntaxError(e, sql)
        cmd.encoding = e.value.toUpperCase().replace(/^'|'$/g, '')
        if (!['UTF8', 'UTF-8'].includes(cmd.encoding)) {
          throw new WarehouseError(`COPY ENCODING ${cmd.encoding} is not supported on the local warehouse: only UTF8 files load`, { code: '0A000', position: e.pos + 1 })
        }
        break
      }
      default:
        throw new WarehouseError(`COPY option "${t.text}" is not supported on the local warehouse`, { code: '0A000', position: t.pos + 1 })
    }
  }
  if (cmd.format === 'csv' && !delimiterGiven) cmd.delimiter = ','
  if (cmd.delimiter.length !== 1 && cmd.format !== 'fixedwidth' && cmd.format !== 'json') {
    throw new WarehouseError(`COPY delimiter must be a single character: '${cmd.delimiter}'`, { code: '22023' })
  }
  if (cmd.format === 'csv' && (cmd.removeQuotes || cmd.escape)) {
    throw new WarehouseError(`CSV cannot be used with ${cmd.removeQuotes ? 'REMOVEQUOTES' : 'ESCAPE'}`, { code: '22023' })
  }
  return cmd
}

function applyFormat(t: Token, r: TokenReader, cmd: CopyCommand, sql: string, str: () => string): void {
  switch (t.value) {
    case 'CSV':
      cmd.format = 'csv'
      if (r.accept('QUOTE')) cmd.quote = str()
      break
    case 'JSON': {
      cmd.format = 'json'
      const next = r.peek(r.peek()?.value === 'AS' ? 1 : 0)
      cmd.json = next?.type === 'string' ? str() : 'auto'
      break
    }
    case 'FIXEDWIDTH': {
      cmd.format = 'fixedwidth'
      const spec = str()
      cmd.fixedWidth = spec.split(',').map(part => {
        const m = /^\s*([^:]+?)\s*:\s*(\d+)\s*$/.exec(part)
        if (!m) throw new WarehouseError(`invalid FIXEDWIDTH specification "${spec}": expected 'label:width,…'`, { code: '22023', position: t.pos + 1 })
        return { label: m[1], width: Number(m[2]) }
      })
      break
    }
    case 'DELIMITER': cmd.delimiter = delimiterChar(str()); break
    default:
      throw new WarehouseError(`COPY format ${t.value} is not supported on the local warehouse`, { code: '0A000', position: t.pos + 1 })
  }
  void sql
}

/** COPY's DELIMITER also takes a tab as '\t' and any ASCII character in octal, '\ddd' (Data format parameters). */
function delimiterChar(text: string): string {
  if (text === '\\t') return '\t'
  const octal = /^\\([0-7]{3})$/.exec(text)
  return octal && parseInt(octal[1], 8) < 128 ? String.fromCharCode(parseInt(octal[1], 8)) : text
}

function readTableName(r: TokenReader, sql: string, fold: boolean): { text: string; name: string } {
  const parts: Token[] = []
  do {
    const t = r.next()
    if (!t || (t.type !== 'word' && t.type !== 'ident')) throw syntaxError(t, sql)
    parts.push(t)
  } while (r.acceptPunct('.'))
  const last = parts[parts.length - 1]
  const text = parts.map(p => p.type === 'ident' && fold ? p.text.toLowerCase() : p.text).join('.')
  return { text, name: last.type === 'ident' && !fold ? last.value : last.value.toLowerCase() }
}

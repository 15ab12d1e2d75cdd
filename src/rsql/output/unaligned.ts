import type { Separator } from './options.ts'
import { footersWithDefault, type PrintJob } from './table.ts'

function sep(s: Separator): string {
  return s.zero ? '\0' : s.separator
}

/** psql's unaligned format (print_unaligned_text). */
export function printUnaligned(job: PrintJob): void {
  const { table, opt, part, out } = job
  const fs = sep(opt.fieldsep)
  const rs = sep(opt.recordsep)
  let needRecordSep = false
  if (part.startTable) {
    if (!opt.tuplesOnly && table.title !== null) out.push(table.title + rs)
    if (!opt.tuplesOnly) {
      out.push(table.headers.join(fs))
      needRecordSep = true
    }
  } else {
    needRecordSep = true
  }
  for (const row of table.rows) {
    if (row.length === 0) continue
    if (needRecordSep) out.push(rs)
    out.push(row.join(fs))
    needRecordSep = true
  }
  if (part.stopTable) {
    const footers = footersWithDefault(job)
    if (!opt.tuplesOnly && footers) {
      for (const f of footers) {
        if (needRecordSep) out.push(rs)
        out.push(f)
        needRecordSep = true
      }
    }
    // The last record ends with a newline whatever the record separator, unless that is a zero byte.
    if (needRecordSep) out.push(opt.recordsep.zero ? '\0' : '\n')
  }
}

/** psql's unaligned expanded format (print_unaligned_vertical). */
export function printUnalignedExpanded(job: PrintJob): void {
  const { table, opt, part, out } = job
  const fs = sep(opt.fieldsep)
  const rs = sep(opt.recordsep)
  let needRecordSep = false
  if (part.startTable) {
    if (!opt.tuplesOnly && table.title !== null) {
      out.push(table.title)
      needRecordSep = true
    }
  } else {
    needRecordSep = true
  }
  for (const row of table.rows) {
    row.forEach((cell, c) => {
      if (needRecordSep) {
        out.push(rs + rs) // records are separated by two record separators in this mode
        needRecordSep = false
      }
      out.push(table.headers[c] + fs + cell)
      if (c < row.length - 1) out.push(rs)
      else needRecordSep = true
    })
  }
  if (part.stopTable) {
    if (!opt.tuplesOnly && table.footers !== null) {
      out.push(rs)
      for (const f of table.footers) out.push(rs + f)
    }
    if (needRecordSep) out.push(opt.recordsep.zero ? '\0' : '\n')
  }
}

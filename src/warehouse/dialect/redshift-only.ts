/**
 * Redshift statements with no local meaning are refused by name (SQLSTATE 0A000) rather than left to
 * fail as a Postgres syntax error, or worse, to half-run.
 */
import type { Token } from './rewrite-tokens.ts'
import { unsupported } from './refuse.ts'

const createForms: Record<string, string> = {
  EXTERNAL: 'CREATE EXTERNAL TABLE/SCHEMA (Redshift Spectrum)', DATASHARE: 'CREATE DATASHARE', LIBRARY: 'CREATE LIBRARY', MODEL: 'CREATE MODEL',
}
const alterTableForms = new Set(['DISTKEY', 'DISTSTYLE', 'SORTKEY', 'ENCODE'])

/** Throws for a statement only Redshift can run; returns quietly otherwise. */
export function refuseRedshiftOnly(toks: Token[]): void {
  const [a, b] = toks
  if (!a) return
  if (a.upper === 'CREATE' && b && createForms[b.upper]) throw unsupported(createForms[b.upper], b.start)
  if ((a.upper === 'ALTER' || a.upper === 'DROP') && b && (b.upper === 'DATASHARE' || b.upper === 'LIBRARY' || b.upper === 'MODEL')) throw unsupported(`${a.upper} ${b.upper}`, b.start)
  if (a.upper === 'ALTER' && b?.upper === 'TABLE') {
    for (let k = 2; k + 1 < toks.length; k++) {
      const t = toks[k]
      if (t.depth !== 0) continue
      if (t.upper === 'APPEND' && toks[k + 1].upper === 'FROM') throw unsupported('ALTER TABLE … APPEND FROM', t.start, 'use INSERT INTO … SELECT and DELETE or TRUNCATE the source')
      if (t.upper === 'ALTER' && alterTableForms.has(toks[k + 1].upper)) throw unsupported(`ALTER TABLE … ALTER ${toks[k + 1].upper}`, t.start)
      if (t.upper === 'ALTER' && (toks[k + 1].upper === 'COMPOUND' || toks[k + 1].upper === 'INTERLEAVED')) throw unsupported('ALTER TABLE … ALTER SORTKEY', t.start)
    }
  }
}

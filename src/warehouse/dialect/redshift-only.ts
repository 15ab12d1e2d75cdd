/**
 * Redshift statements with no local meaning are refused by name (SQLSTATE 0A000) rather than left to
 * fail as a Postgres syntax error, or worse, to half-run.
 */
import type { Token } from './rewrite-tokens.ts'
import { unsupported } from './refuse.ts'

const createForms: Record<string, string> = {
  EXTERNAL: 'CREATE EXTERNAL TABLE/SCHEMA (Redshift Spectrum)', DATASHARE: 'CREATE DATASHARE', LIBRARY: 'CREATE LIBRARY', MODEL: 'CREATE MODEL',
}

/** Throws for a statement only Redshift can run; returns quietly otherwise. */
export function refuseRedshiftOnly(toks: Token[]): void {
  const [a, b] = toks
  if (!a) return
  if (a.upper === 'CREATE' && b && createForms[b.upper]) throw unsupported(createForms[b.upper], b.start)
  if ((a.upper === 'ALTER' || a.upper === 'DROP') && b && (b.upper === 'DATASHARE' || b.upper === 'LIBRARY' || b.upper === 'MODEL')) throw unsupported(`${a.upper} ${b.upper}`, b.start)
  if (a.upper === 'CREATE') {
    // Redshift's Python UDFs are Python 2.7: run under Python 3 they could answer otherwise (7 / 2 is 3.5 there).
    const language = toks.findIndex((t, k) => t.upper === 'LANGUAGE' && t.depth === 0 && toks[k + 1]?.upper === 'PLPYTHONU')
    if (language > 0) throw unsupported('a Python UDF (LANGUAGE plpythonu)', toks[language + 1].start, 'write it in SQL, or as a Lambda UDF on Redshift')
  }
}

/**
 * Redshift statements with no local meaning are refused by name (SQLSTATE 0A000) rather than left to
 * fail as a Postgres syntax error, or worse, to half-run.
 */
import { isCastTarget, type Token } from './rewrite-tokens.ts'
import { unsupported } from './refuse.ts'

const createForms: Record<string, string> = {
  EXTERNAL: 'CREATE EXTERNAL TABLE/SCHEMA (Redshift Spectrum)', DATASHARE: 'CREATE DATASHARE', LIBRARY: 'CREATE LIBRARY', MODEL: 'CREATE MODEL',
}

/** Throws for a statement only Redshift can run; returns quietly otherwise. */
export function refuseRedshiftOnly(toks: Token[]): void {
  const [a, b] = toks
  if (!a) return
  // SUPER (semi-structured data, PartiQL navigation) has no local equivalent that answers alike.
  const ddl = a.upper === 'CREATE' || a.upper === 'ALTER'
  for (let k = 1; k < toks.length; k++) {
    const t = toks[k]
    if (t.upper !== 'SUPER') continue
    const p = toks[k - 1], pp = toks[k - 2]
    if (isCastTarget(toks, k) || (ddl && (p.kind === 'word' || p.kind === 'ident') && (pp?.text === '(' || pp?.text === ',' || pp?.upper === 'COLUMN' || pp?.upper === 'ADD'))) {
      throw unsupported('the SUPER type', t.start, 'keep JSON in a VARCHAR column and read it with JSON_EXTRACT_PATH_TEXT')
    }
  }
  if (a.upper === 'CREATE' && b && createForms[b.upper]) throw unsupported(createForms[b.upper], b.start)
  if ((a.upper === 'ALTER' || a.upper === 'DROP') && b && (b.upper === 'DATASHARE' || b.upper === 'LIBRARY' || b.upper === 'MODEL')) throw unsupported(`${a.upper} ${b.upper}`, b.start)
  if (a.upper === 'CREATE') {
    // Redshift's Python UDFs are Python 2.7: run under Python 3 they could answer otherwise (7 / 2 is 3.5 there).
    const language = toks.findIndex((t, k) => t.upper === 'LANGUAGE' && t.depth === 0 && toks[k + 1]?.upper === 'PLPYTHONU')
    if (language > 0) throw unsupported('a Python UDF (LANGUAGE plpythonu)', toks[language + 1].start, 'write it in SQL, or as a Lambda UDF on Redshift')
  }
}

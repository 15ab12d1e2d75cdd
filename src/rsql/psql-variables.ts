/**
 * psql's other default variables (startup.c's EstablishVariableSpace and main): the ones rsql keeps
 * for scripts to read and test, each with psql's substitute hook (what `\unset` leaves) and its check
 * (`\set VERBOSITY loud` fails as in psql). Those that drive rsql (ECHO, QUIET…) are in context.ts.
 */
import { parseBoolean } from './expression.ts'
import type { Variables } from './variables.ts'

/**
 * rsql describes itself as the psql it matches: 15.18, the release of the Debian 12 client its
 * differential suite runs against (the catalog queries of `\d` and friends are psql 15's). VERSION*
 * name the client, not the server, so they stay the same whatever server rsql talks to; the build
 * part of psql's VERSION ("Debian …, compiled by gcc") names rsqlflow instead.
 */
export const PSQL_VERSION_NAME = '15.18'
export const PSQL_VERSION_NUM = '150018'
const PSQL_VERSION = `PostgreSQL ${PSQL_VERSION_NAME} (rsqlflow rsql) on ${process.arch}-${process.platform}, compiled by Node.js ${process.versions.node}, 64-bit`

/** psql's ParseVariableNum: a whole C `strtol` number (decimal, 0x hex or 0 octal) that fits an int; undefined if not. */
export function parseVariableNum(value: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(value)
  if (!m) return undefined
  const digits = m[2]
  const magnitude = /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.length > 1 && digits[0] === '0' ? parseInt(digits, 8) : Number(digits)
  const n = m[1] === '-' ? -magnitude : magnitude
  return n >= -2147483648 && n <= 2147483647 ? n : undefined
}

const isNumber = (value: string) => parseVariableNum(value) !== undefined

const enumError = (name: string, value: string, allowed: string) =>
  ({ error: `unrecognized value "${value}" for "${name}"\nAvailable values are: ${allowed}.` })

/**
 * A Boolean variable (psql's bool_substitute_hook: unset is `off`, empty is `on`), optionally with other
 * words; `apply` hands a setting the Boolean it takes, `other` the word it takes instead.
 */
export function boolVariable(vars: Variables, name: string, apply?: (on: boolean) => void, others: string[] = [], other?: (word: string) => void): void {
  vars.hook(name, value => {
    if (value === undefined) { apply?.(false); return { value: 'off' } }
    if (value === '') { apply?.(true); return { value: 'on' } }
    if (others.includes(value.toLowerCase())) { other?.(value.toLowerCase()); return { value } }
    const b = parseBoolean(value)
    if (b !== undefined) { apply?.(b); return { value } }
    return others.length > 0
      ? enumError(name, value, ['on', 'off', ...others].join(', '))
      : { error: `unrecognized value "${value}" for "${name}": Boolean expected` }
  })
}

/** One of a list of words, any case; unset gives the default. */
function oneOf(vars: Variables, name: string, allowed: string[]): void {
  vars.hook(name, value => {
    if (value === undefined) return { value: allowed[0] }
    return allowed.includes(value.toLowerCase()) ? { value } : enumError(name, value, [...allowed].sort(byListing(name)).join(', '))
  })
}

// psql's error messages list the words in their own order, not the default first
const LISTED: Record<string, string[]> = {
  COMP_KEYWORD_CASE: ['lower', 'upper', 'preserve-lower', 'preserve-upper'],
  HISTCONTROL: ['none', 'ignorespace', 'ignoredups', 'ignoreboth'],
  VERBOSITY: ['default', 'verbose', 'terse', 'sqlstate'],
  SHOW_CONTEXT: ['never', 'errors', 'always'],
}
const byListing = (name: string) => (a: string, b: string) => LISTED[name].indexOf(a) - LISTED[name].indexOf(b)

/** Sets psql's defaults, and the hooks that check the values of the variables that have no setting of their own in context.ts. */
export function installPsqlVariables(vars: Variables): void {
  vars.setStatus('VERSION', PSQL_VERSION)
  vars.setStatus('VERSION_NAME', PSQL_VERSION_NAME)
  vars.setStatus('VERSION_NUM', PSQL_VERSION_NUM)
  vars.setStatus('PROMPT1', '%/%R%x%# ')
  vars.setStatus('PROMPT2', '%/%R%x%# ')
  vars.setStatus('PROMPT3', '>> ')
  // special for psql (an assign hook, no check): `\gset` leaves them alone
  for (const name of ['PROMPT1', 'PROMPT2', 'PROMPT3', 'HISTFILE']) vars.hook(name, () => ({}))
  boolVariable(vars, 'ECHO_HIDDEN', undefined, ['noexec'])
  boolVariable(vars, 'HIDE_TOAST_COMPRESSION')
  boolVariable(vars, 'HIDE_TABLEAM')
  boolVariable(vars, 'SHOW_ALL_RESULTS')
  vars.set('SHOW_ALL_RESULTS', 'on')
  oneOf(vars, 'COMP_KEYWORD_CASE', ['preserve-upper', 'lower', 'upper', 'preserve-lower'])
  oneOf(vars, 'HISTCONTROL', ['none', 'ignorespace', 'ignoredups', 'ignoreboth'])
  oneOf(vars, 'VERBOSITY', ['default', 'verbose', 'terse', 'sqlstate'])
  oneOf(vars, 'SHOW_CONTEXT', ['errors', 'never', 'always'])
  vars.hook('HISTSIZE', value => {
    if (value === undefined) return { value: '500' }
    return isNumber(value) ? { value } : { error: `invalid value "${value}" for "HISTSIZE": integer expected` }
  })
  // as bash: set but not a number means 10
  vars.hook('IGNOREEOF', value => ({ value: value === undefined ? '0' : isNumber(value) ? value : '10' }))
}

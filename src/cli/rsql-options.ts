/**
 * The `rsql` command line: psql's (and RSQL's) options parsed as getopt_long reads them, the help text
 * and the version. Pure: nothing here touches the warehouse.
 */
import { readFileSync } from 'node:fs'
import { libpqPort } from '../warehouse/port.ts'

export interface Parsed {
  host?: string; port?: number; database?: string; user?: string; dsn?: string
  actions: { kind: 'file' | 'command'; value: string }[]
  /** `-v NAME=VALUE` sets, `-v NAME` unsets (undefined), as psql's */
  variables: [string, string | undefined][]
  psets: [string, string | undefined][]
  output?: string
  check: boolean
  help: boolean
  /** `--help=commands`: the meta-commands' summary (`\?`); `--help=variables`: the special variables */
  helpTopic?: 'commands' | 'variables'
  /** `-1`: every -c and -f (or stdin) in one transaction */
  singleTransaction?: boolean
  /** `-L FILE`: accepted, warned about (no session log is written) */
  logFile?: string
  /** `-l`: list the databases and exit, as psql's (-c and -f are not run) */
  list?: boolean
  /** psql's -W (`always`: a password asked for before connecting) and -w (`never` asked for); the last one given */
  passwordPrompt?: 'always' | 'never'
  version: boolean
  positional: string[]
}

// option → [takes a value, long names]
const OPTIONS: Record<string, { value: boolean; long: string[] }> = {
  h: { value: true, long: ['host'] }, p: { value: true, long: ['port'] }, U: { value: true, long: ['username'] },
  d: { value: true, long: ['dbname'] }, D: { value: true, long: ['dsn'] }, f: { value: true, long: ['file'] },
  c: { value: true, long: ['command'] }, v: { value: true, long: ['set', 'variable'] }, o: { value: true, long: ['output'] },
  P: { value: true, long: ['pset'] }, F: { value: true, long: ['field-separator'] }, R: { value: true, long: ['record-separator'] },
  L: { value: true, long: ['log-file'] }, T: { value: true, long: ['table-attr'] },
  X: { value: false, long: ['no-psqlrc'] }, q: { value: false, long: ['quiet'] }, e: { value: false, long: ['echo-queries'] },
  a: { value: false, long: ['echo-all'] }, b: { value: false, long: ['echo-errors'] }, E: { value: false, long: ['echo-hidden'] },
  A: { value: false, long: ['no-align'] },
  t: { value: false, long: ['tuples-only'] }, x: { value: false, long: ['expanded'] }, H: { value: false, long: ['html'] },
  z: { value: false, long: ['field-separator-zero'] }, '0': { value: false, long: ['record-separator-zero'] },
  w: { value: false, long: ['no-password'] }, W: { value: false, long: ['password'] }, n: { value: false, long: ['no-readline'] },
  S: { value: false, long: ['single-line'] }, s: { value: false, long: ['single-step'] }, l: { value: false, long: ['list'] },
  V: { value: false, long: ['version'] }, '?': { value: false, long: ['help'] }, '1': { value: false, long: ['single-transaction'] },
}
const LONG_ONLY = new Set(['csv', 'check'])

/** A command line rsql refuses; `hint` adds the line pointing at --help, as psql's getopt errors do. */
export class UsageError extends Error {
  constructor(message: string, readonly hint = true, readonly exitCode = 1) { super(message) }
}

/** getopt_long's rule: a long option may be shortened to any prefix only it has. */
function longOption(name: string): string {
  const names = [...Object.values(OPTIONS).flatMap(o => o.long), ...LONG_ONLY]
  if (names.includes(name)) return name
  const candidates = names.filter(n => n.startsWith(name))
  if (candidates.length === 1) return candidates[0]
  if (candidates.length > 1) throw new UsageError(`option '--${name}' is ambiguous; possibilities: ${candidates.map(c => `'--${c}'`).join(' ')}`)
  throw new UsageError(`unrecognized option '--${name}'`)
}

/**
 * The command line read as psql's getopt_long loop reads it: -V, -? and --help act when they are reached (what comes
 * after them is not read, `-V --bogus` prints the version); the port is checked after the options, as libpq checks
 * it when psql connects.
 */
export function parse(argv: string[]): Parsed {
  const p: Parsed = { actions: [], variables: [], psets: [], check: false, help: false, version: false, positional: [] }
  let port: string | undefined
  const take = (opt: string, value: string) => {
    switch (opt) {
      case 'h': p.host = value; break
      case 'p': port = value; break
      case 'U': p.user = value || undefined; break // libpq: an empty option is one not given
      case 'd': p.database = value; break
      case 'D': p.dsn = value; break
      case 'f': p.actions.push({ kind: 'file', value }); break
      case 'c': p.actions.push({ kind: 'command', value }); break
      case 'o': p.output = value; break
      case 'L': p.logFile = value; break
      case 'T': p.psets.push(['tableattr', value]); break
      case 'v': {
        const eq = value.indexOf('=')
        if (eq === 0) throw new UsageError('invalid variable name: ""', false)
        if (eq < 0) p.variables.push([value, undefined])
        else p.variables.push([value.slice(0, eq), value.slice(eq + 1)])
        break
      }
      case 'P': {
        const eq = value.indexOf('=')
        p.psets.push(eq < 0 ? [value, undefined] : [value.slice(0, eq), value.slice(eq + 1)])
        break
      }
      case 'F': p.psets.push(['fieldsep', value]); break
      case 'R': p.psets.push(['recordsep', value]); break
    }
  }
  // options act in the order given, as psql's (`-x -P expanded=off` ends unexpanded, `-z -F ,` separates with commas)
  const flag = (f: string) => {
    switch (f) {
      case 'q': p.variables.push(['QUIET', 'on']); break
      case 'e': p.variables.push(['ECHO', 'queries']); break
      case 'a': p.variables.push(['ECHO', 'all']); break
      case 'b': p.variables.push(['ECHO', 'errors']); break
      case 'E': p.variables.push(['ECHO_HIDDEN', 'on']); break
      case 'A': p.psets.push(['format', 'unaligned']); break
      case 't': p.psets.push(['tuples_only', 'on']); break
      case 'x': p.psets.push(['expanded', 'on']); break
      case 'H': p.psets.push(['format', 'html']); break
      case 'csv': p.psets.push(['format', 'csv']); break
      case 'z': p.psets.push(['fieldsep_zero', undefined]); break
      case '0': p.psets.push(['recordsep_zero', undefined]); break
      case 'check': p.check = true; break
      case '1': p.singleTransaction = true; break
      case 'l': p.list = true; break
      case 'w': p.passwordPrompt = 'never'; break
      case 'W': p.passwordPrompt = 'always'; break
      case 'S': p.variables.push(['SINGLELINE', 'on']); break
      case 's': p.variables.push(['SINGLESTEP', 'on']); break
      case 'V': p.version = true; break
      case '?': p.help = true; break
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') { p.positional.push(...argv.slice(i + 1)); break }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      const name = longOption(a.slice(2, eq < 0 ? undefined : eq))
      const short = LONG_ONLY.has(name) ? undefined : Object.keys(OPTIONS).find(k => OPTIONS[k].long.includes(name))!
      // only --help takes an optional argument; getopt_long refuses one for every other flag
      if (eq >= 0 && short !== '?' && !(short && OPTIONS[short].value)) throw new UsageError(`option '--${name}' doesn't allow an argument`)
      if (short === undefined) { flag(name); continue }
      if (short === '?' && eq >= 0) {
        // psql's --help[=options|commands|variables]
        const topic = a.slice(eq + 1)
        if (topic === 'commands' || topic === 'variables') p.helpTopic = topic
        else if (topic !== 'options') throw new UsageError('') // psql says only where to look
      }
      if (OPTIONS[short].value) {
        const value = eq >= 0 ? a.slice(eq + 1) : argv[++i]
        if (value === undefined) throw new UsageError(`option '--${name}' requires an argument`)
        take(short, value)
      } else flag(short)
      if (p.version || p.help) return p
      continue
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const o = a[j]
        const spec = OPTIONS[o]
        if (!spec) throw new UsageError(`invalid option -- '${o}'`)
        if (spec.value) {
          const value = j + 1 < a.length ? a.slice(j + 1) : argv[++i]
          if (value === undefined) throw new UsageError(`option requires an argument -- '${o}'`)
          take(o, value)
          break
        }
        // psql's -? is help only standing alone (getopt's `?` in `-x?` reads as a bad option: the hint, exit 1)
        if (o === '?' && a !== '-?') throw new UsageError('')
        flag(o)
        if (p.version || p.help) return p
      }
      continue
    }
    p.positional.push(a)
  }
  if (!p.check) {
    if (p.positional.length > 0 && p.database === undefined) p.database = p.positional.shift()
    if (p.positional.length > 0 && p.user === undefined) p.user = p.positional.shift()
    for (const extra of p.positional) process.stderr.write(`rsql: warning: extra command-line argument "${extra}" ignored\n`)
  }
  // as libpq's check when psql connects: a connection failure (exit 2), no usage hint
  try {
    if (port !== undefined) p.port = libpqPort(port)
  } catch (e) {
    throw new UsageError((e as Error).message, false, 2)
  }
  return p
}

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return `rsql (rsqlflow) ${pkg.version}`
}

export const HELP = `rsql runs Amazon Redshift RSQL scripts (a psql-compatible interactive terminal).

Usage:
  rsql [OPTION]... [DBNAME [USERNAME]]

Connection options:
  -D, --dsn=DSN            connect with the data source DSN from $ODBCINI or ~/.odbc.ini
                           (a DSN with Host=local is the project's local warehouse)
  -h, --host=HOSTNAME      warehouse host (default: the local warehouse of this folder)
  -p, --port=PORT          port (default: 5439 for a host)
  -U, --username=USERNAME  user name
  -d, --dbname=DBNAME      database name, or a postgres:// URL (default: "dev")
  -w, --no-password        never prompt for password
  -W, --password           force password prompt (should happen automatically)

Input and behaviour:
  -c, --command=COMMAND    run one command (SQL sent as one query, or one meta-command) and exit; may repeat
  -f, --file=FILENAME      run commands from a file, then exit; may repeat ("-" = stdin)
  -l, --list               list the databases, then exit (-c and -f are not run)
  -v, --set=, --variable=NAME=VALUE   set an rsql variable (e.g. -v ON_ERROR_STOP=1)
  -X, --no-psqlrc          accepted; rsql reads no startup file
  -n, --no-readline        accepted for psql compatibility
  -q, --quiet              no informational messages (command tags, \\pset and \\rset confirmations)
  -e, --echo-queries       echo commands sent to the server
  -a, --echo-all           echo all input from the script
  -b, --echo-errors        echo failed commands
  -E, --echo-hidden        show the queries that describe commands (\\d…) send
  -o, --output=FILENAME    send query results to a file
  -1, --single-transaction run everything as one transaction (ROLLBACK when ON_ERROR_STOP stopped it)
  -s, --single-step        single-step mode (confirm each query, answers read from stdin)
  -S, --single-line        single-line mode (end of line terminates SQL command)
      --check FILE...      check scripts without a database: unbalanced \\if, \\goto targets,
                           unknown meta-commands, unterminated quotes, unreadable \\i files,
                           invalid UTF-8; exit 1 on problems

Output format:
  -A, --no-align           unaligned output      -t, --tuples-only    rows only
  -x, --expanded           expanded output       -H, --html           HTML output
      --csv                CSV output            -F, --field-separator=STRING
  -R, --record-separator=STRING                  -z, -0               zero byte separators
  -P, --pset=VAR[=ARG]     set printing option VAR to ARG (see \\pset)
  -T, --table-attr=TEXT    HTML table tag attributes (e.g. border=1)

Other:
  -V, --version            print the version and exit
  -?, --help[=options]     print this help and exit
      --help=commands      list the meta-commands and exit
      --help=variables     list the special variables, display and report settings and exit

Exit status: 0 done; 1 the last -c failed, or a fatal error of rsql's own (bad option, unreadable file,
\\goto label not found); 2 the connection failed or was lost; 3 a script error with ON_ERROR_STOP; \\exit N exits with N;
an error above \\rset maxerror exits with that error's severity.

Environment: RSPASSWORD (password, used first), ODBCINI (the odbc.ini file).
`

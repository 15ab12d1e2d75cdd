/**
 * The `rsql` command: Amazon Redshift RSQL's (and psql's) options, run by `bin/rsql.js`.
 * Thin: it parses arguments and calls the rsql door.
 */
import { existsSync, readFileSync } from 'node:fs'
import type { Interface } from 'node:readline'
import { dirname, join } from 'node:path'
import type { Action, Source } from '../rsql/index.ts'
import type { OutputSettings } from '../rsql/output/index.ts'
import type { Session } from '../warehouse/index.ts'

interface Parsed {
  host?: string; port?: number; database?: string; user?: string; dsn?: string
  actions: { kind: 'file' | 'command'; value: string }[]
  variables: [string, string][]
  psets: [string, string | undefined][]
  output?: string
  check: boolean
  help: boolean
  version: boolean
  positional: string[]
}

// option → [takes a value, long names]
const OPTIONS: Record<string, { value: boolean; long: string[] }> = {
  h: { value: true, long: ['host'] }, p: { value: true, long: ['port'] }, U: { value: true, long: ['username'] },
  d: { value: true, long: ['dbname'] }, D: { value: true, long: ['dsn'] }, f: { value: true, long: ['file'] },
  c: { value: true, long: ['command'] }, v: { value: true, long: ['set', 'variable'] }, o: { value: true, long: ['output'] },
  P: { value: true, long: ['pset'] }, F: { value: true, long: ['field-separator'] }, R: { value: true, long: ['record-separator'] },
  L: { value: true, long: ['log-file'] },
  X: { value: false, long: ['no-psqlrc'] }, q: { value: false, long: ['quiet'] }, e: { value: false, long: ['echo-queries'] },
  a: { value: false, long: ['echo-all'] }, b: { value: false, long: ['echo-errors'] }, E: { value: false, long: ['echo-hidden'] },
  A: { value: false, long: ['no-align'] },
  t: { value: false, long: ['tuples-only'] }, x: { value: false, long: ['expanded'] }, H: { value: false, long: ['html'] },
  z: { value: false, long: ['field-separator-zero'] }, '0': { value: false, long: ['record-separator-zero'] },
  w: { value: false, long: ['no-password'] }, W: { value: false, long: ['password'] }, n: { value: false, long: ['no-readline'] },
  V: { value: false, long: ['version'] }, '?': { value: false, long: ['help'] },
}
const LONG_ONLY = new Set(['csv', 'check'])

class UsageError extends Error {}

function parse(argv: string[]): Parsed {
  const p: Parsed = { actions: [], variables: [], psets: [], check: false, help: false, version: false, positional: [] }
  const flags: string[] = []
  const take = (opt: string, value: string) => {
    switch (opt) {
      case 'h': p.host = value; break
      case 'p':
        if (!/^\d+$/.test(value)) throw new UsageError(`invalid port number: "${value}"`)
        p.port = parseInt(value, 10); break
      case 'U': p.user = value; break
      case 'd': p.database = value; break
      case 'D': p.dsn = value; break
      case 'f': p.actions.push({ kind: 'file', value }); break
      case 'c': p.actions.push({ kind: 'command', value }); break
      case 'o': p.output = value; break
      case 'L': break
      case 'v': {
        const eq = value.indexOf('=')
        if (eq === 0) throw new UsageError(`invalid variable definition: "${value}"`)
        if (eq < 0) p.variables.push([value, ''])
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
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') { p.positional.push(...argv.slice(i + 1)); break }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      const name = a.slice(2, eq < 0 ? undefined : eq)
      if (LONG_ONLY.has(name)) { flags.push(name); continue }
      const short = Object.keys(OPTIONS).find(k => OPTIONS[k].long.includes(name))
      if (!short) throw new UsageError(`unrecognized option '${a}'`)
      if (OPTIONS[short].value) {
        const value = eq >= 0 ? a.slice(eq + 1) : argv[++i]
        if (value === undefined) throw new UsageError(`option '--${name}' requires an argument`)
        take(short, value)
      } else flags.push(short)
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
        flags.push(o)
      }
      continue
    }
    p.positional.push(a)
  }
  for (const f of flags) {
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
      case 'V': p.version = true; break
      case '?': p.help = true; break
    }
  }
  if (!p.check) {
    if (p.positional.length > 0 && p.database === undefined) p.database = p.positional.shift()
    if (p.positional.length > 0 && p.user === undefined) p.user = p.positional.shift()
    for (const extra of p.positional) process.stderr.write(`rsql: warning: extra command-line argument "${extra}" ignored\n`)
  }
  return p
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return `rsql (rsqlflow) ${pkg.version}`
}

const HELP = `rsql runs Amazon Redshift RSQL scripts (a psql-compatible interactive terminal).

Usage:
  rsql [OPTION]... [DBNAME [USERNAME]]

Connection options:
  -D, --dsn=DSN            connect with the data source DSN from $ODBCINI or ~/.odbc.ini
                           (a DSN with Host=local is the project's local warehouse)
  -h, --host=HOSTNAME      warehouse host (default: the local warehouse of this folder)
  -p, --port=PORT          port (default: 5439 for a host)
  -U, --username=USERNAME  user name
  -d, --dbname=DBNAME      database name, or a postgres:// URL (default: "dev")
  -w, -W                   accepted for psql compatibility; the password comes from RSPASSWORD or the DSN's PWD

Input and behaviour:
  -c, --command=COMMAND    run one command (SQL sent as one query, or one meta-command) and exit; may repeat
  -f, --file=FILENAME      run commands from a file, then exit; may repeat ("-" = stdin)
  -v, --set=, --variable=NAME=VALUE   set an rsql variable (e.g. -v ON_ERROR_STOP=1)
  -X, --no-psqlrc          accepted; rsql reads no startup file
  -q, --quiet              no informational messages (command tags, \\pset and \\rset confirmations)
  -e, --echo-queries       echo commands sent to the server
  -a, --echo-all           echo all input from the script
  -b, --echo-errors        echo failed commands
  -E, --echo-hidden        show the queries that describe commands (\\d…) send
  -o, --output=FILENAME    send query results to a file
      --check FILE...      check scripts without a database: unbalanced \\if, \\goto targets,
                           unknown meta-commands, unterminated quotes; exit 1 on problems

Output format:
  -A, --no-align           unaligned output      -t, --tuples-only    rows only
  -x, --expanded           expanded output       -H, --html           HTML output
      --csv                CSV output            -F, --field-separator=STRING
  -R, --record-separator=STRING                  -z, -0               zero byte separators
  -P, --pset=VAR[=ARG]     set printing option VAR to ARG (see \\pset)

Other:
  -V, --version            print the version and exit
  -?, --help               print this help and exit

Exit status: 0 done; 1 the last -c failed, or a fatal error of rsql's own (bad option, unreadable file,
\\goto label not found); 2 the connection failed or was lost; 3 a script error with ON_ERROR_STOP; \\exit N exits with N;
an error above \\rset maxerror exits with that error's severity.

Environment: RSPASSWORD (password, used first), ODBCINI (the odbc.ini file).
`

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

async function check(files: string[]): Promise<number> {
  const { checkScript } = await import('../rsql/index.ts')
  if (files.length === 0) { process.stderr.write('rsql: error: --check needs at least one file\n'); return 1 }
  let bad = 0
  for (const file of files) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (e) {
      process.stderr.write(`rsql: error: ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message}\n`)
      bad++
      continue
    }
    for (const p of checkScript(text)) {
      process.stderr.write(`${file}:${p.line}: ${p.message}\n`)
      bad++
    }
  }
  return bad > 0 ? 1 : 0
}

function interactiveSource(cwd: string): Source & { close(): void } {
  let rl: Interface | undefined
  let lines: AsyncIterator<string>
  return {
    name: '<stdin>', lines: [], firstLine: 1, dir: cwd, command: true,
    close: () => rl?.close(),
    more: async (prompt?: string) => {
      if (!rl) {
        // readline only for an interactive run (scripts start without it)
        const { createInterface } = await import('node:readline')
        rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
        lines = rl[Symbol.asyncIterator]()
      }
      rl.setPrompt(prompt ?? 'rsql=> ')
      rl.prompt()
      const r = await lines.next()
      if (r.done) { rl.close(); return undefined }
      return r.value
    },
  }
}

/**
 * SIGINT for `\watch`: a handler is installed only while something listens (the loop waits), so an
 * interrupt anywhere else still ends rsql as before.
 */
const interruptListeners = new Set<() => void>()
const onSigint = () => { for (const listener of [...interruptListeners]) listener() }
function sigint(listener: () => void): () => void {
  interruptListeners.add(listener)
  if (interruptListeners.size === 1) process.on('SIGINT', onSigint)
  return () => {
    interruptListeners.delete(listener)
    if (interruptListeners.size === 0) process.off('SIGINT', onSigint)
  }
}

/** The project folder holding rsqlflow.json, from cwd upwards. */
function projectDir(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'rsqlflow.json'))) return dir
    if (dirname(dir) === dir) return undefined
  }
}

/**
 * Inside a project, Postgres sessions speak Redshift as batch jobs' do: `COPY … FROM 's3://…'` and
 * `UNLOAD` use the project's object store, and Redshift SQL is rewritten.
 */
async function projectDialect(cwd: string): Promise<((s: Session) => Session) | undefined> {
  const dir = projectDir(cwd)
  if (!dir) return undefined
  const { loadProject } = await import('../project/index.ts')
  const { openObjectStore } = await import('../objects/index.ts')
  const { redshiftDialectSession } = await import('../warehouse/index.ts')
  const project = await loadProject({ dir })
  const objects = openObjectStore(project.config.objectStore, project.dir, { account: project.config.accountId, region: project.config.region })
  return inner => redshiftDialectSession(inner, objects)
}

export async function main(argv: string[]): Promise<number> {
  let p: Parsed
  try {
    p = parse(argv)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    process.stderr.write(`rsql: error: ${e.message}\nTry "rsql --help" for more information.\n`)
    return 1
  }
  if (p.help) { process.stdout.write(HELP); return 0 }
  if (p.version) { process.stdout.write(version() + '\n'); return 0 }
  if (p.check) return await check([...p.actions.filter(a => a.kind === 'file').map(a => a.value), ...p.positional])

  // loaded here, not at the top: --help, --version and --check need no warehouse
  const { resolveTarget, run, targetConnector, textSource } = await import('../rsql/index.ts')
  const { psetNow } = await import('../rsql/output/index.ts')
  const cwd = process.cwd()
  const env = { ...process.env }
  // -c and -f run in order as psql's actions; a file is read when its turn comes
  const sources: (Source | Action)[] = []
  let stdinScript: Source | undefined // the script read from stdin: `\copy … from pstdin` reads it then
  for (const a of p.actions) {
    if (a.kind === 'command') sources.push({ kind: 'command', text: a.value })
    else if (a.value === '-') sources.push(stdinScript ??= textSource(await readAll(process.stdin), '<stdin>', cwd))
    else sources.push({ kind: 'file', path: a.value })
  }
  let interactive: ReturnType<typeof interactiveSource> | undefined
  if (p.actions.length === 0) {
    if (process.stdin.isTTY) sources.push(stdinScript = interactive = interactiveSource(cwd))
    else sources.push(stdinScript = textSource(await readAll(process.stdin), '<stdin>', cwd))
  }

  let resolved
  try {
    // the local warehouse is the project's, also from a subfolder of it
    resolved = resolveTarget({ host: p.host, port: p.port, database: p.database, user: p.user, dsn: p.dsn, cwd: projectDir(cwd) ?? cwd, env })
  } catch (e) {
    process.stderr.write(`rsql: error: ${(e as Error).message}\n`)
    return 2
  }
  const target = resolved.target
  let dialect: ((s: Session) => Session) | undefined
  try {
    dialect = target.type === 'local' || target.type === 'postgres' ? await projectDialect(cwd) : undefined
  } catch (e) {
    process.stderr.write(`rsql: error: ${(e as Error).message}\n`)
    return 1
  }
  const configure = (output: OutputSettings): string | undefined => {
    for (const [name, value] of p.psets) {
      const r = psetNow(output, name, value)
      if (r.error) return r.error
    }
    return undefined
  }
  const stdoutColumns = process.stdout.isTTY ? process.stdout.columns ?? 0 : 0
  const result = await run({
    sources,
    open: async () => {
      const { connect } = await import('../warehouse/index.ts')
      const session = await connect(target, 'rsql')
      return dialect ? dialect(session) : session
    },
    connector: targetConnector(target, env, dialect),
    variables: p.variables,
    stdout: process.stdout,
    queryOutput: p.output,
    stderr: process.stderr,
    cwd, env, configure,
    terminalColumns: stdoutColumns,
    stdin: stdinScript ?? (() => process.stdin),
    onInterrupt: sigint,
  })
  interactive?.close()
  return result.exitCode & 0xff
}

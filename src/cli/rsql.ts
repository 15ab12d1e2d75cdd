/**
 * The `rsql` command: Amazon Redshift RSQL's (and psql's) options, run by `bin/rsql.js`.
 * Thin: it parses arguments and calls the rsql door.
 */
import { existsSync, readFileSync } from 'node:fs'
import type { Interface } from 'node:readline'
import { dirname, join, resolve } from 'node:path'
import { HELP, parse, UsageError, version, type Parsed } from './rsql-options.ts'
import type { Action, PasswordPrompt, Source } from '../rsql/index.ts'
import type { OutputSettings } from '../rsql/output/index.ts'
import type { Session } from '../warehouse/index.ts'

async function readBytes(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : c as Buffer)
  return Buffer.concat(chunks)
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const { scriptText } = await import('../rsql/index.ts')
  return scriptText(await readBytes(stream))
}

async function check(files: string[]): Promise<number> {
  const { checkScriptBytes, describeIoError } = await import('../rsql/index.ts')
  if (files.length === 0) { process.stderr.write('rsql: error: --check needs at least one file\n'); return 1 }
  let bad = 0
  for (const file of files) {
    // `-` is stdin, as for -f (psql names it <stdin>)
    const name = file === '-' ? '<stdin>' : file
    let bytes: Buffer
    try {
      bytes = file === '-' ? await readBytes(process.stdin) : readFileSync(file)
    } catch (e) {
      process.stderr.write(`rsql: error: ${file}: ${describeIoError(e)}\n`)
      bad++
      continue
    }
    const place = { cwd: process.cwd(), dir: file === '-' ? process.cwd() : dirname(resolve(file)) }
    for (const p of checkScriptBytes(bytes, place)) {
      process.stderr.write(`${name}:${p.line}: ${p.message}\n`)
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

interface ProjectWarehouse { dsn?: string; url?: string; env?: Record<string, string | undefined> }

/**
 * With no -D, -h or connection string, rsql inside a project uses the warehouse its rsqlflow.json names, as the
 * project's jobs do: `warehouse.dsn` (in `warehouse.odbcIni` when given) or a `warehouse.target` URL (unless -d,
 * -U or -p ask for something else); `local` is the project's local warehouse.
 */
async function projectWarehouse(p: Parsed, cwd: string): Promise<ProjectWarehouse> {
  const dir = projectDir(cwd)
  if (!dir || p.dsn !== undefined || p.host !== undefined || p.database?.includes('=') || /^postgres(ql)?:\/\//.test(p.database ?? '')) return {}
  const { loadProject } = await import('../project/index.ts')
  const w = (await loadProject({ dir })).config.warehouse
  if (w.dsn !== undefined) return { dsn: w.dsn, env: w.odbcIni ? { ...process.env, ODBCINI: resolve(dir, w.odbcIni) } : undefined }
  if (w.target !== 'local' && p.database === undefined && p.user === undefined && p.port === undefined) return { url: w.target }
  return {}
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
    process.stderr.write(`${e.message ? `rsql: error: ${e.message}\n` : ''}${e.hint ? 'rsql: hint: Try "rsql --help" for more information.\n' : ''}`)
    return e.exitCode
  }
  // as psql's from its command line: never through a pager
  if (p.help && p.helpTopic === 'commands') { process.stdout.write((await import('../rsql/index.ts')).META_COMMANDS_HELP); return 0 }
  if (p.help && p.helpTopic === 'variables') { process.stdout.write((await import('../rsql/index.ts')).VARIABLES_HELP); return 0 }
  if (p.help) { process.stdout.write(HELP); return 0 }
  if (p.version) { process.stdout.write(version() + '\n'); return 0 }
  if (p.check) return await check([...p.actions.filter(a => a.kind === 'file').map(a => a.value), ...p.positional])
  if (p.logFile !== undefined) process.stderr.write(`rsql: warning: --log-file is not supported: no session log is written to "${p.logFile}"\n`)

  // loaded here, not at the top: --help, --version and --check need no warehouse
  const { resolveTarget, run, targetConnector, textSource } = await import('../rsql/index.ts')
  const { psetNow } = await import('../rsql/output/index.ts')
  const cwd = process.cwd()
  const env = { ...process.env }
  // -c and -f run in order as psql's actions; a file is read when its turn comes
  const sources: (Source | Action)[] = []
  let stdinScript: Source | undefined // the script read from stdin: `\copy … from pstdin` reads it then
  // psql's -l runs no -c or -f, and reads no stdin
  for (const a of p.list ? [] : p.actions) {
    if (a.kind === 'command') sources.push({ kind: 'command', text: a.value })
    else if (a.value === '-') sources.push(stdinScript ??= textSource(await readAll(process.stdin), '<stdin>', cwd))
    else sources.push({ kind: 'file', path: a.value })
  }
  let interactive: ReturnType<typeof interactiveSource> | undefined
  if (p.actions.length === 0 && !p.list) {
    if (process.stdin.isTTY) sources.push(stdinScript = interactive = interactiveSource(cwd))
    else sources.push(stdinScript = { ...textSource(await readAll(process.stdin), '<stdin>', cwd), bare: true })
  }

  let resolved
  let chosen: ProjectWarehouse = {}
  try {
    chosen = await projectWarehouse(p, cwd)
  } catch (e) {
    process.stderr.write(`rsql: error: ${(e as Error).message}\n`)
    return 1
  }
  try {
    // the local warehouse is the project's, also from a subfolder of it
    // psql's -l without a database connects to postgres (a DSN and the project's warehouse name their own)
    const dsn = chosen.dsn ?? p.dsn
    const database = chosen.url ?? p.database ?? (p.list && dsn === undefined ? 'postgres' : undefined)
    resolved = resolveTarget({ host: p.host, port: p.port, database, user: p.user, dsn, cwd: projectDir(cwd) ?? cwd, env: chosen.env ?? env })
  } catch (e) {
    // a project's DSN that is not in its odbc.ini file: a connection rsql cannot make (exit 2), located in the config
    process.stderr.write(`rsql: error: ${chosen.dsn !== undefined ? 'rsqlflow.json: warehouse.dsn: ' : ''}${(e as Error).message}\n`)
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
  const { promptPassword } = await import('./password-prompt.ts')
  const script = stdinScript !== interactive ? stdinScript : undefined
  const scriptLine = script && (() => script.lines.shift() ?? '')
  const password: PasswordPrompt = { ask: user => promptPassword(user ? `Password for user ${user}: ` : 'Password: ', scriptLine), when: p.passwordPrompt }
  const configure = (output: OutputSettings): string | undefined => {
    for (const [name, value] of p.psets) {
      const r = psetNow(output, name, value)
      // psql's two lines: the \pset error, then which option could not be set
      if (r.error) return `${r.error}\nrsql: error: could not set printing parameter "${name}"`
    }
    return undefined
  }
  // psql's widths: $COLUMNS (read once, at the start) before the terminal's size, on a terminal or in its pager
  const envColumns = Number.parseInt(env.COLUMNS ?? '', 10) || 0
  const ttyColumns = process.stdout.isTTY ? process.stdout.columns ?? 0 : 0
  const pagerColumns = envColumns > 0 ? envColumns : ttyColumns
  const connector = targetConnector(target, env, dialect, password)
  const result = await run({
    sources,
    open: () => connector.open(),
    connector,
    variables: p.variables,
    stdout: process.stdout,
    queryOutput: p.output,
    stderr: process.stderr,
    cwd, env, configure,
    terminalColumns: process.stdout.isTTY ? pagerColumns : 0,
    pagerColumns,
    stdin: stdinScript ?? (() => process.stdin),
    onInterrupt: sigint,
    singleTransaction: p.singleTransaction,
    listDatabases: p.list,
  })
  interactive?.close()
  return result.exitCode & 0xff
}

// psql's modes and input edges through the real psql and through `rsql` against the same server: single-line
// (-S) and single-step (-s) mode, --help=variables, a folder given as a script, a stdout that cannot be written (/dev/full).
// stdout, stderr (the program name aside) and the exit codes must be the same.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureLocalServer, stopLocalServer } from '../../../src/warehouse/index.ts'
import { psqlMissing } from '../output/oracle.ts'

const here = dirname(fileURLToPath(import.meta.url))
const scripts = join(here, 'scripts')
const rsqlBin = join(here, '../../../bin/rsql.js')
const env = { PGCLIENTENCODING: 'UTF8', PAGER: '', COLUMNS: '' }

interface Run { stdout: string; stderr: string; status: number | null }

/**
 * Runs a program; `stdout` may name a file it writes to instead of a pipe (/dev/full); `env` adds to the environment
 * (undefined: removes); `encoding` reads stdout in another (latin1: a byte a character); `noTerminal`: in a session of
 * its own, with no terminal to open (a password prompt then goes to stderr and reads stdin).
 */
interface RunOptions { cwd?: string; input?: string; stdout?: string; env?: Record<string, string | undefined>; encoding?: BufferEncoding; noTerminal?: boolean }
function runProgram(command: string, args: string[], o: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const fd = o.stdout === undefined ? undefined : openSync(o.stdout, 'w')
    const child = spawn(command, args, { cwd: o.cwd ?? scripts, env: environment(o.env), stdio: ['pipe', fd ?? 'pipe', 'pipe'], detached: o.noTerminal })
    if (fd !== undefined) closeSync(fd)
    child.stdin!.end(o.input ?? '')
    let stdout = ''
    let stderr = ''
    child.stdout?.setEncoding(o.encoding ?? 'utf8').on('data', d => { stdout += d })
    child.stderr!.setEncoding('utf8').on('data', d => { stderr += d })
    child.on('error', reject)
    child.on('close', status => resolve({ stdout, stderr, status }))
  })
}

/** The tests' environment with these changes (undefined removes a variable). */
function environment(changes: Record<string, string | undefined> = {}): Record<string, string> {
  const all: Record<string, string | undefined> = { ...process.env, ...env, ...changes }
  return Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined))
}

/**
 * Runs a program on a pseudo-terminal of its own (util-linux script(1)): what it writes to the terminal, and its exit
 * code. Each time the output ends in a password prompt the next of `typed` is typed (after the prompt, as a user).
 */
function runOnTerminal(command: string, args: string[], typed: string[], changes: Record<string, string | undefined>): Promise<{ output: string; status: number | null }> {
  const quoted = [command, ...args].map(a => `'${a.replace(/'/g, "'\\''")}'`).join(' ')
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', quoted, '/dev/null'], { cwd: scripts, env: environment(changes), stdio: ['pipe', 'pipe', 'inherit'] })
    let output = ''
    let prompts = 0
    child.stdout.setEncoding('utf8').on('data', d => {
      output += d
      const shown = output.match(/Password( for user \S+)?: $/) ? output.split(/Password(?: for user \S+)?: /).length - 1 : prompts
      if (shown > prompts && typed.length > 0) setTimeout(() => child.stdin.write(typed.shift()!), 100)
      prompts = shown
    })
    child.on('error', reject)
    child.on('close', status => { child.stdin.destroy(); resolve({ output, status }) })
  })
}
const SCRIPT = ['/usr/bin/script', '/bin/script'].find(existsSync)

describe('rsql and psql in their modes', { skip: psqlMissing(), concurrency: 2 }, () => {
  let root: string
  let dir: string
  let connection: string[]

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'rsqlflow-modes-'))
    dir = join(root, 'warehouse')
    const server = await ensureLocalServer(dir)
    connection = ['-X', '-h', '127.0.0.1', '-p', String(server.port), '-U', 'awsuser', '-d', 'dev']
    // a role that may not connect to the postgres database (where -l goes without a database)
    const setup = await runProgram('psql', [...connection, '-q', '-c', "create role lister login password 'pw'", '-c', 'revoke connect on database postgres from public'])
    assert.equal(setup.stderr, '')
    await runProgram('psql', [...connection, '-q', '-c', "create database latin1db encoding 'LATIN1' template template0 locale 'C'"])
    mkdirSync(join(root, 'folder'))
    mkdirSync(join(root, 'sub'))
    writeFileSync(join(root, 'include-folder.sql'), 'select 1 as one;\n\\i folder\nselect 2 as two;\n\\ir sub/inner.sql\n\\ir ./sub/../folder\n\\echo [:ERROR]\n')
    writeFileSync(join(root, 'sub', 'inner.sql'), 'select 3 as three;\n\\ir ../folder\n\\ir nosuch.sql\n')
    const empty = "\\i ''\n\\ir ''\n\\o ''\nselect 1 as one;\n\\o\n\\w ''\n\\cd ''\n\\echo done\n"
    writeFileSync(join(root, 'empty-names.sql'), empty)
    writeFileSync(join(root, 'sub', 'empty-names.sql'), empty)
    writeFileSync(join(root, 'returning-full.sql'), 'create temp table sa_full (id int);\ninsert into nosuch values (1);\n'
      + 'insert into sa_full values (1) returning id;\n\\if :ERROR\n  \\ir returning-count.sql\n\\endif\n'
      + 'insert into sa_full values (2);\ninsert into sa_full values (3);\n\\ir returning-count.sql\n')
    writeFileSync(join(root, 'returning-count.sql'), 'select count(*) as n from sa_full \\gset\n\\echo [:n]\n')
  })
  after(async () => {
    await stopLocalServer(dir)
    rmSync(root, { recursive: true, force: true })
  })

  /** Both programs with the same arguments and input; stdout, stderr and the exit code compared. */
  async function same(args: string[], o: RunOptions = {}): Promise<Run> {
    const [theirs, ours] = await Promise.all([
      runProgram('psql', [...connection, ...args], o),
      runProgram(process.execPath, [rsqlBin, ...connection, ...args], o),
    ])
    assert.equal(ours.stdout, theirs.stdout)
    assert.equal(ours.stderr.replace(/^rsql:/gm, 'psql:'), theirs.stderr)
    assert.equal(ours.status, theirs.status, `exit codes: rsql ${ours.status}, psql ${theirs.status}`)
    return theirs
  }

  // a postgres:// URL's port as libpq reads it: percent-decoded, blanks and a sign around the digits, 1 to 65535;
  // a bad percent-encoding before a bad sslmode before a bad port; an IPv6 address without its brackets
  const URL_PORTS: [string, (port: string) => string][] = [['blank', p => `%20${p}`], ['sign', p => `+${p}`], ['encoded digit', p => `%3${p[0]}${p.slice(1)}`],
    ['99999', () => '99999'], ['abc', () => 'abc'], ['bad encoding', () => '1%2'], ['%00', () => '%00'], ['and sslmode', () => '99999/dev?sslmode=verify']]
  for (const [name, port] of URL_PORTS) {
    test(`a URL with the port: ${name}`, async () => {
      const text = port(connection[4])
      const theirs = await same(['-d', `postgres://awsuser@127.0.0.1:${text}${text.includes('/') ? '' : '/dev'}`, '-c', 'select 1 as one'])
      assert.match(theirs.stdout + theirs.stderr, / one |error/)
    })
  }
  test('a URL with an IPv6 address', async () => {
    const theirs = await same(['-d', 'postgres://awsuser@[::1]:1/dev', '-c', 'select 1 as one'])
    assert.match(theirs.stderr, /"::1"/)
  })

  // libpq's environment: PGCLIENTENCODING (the server converts, ENCODING says which, the bytes printed as they come:
  // é is one byte in LATIN1), also at \c; without it the database's encoding (latin1db's LATIN1); a bad one refused by the server; PGAPPNAME; PGTZ, PGDATESTYLE and PGGEQO
  // (`default`: not sent); PGCONNECT_TIMEOUT as libpq reads it
  const ENVIRONMENT_CASES: { env: Record<string, string | undefined>; args: string[]; expect: RegExp }[] = [
    { env: { PGCLIENTENCODING: undefined }, args: ['-d', 'latin1db', '-c', '\\encoding', '-c', "select U&'caf\\00e9' as x"], expect: /^LATIN1\n[\s\S]* caf\xe9\n/ },
    { env: { PGCLIENTENCODING: 'LATIN1' }, args: ['-c', '\\echo :ENCODING', '-c', "select U&'caf\\00e9' as x", '-c', 'show client_encoding', '-c', '\\c dev', '-c', "select U&'\\00e9t\\00e9' as y", '-c', '\\echo :ENCODING'], expect: /caf\xe9[\s\S]*\xe9t\xe9\n[\s\S]*^LATIN1\n$/m },
    { env: { PGCLIENTENCODING: 'win1252' }, args: ['-A', '-c', "select U&'\\20ac' as euro", '-c', '\\encoding'], expect: /^\x80$[\s\S]*^WIN1252$/m },
    { env: { PGCLIENTENCODING: 'nosuch' }, args: ['-c', 'select 1'], expect: /invalid value for parameter "client_encoding": "nosuch"/ },
    { env: { PGCLIENTENCODING: '' }, args: ['-c', '\\encoding'], expect: /^UTF8$/m },
    { env: { PGAPPNAME: 'nightly load' }, args: ['-At', '-c', 'show application_name'], expect: /^nightly load$/m },
    { env: { PGTZ: 'Asia/Tokyo', PGDATESTYLE: 'German', PGGEQO: 'off' }, args: ['-At', '-c', 'show timezone', '-c', 'show datestyle', '-c', 'show geqo'], expect: /^Asia\/Tokyo\nGerman, DMY\noff$/m },
    { env: { PGTZ: 'DEFAULT', PGDATESTYLE: 'default' }, args: ['-At', '-c', 'show datestyle'], expect: /^ISO, MDY$/m },
    { env: { PGTZ: '' }, args: ['-c', 'select 1'], expect: /invalid value for parameter "TimeZone": ""/ },
    { env: { PGCONNECT_TIMEOUT: 'abc' }, args: ['-c', 'select 1'], expect: /invalid integer value "abc" for connection option "connect_timeout"/ },
    { env: { PGCONNECT_TIMEOUT: '' }, args: ['-c', 'select 1'], expect: /invalid integer value "" for connection option "connect_timeout"/ },
    { env: { PGCONNECT_TIMEOUT: '4294967296' }, args: ['-c', 'select 1'], expect: /invalid integer value "4294967296"/ },
    { env: { PGCONNECT_TIMEOUT: ' 1 ' }, args: ['-At', '-c', 'select 1'], expect: /^1$/m },
    { env: { PGCONNECT_TIMEOUT: '-1' }, args: ['-At', '-c', 'select 1'], expect: /^1$/m },
  ]
  for (const { env, args, expect } of ENVIRONMENT_CASES) {
    test(`libpq's environment: ${JSON.stringify(env)} ${args.map(a => JSON.stringify(a)).join(' ')}`, async () => {
      const theirs = await same(args, { env, encoding: 'latin1' })
      assert.match(theirs.stdout + theirs.stderr, expect)
    })
  }

  // -l: psql's listAllDbs, then the run ends: -c and -f are not run, stdin is not read, -1 opens no transaction. psql 15
  // asks servers from 17 on for a column they renamed (daticulocale is datlocale), so its -l fails there: rsql's listing
  // is compared with psql printing rsql's catalog query (shown by -E) under psql's title, with the same output options
  const LIST_FLAGS = [[], ['-x'], ['-A', '-t'], ['--csv'], ['-A', '-F', ';', '-R', '|'], ['-P', 'border=2', '-P', 'linestyle=unicode'], ['-H', '-T', 'id=x']]
  for (const flags of LIST_FLAGS) {
    test(`-l${flags.map(f => ' ' + f).join('')}: psql's listing; -c, -f and stdin not run`, async () => {
      const hidden = await runProgram(process.execPath, [rsqlBin, ...connection, '-l', '-E'])
      const query = /\*{9} QUERY \*{10}\n([\s\S]*?)\n\*{26}\n/.exec(hidden.stdout)?.[1]
      assert.ok(query?.includes('FROM pg_catalog.pg_database d'), hidden.stdout)
      const [theirs, ours] = await Promise.all([
        runProgram('psql', [...connection, ...flags, '-q', '-c', "\\pset title 'List of databases'", '-c', query ?? '']),
        runProgram(process.execPath, [rsqlBin, ...connection, ...flags, '-l', '-1', '-c', 'select 1 as not_run', '-f', 'nosuch.sql', '-f', '-'], { input: 'select 2 as not_read;\n' }),
      ])
      assert.match(ours.stdout, /template1/)
      assert.deepEqual([ours.stdout, ours.stderr, ours.status], [theirs.stdout, '', 0])
    })
  }
  test('-l -E: the catalog query shown first, as psql\'s', async () => {
    const [theirs, ours] = await Promise.all([runProgram('psql', [...connection, '-l', '-E']), runProgram(process.execPath, [rsqlBin, ...connection, '-l', '-E'])])
    const shown = ours.stdout.includes('d.datlocale') ? theirs.stdout.replace('d.daticulocale', 'd.datlocale') : theirs.stdout
    assert.match(shown, /^\*{9} QUERY \*{10}\n/)
    assert.ok(ours.stdout.startsWith(shown), ours.stdout)
  })
  // psql's password prompt when the server asks for a password and none was given (no PGPASSWORD, no password file):
  // with no terminal, on stderr, the answer read from stdin (its rest left for single-step answers and the script read
  // from stdin, whose line 1 is the one after it); -w never asks,
  // -W asks before connecting ("Password: ", no user named); \connect asks again for another user only (under -W
  // always, naming the user it names)
  const noPassword = { PGPASSWORD: undefined, PGPASSFILE: join(scripts, 'no-such-password-file') }
  const PROMPT_CASES: { args: string[]; input: string; expect: RegExp }[] = [
    { args: ['-c', 'select current_user'], input: 'pw\n', expect: /^Password for user lister: \n$/ },
    { args: ['-c', 'select current_user'], input: 'wrong\n', expect: /password authentication failed for user "lister"/ },
    { args: ['-c', 'select current_user'], input: '', expect: /fe_sendauth: no password supplied/ },
    { args: ['-w', '-c', 'select current_user'], input: 'pw\n', expect: /^[pr]sql: error: .*fe_sendauth: no password supplied\n$/ },
    { args: ['-W', '-w', '-c', 'select current_user'], input: 'pw\n', expect: /fe_sendauth/ },
    { args: ['-W', '-c', 'select current_user'], input: 'pw\n', expect: /^Password: \n$/ },
    { args: ['-c', 'select 1', '-c', '\\c dev', '-c', '\\c dev lister', '-c', '\\c dev awsuser', '-c', '\\c dev lister', '-c', 'select current_user'], input: 'pw\npw\n', expect: /^(Password for user lister: \n){2}$/ },
    { args: ['-W', '-c', '\\c dev lister', '-c', '\\c dev -', '-c', 'select current_user'], input: 'pw\npw\npw\n', expect: /^Password: \nPassword for user lister: \nPassword: \n$/ },
    { args: ['-s', '-c', 'select 1 as one', '-c', 'select 2 as two'], input: 'pw\nx\n\n', expect: /^Password for user lister: \n$/ },
    { args: [], input: 'pw\nselect 2 as b;\nselect 1/0;\n', expect: /^Password for user lister: \nERROR: {2}division by zero\n$/ },
    { args: ['-c', 'select 0 as a', '-f', '-'], input: 'pw\nselect 2 as b;\nselect 1/0;\n', expect: /<stdin>:2: ERROR: {2}division by zero/ },
  ]
  for (const { args, input, expect } of PROMPT_CASES) {
    test(`a password asked for with no terminal: ${args.map(a => JSON.stringify(a)).join(' ')} with ${JSON.stringify(input)} on stdin`, async () => {
      const lister = ['-X', '-h', '127.0.0.1', '-p', connection[4], '-U', 'lister', '-d', 'dev', ...args]
      const o = { input, env: noPassword, noTerminal: true }
      const [theirs, ours] = await Promise.all([runProgram('psql', lister, o), runProgram(process.execPath, [rsqlBin, ...lister], o)])
      assert.match(theirs.stderr, expect)
      assert.deepEqual([ours.stdout, ours.stderr.replace(/^rsql:/gm, 'psql:'), ours.status], [theirs.stdout, theirs.stderr, theirs.status])
    })
  }
  // on a terminal: the prompt and the newline after the answer on it, the answer not shown; erase (DEL) and kill
  // (Ctrl-U) edit it, Ctrl-D ends it, Ctrl-C interrupts (\connect's prompt is the same, but psql prints its banner
  // there on a terminal)
  const TERMINAL_CASES: { args: string[]; typed: string[] }[] = [
    { args: ['-c', 'select current_user'], typed: ['pw\r'] },
    { args: ['-c', 'select current_user'], typed: ['pwx\x7f\r'] },
    { args: ['-W', '-c', 'select current_user'], typed: ['xyz\x15pw\r'] },
    { args: ['-c', 'select current_user'], typed: ['\x04'] },
    { args: ['-c', 'select current_user'], typed: ['p\x03'] },
    { args: ['-c', 'select current_user'], typed: ['wrong\r'] },
  ]
  for (const { args, typed } of TERMINAL_CASES) {
    test(`a password typed on a terminal: ${args.map(a => JSON.stringify(a)).join(' ')}, typed ${JSON.stringify(typed)}`, { skip: SCRIPT ? undefined : 'no script(1) here' }, async () => {
      const lister = ['-X', '-h', '127.0.0.1', '-p', connection[4], '-U', 'lister', '-d', 'dev', ...args]
      const [theirs, ours] = await Promise.all([runOnTerminal('psql', lister, [...typed], noPassword), runOnTerminal(process.execPath, [rsqlBin, ...lister], [...typed], noPassword)])
      assert.match(theirs.output, /^Password( for user lister)?: /)
      assert.doesNotMatch(theirs.output, /pw|wrong|xyz/)
      assert.deepEqual([ours.output.replace(/^rsql:/gm, 'psql:'), ours.status], [theirs.output, theirs.status])
    })
  }

  // psql 15's -l connects to postgres when no database is given (whatever PGDATABASE says), else to the one given
  for (const { args, env } of [{ args: ['-l'], env: {} }, { args: ['-l', '-c', 'select 1'], env: { PGDATABASE: 'dev' } }, { args: ['-l', '-d', 'postgres'], env: {} }]) {
    test(`-l as a role that may not connect to postgres: ${args.join(' ')} ${JSON.stringify(env)}`, async () => {
      const lister = ['-X', '-h', '127.0.0.1', '-p', connection[4], '-U', 'lister', ...args]
      const [theirs, ours] = await Promise.all([runProgram('psql', lister, { env: { PGPASSWORD: 'pw', ...env } }),
        runProgram(process.execPath, [rsqlBin, ...lister], { env: { PGPASSWORD: 'pw', ...env } })])
      assert.match(theirs.stderr, /permission denied for database "postgres"/)
      assert.deepEqual([ours.stdout, ours.stderr.replace(/^rsql:/gm, 'psql:'), ours.status], [theirs.stdout, theirs.stderr, theirs.status])
    })
  }
  for (const args of [['-l', '-d', 'dev'], ['-l', 'dev']]) {
    test(`-l as a role that may not connect to postgres: ${args.join(' ')} lists from dev`, async () => {
      const ours = await runProgram(process.execPath, [rsqlBin, '-X', '-h', '127.0.0.1', '-p', connection[4], '-U', 'lister', ...args], { env: { PGPASSWORD: 'pw' } })
      assert.match(ours.stdout, /template1/)
      assert.deepEqual([ours.stderr, ours.status], ['', 0])
    })
  }
  test('-l on a database that does not exist: the connection fails as psql\'s', async () => {
    const theirs = await same(['-d', 'nosuchdb', '-l', '-c', 'select 1'])
    assert.equal(theirs.status, 2)
  })

  // the end of a line ends a statement, but inside quotes, comments, dollar quotes and parentheses
  for (const flags of [['-S'], ['-S', '-e'], ['-S', '-a'], ['-v', 'SINGLELINE=1'], ['--single-line', '-v', 'ON_ERROR_STOP=1']]) {
    test(`single-line.sql ${flags.join(' ')}`, async () => {
      const theirs = await same([...flags, '-f', 'single-line.sql'])
      assert.match(theirs.stdout, /quoted_across_lines/)
    })
  }
  test('without -S the same script is one statement after another', async () => {
    const theirs = await same(['-f', 'single-line.sql'])
    assert.match(theirs.stderr, /syntax error/)
  })

  // -s: each statement shown, and an answer read from stdin (psql's fgets of two characters): x cancels it (it
  // fails quietly), anything else or the end of the input runs it; stdin is read also when the script is a file
  const STEP_CASES: { args: string[]; input: string }[] = [
    { args: ['-s', '-f', 'single-step.sql'], input: '' },
    { args: ['-s', '-f', 'single-step.sql'], input: 'x\n\nx\nxyz\n\n' },
    { args: ['-s', '-v', 'ON_ERROR_STOP=1', '-f', 'single-step.sql'], input: '\n\nx\n' },
    { args: ['--single-step', '-e', '-f', 'single-step.sql'], input: 'ab\n\n' },
    { args: ['-v', 'SINGLESTEP=on', '-c', 'select 7 as seven', '-c', 'select 8 as eight'], input: '\nx\n' },
    { args: ['-s', '-c', 'select 7 as seven', '-c', '\\echo :SINGLESTEP'], input: 'x\n' },
    { args: ['-s', '-f', 'single-step-copy.sql'], input: '\n\nx\n' },
    { args: ['-s', '-v', 'ON_ERROR_STOP=1', '-f', 'single-step-copy.sql'], input: '\nx\n' },
    // the script on stdin after -c: answers (and \copy … from pstdin data) come from its start, as psql's reads
    // share stdin's buffer; a script read to its end leaves nothing for a second -f -
    { args: ['-s', '-c', 'select 0 as z', '-f', '-', '-c', 'select 9 as y'], input: 'select 1 as a;\nselect 2 as b;\n' },
    { args: ['-s', '-c', 'create temp table t (a int)', '-c', '\\copy t from pstdin', '-f', '-', '-c', 'table t'], input: '5\n6\n\\.\nselect 7 as x;\n' },
    { args: ['-s', '-f', '-', '-c', 'select 3 as c', '-f', '-'], input: 'select 1 as a;\n\nselect 2 as b;\n' },
  ]
  for (const { args, input } of STEP_CASES) {
    test(`single step: ${args.map(a => JSON.stringify(a)).join(' ')} with ${JSON.stringify(input)} on stdin`, async () => {
      const theirs = await same(args, { input })
      assert.match(theirs.stdout, /^\*\*\*\(Single step mode: verify command\)\*+$/m)
    })
  }
  // \watch runs its query without asking (psql's do_watch does not go through SendQuery); the dates set aside
  test('single step: \\watch asks nothing, the statements around it are confirmed', async () => {
    const undated = (text: string) => text.replace(/[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} \(every /g, 'DATE (every ')
    const args = [...connection, '-s', '-f', 'watch.sql']
    const [theirs, ours] = await Promise.all([runProgram('psql', args, { input: '' }), runProgram(process.execPath, [rsqlBin, ...args], { input: '' })])
    assert.match(undated(theirs.stdout), /DATE \(every 0\.1s\)/)
    assert.equal(undated(ours.stdout), undated(theirs.stdout))
    assert.equal(ours.status, theirs.status)
  })

  // without -s too: `\copy … from pstdin` before `-f -` reads the script's first lines; a second `-f -` reads nothing
  for (const { args, input } of [{ args: ['-c', 'create temp table t (a int)', '-c', '\\copy t from pstdin', '-f', '-', '-c', 'select count(*) from t'], input: '5\n6\n\\.\nselect 7 as x;\n' },
    { args: ['-f', '-', '-c', 'select 8 as y', '-f', '-'], input: 'select 7 as x;\n' }]) {
    test(`the script on stdin: ${args.map(a => JSON.stringify(a)).join(' ')}`, async () => {
      const theirs = await same(args, { input })
      assert.match(theirs.stdout, /^ x $/m)
    })
  }

  // \prompt while a script file runs: a line of stdin (with -f - the script's next line)
  for (const { args, input } of [{ args: ['-f', 'prompt.sql'], input: 'alice smith\n\n  spaced \r\n' },
    { args: ['-v', 'ON_ERROR_STOP=1', '-f', 'prompt.sql'], input: 'x\n' },
    { args: ['-f', '-'], input: '\\prompt x v\nbob\n\\echo [:v]\n\\prompt y w\n' }]) {
    test(`\\prompt: ${args.map(a => JSON.stringify(a)).join(' ')} with ${JSON.stringify(input)} on stdin`, async () => {
      const theirs = await same(args, { input })
      assert.match(theirs.stdout, /\[(alice smith|x|bob)\]/)
    })
  }

  // the script on stdin: the answer is the start of the script's next line (psql's reads share stdin's buffer)
  test('single step with the script on stdin: the answers come from the script', async () => {
    const theirs = await same(['-s'], { input: 'select 1 as one;\nx\nselect 2 as two;\n\nselect 3 as three;\nab\nselect 4;\n' })
    assert.match(theirs.stdout, /^ three $/m)
  })

  // --help=variables: rsql's own list in psql's layout (a title; sections of a usage and names, each described on
  // the indented lines under it), psql's sections and a report settings section (\rset) besides
  test('--help=variables: psql\'s layout, the variables rsql has, \\? variables the same', async () => {
    const [theirs, ours] = await Promise.all([runProgram('psql', ['--help=variables']), runProgram(process.execPath, [rsqlBin, '--help=variables'])])
    assert.deepEqual([ours.status, ours.stderr], [0, ''])
    const sections = (text: string) => text.split('\n\n').map(part => part.split('\n')[0]).filter(first => first.endsWith(':'))
    assert.deepEqual(sections(ours.stdout).filter(t => t !== 'Report settings:'), sections(theirs.stdout).map(t => t.replace('psql', 'rsql')))
    // the shape of the lines: usages as psql's, then the names two spaces in with their descriptions four
    const shape = (text: string) => text.replace(/psql/g, 'rsql').split('\n')
      .map(line => /^ {4}\S/.test(line) || (/^ {2}[A-Za-z]/.test(line) && !/^ {2}(rsql|or|NAME=)/.test(line)) ? 'ENTRIES' : line)
      .filter((line, i, all) => line !== 'ENTRIES' || all[i - 1] !== 'ENTRIES')
    assert.match(ours.stdout, /\n\n(( {2}[A-Za-z][^\n]*\n)( {4}\S[^\n]*\n)*)+$/, 'each section ends in names and their descriptions')
    const report = ours.stdout.indexOf('Report settings:')
    const withoutReport = ours.stdout.slice(0, report) + ours.stdout.slice(ours.stdout.indexOf('Environment variables:'))
    assert.deepEqual(shape(withoutReport), shape(theirs.stdout))
    // every variable listed is one rsql has (after a statement and a shell command), psql's described in psql's words
    const listing = await runProgram(process.execPath, [rsqlBin, ...connection, '-c', 'select 1', '-c', '\\! true', '-c', '\\set'])
    const known = new Set(listing.stdout.split('\n').map(line => line.split(' = ')[0]))
    const entries = (text: string, from: string) => {
      const section = text.slice(text.indexOf('\n\n  ', text.indexOf(from)) + 2).split('\n\n')[0]
      return new Map(section.split(/\n(?=  \S)/).map(entry => [entry.split('\n')[0].trim(), entry.split('\n').slice(1).join('\n')]))
    }
    const ourVariables = entries(ours.stdout, 'rsql variables:')
    const psqlVariables = entries(theirs.stdout, 'psql variables:')
    for (const name of ourVariables.keys()) assert.ok(known.has(name), `${name} is listed by \\set`)
    for (const name of ['ON_ERROR_STOP', 'ECHO', 'FETCH_COUNT', 'SINGLELINE', 'SINGLESTEP', 'VERBOSITY', 'ROW_COUNT']) {
      assert.equal(ourVariables.get(name), psqlVariables.get(name), name)
    }
    for (const name of ['ACTIVITYCOUNT', 'ERRORCODE', 'ERRORLEVEL', 'MAXERROR']) assert.ok(ourVariables.has(name), name)
    assert.ok(!ourVariables.has('HISTFILE') && !ourVariables.has('PROMPT1'), 'what rsql does not do is not listed')
    assert.deepEqual([...entries(ours.stdout, 'Report settings:').keys()], ['errorlevel', 'heading', 'maxerror', 'rformat', 'rtitle', 'titledashes', 'width'])
    const inside = await runProgram(process.execPath, [rsqlBin, ...connection, '-c', '\\? variables'])
    assert.equal(inside.stdout, ours.stdout)
  })
  test('--help=bogus: only the hint, as psql', async () => {
    const [theirs, ours] = await Promise.all([runProgram('psql', ['--help=bogus']), runProgram(process.execPath, [rsqlBin, '--help=bogus'])])
    assert.deepEqual([ours.stdout, ours.stderr.replace(/rsql/g, 'psql'), ours.status], [theirs.stdout, theirs.stderr, theirs.status])
  })

  // -V, -? and --help act when getopt reaches them, as psql's: what comes after is not read (`-V --bogus` prints the
  // version), what comes before is (`--bogus -V` fails); -? only standing alone; the port is checked after the options.
  // The version and help texts are rsql's own: compared by their first line; getopt's messages without the program
  const ORDER_CASES = [['-V', '--nosuch'], ['--nosuch', '-V'], ['-p', 'abc', '-V'], ['-V', '-p', '99999'], ['-p', 'abc', '--bogus'], ['-p', 'abc', 'a', 'b', 'c'],
    ['-v', '=1', '-V'], ['-V', '-v', '=1'], ['-c', 'select 1', '-V'], ['-V', '-?'], ['-x', '-?', '--bogus'], ['--bogus', '-?'], ['-x?'], ['-?x'],
    ['--help=bogus', '-V'], ['-V', '--help=bogus'], ['--help', '--bogus'], ['-x', '--help=variables', '--bogus'], ['--vers', '--bogus'],
    ['-L', 'x.log', '-V'], ['-V', 'db', 'user', 'extra'], ['db', 'user', 'extra', '-V'], ['-V', '-f'], ['-f', '-V', '-p', 'abc']]
  for (const args of ORDER_CASES) {
    test(`options in getopt's order: ${args.join(' ')}`, async () => {
      const [theirs, ours] = await Promise.all([runProgram('psql', args), runProgram(process.execPath, [rsqlBin, ...args])])
      const firstLine = (text: string) => text.split('\n')[0].replace(/^psql \(PostgreSQL\) .*|^rsql \(rsqlflow\) .*/, 'VERSION')
        .replace(/^psql is the PostgreSQL interactive terminal\.$|^rsql runs Amazon Redshift RSQL scripts .*/, 'HELP')
      const messages = (text: string) => text.replace(/^\S*[pr]sql: (error: )?/gm, '').replace(/rsql/g, 'psql')
      assert.deepEqual([firstLine(ours.stdout), messages(ours.stderr), ours.status], [firstLine(theirs.stdout), messages(theirs.stderr), theirs.status])
    })
  }

  // a stdout (or -o file) that cannot be written, not a reader gone: a COPY's data is read to its end and dropped
  // (the statement failed, no status variables set), each result table after it fails too, nothing waits forever
  const FULL_CASES = [['-c', 'copy (select g from generate_series(1, 300000) g) to stdout'],
    ['-c', 'copy (select g from generate_series(1, 300000) g) to stdout', '-c', 'select 1 as one'],
    ['-c', 'select 1 as one'], ['-c', '\\copy (select 1) to stdout', '-c', '\\echo after'],
    ['-f', 'full-disk.sql'], ['-v', 'ON_ERROR_STOP=1', '-f', 'full-disk.sql'], ['-q', '-A', '-f', 'full-disk.sql']]
  for (const args of FULL_CASES) {
    test(`stdout on /dev/full: ${args.map(a => JSON.stringify(a)).join(' ')}`, { skip: existsSync('/dev/full') ? undefined : 'no /dev/full here' }, async () => {
      const theirs = await same(args, { stdout: '/dev/full' })
      assert.match(theirs.stderr, /could not (write COPY data|print result table): No space left on device$/m)
    })
  }
  test('-o /dev/full: the query output fails, \\echo on stdout says what was set', { skip: existsSync('/dev/full') ? undefined : 'no /dev/full here' }, async () => {
    const theirs = await same(['-o', '/dev/full', '-f', 'full-disk.sql'])
    assert.match(theirs.stdout, /^\[false\] \[0\] after$/m)
  })
  // RETURNING rows that cannot be printed fail a statement the server ran, ERROR left as the failure before made it:
  // the branch runs, and the statements after it run when the script reaches them (none was sent ahead with it)
  test('-o /dev/full: a RETURNING that cannot be printed, the branch its ERROR takes, then the statements after it', { skip: existsSync('/dev/full') ? undefined : 'no /dev/full here' }, async () => {
    const theirs = await same(['-o', '/dev/full', '-f', 'returning-full.sql'], { cwd: root })
    assert.equal(theirs.stdout, '[1]\n[3]\n')
  })
  for (const flags of [[], ['-v', 'ON_ERROR_STOP=1']]) {
    test(`-o /dev/full with FETCH_COUNT${flags.map(f => ' ' + f).join('')}: fetching stops quietly after the first batch`, { skip: existsSync('/dev/full') ? undefined : 'no /dev/full here' }, async () => {
      const theirs = await same([...flags, '-o', '/dev/full', '-v', 'FETCH_COUNT=2', '-f', 'full-fetch.sql'])
      assert.match(theirs.stdout, /^\[false\] \[2\]\n\[false\] \[4\]\n/)
    })
  }

  // psql opens a folder and fails at its first read: the folder named without a line, the command failed
  for (const args of [['-f', 'include-folder.sql'], ['-v', 'ON_ERROR_STOP=1', '-f', 'include-folder.sql'], ['-f', 'folder'],
    ['-f', 'folder', '-c', 'select 4 as four'], ['-v', 'ON_ERROR_STOP=1', '-f', 'folder', '-c', 'select 4 as four'], ['-c', '\\i folder'],
    ['-c', '\\ir folder', '-c', 'select 5 as five'], ['-f', join('..', 'folder')]]) {
    test(`a folder as a script: ${args.map(a => JSON.stringify(a)).join(' ')}`, async () => {
      const theirs = await same(args, { cwd: args.includes(join('..', 'folder')) ? join(root, 'sub') : root })
      assert.match(theirs.stderr, /folder: error: could not read from input file: Is a directory$/m)
    })
  }
  // a script read from stdin (not -f -) is not named in messages, as psql's; -f - is, as <stdin>
  for (const args of [[], ['-f', '-'], ['-v', 'ON_ERROR_STOP=1']]) {
    test(`errors of a script on stdin ${args.join(' ')}`.trim(), async () => {
      const theirs = await same(args, { cwd: root, input: 'select 1/0;\n\\i nosuch.sql\n\\foo\nselect 1 \\gset\n\\ir sub/inner.sql\n' })
      assert.match(theirs.stderr, /division by zero/)
    })
  }
  // an empty file name is no file (fopen and chdir fail), \o '' is stdout; \ir '' in sub/ names the folder sub
  for (const args of [['-f', 'empty-names.sql'], ['-f', join('sub', 'empty-names.sql')], ['-f', ''], ['-v', 'ON_ERROR_STOP=1', '-f', 'empty-names.sql']]) {
    test(`empty file names: ${args.map(a => JSON.stringify(a)).join(' ')}`, async () => {
      const theirs = await same(args, { cwd: root })
      assert.match(theirs.stderr, /: No such file or directory$/m)
    })
  }
  test('a folder as a script: the script on stdin', async () => {
    await same([], { cwd: root, input: 'select 1 as one;\n\\i folder\n\\ir folder\nselect 2 as two;\n' })
  })
})

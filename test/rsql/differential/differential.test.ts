// The issue's differential suite: the same script files through the real psql and through `rsql`
// against the same server; stdout must be byte-identical and the exit codes equal.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureLocalServer, stopLocalServer } from '../../../src/warehouse/index.ts'
import { psqlMissing } from '../output/oracle.ts'

const here = dirname(fileURLToPath(import.meta.url))
const scripts = join(here, 'scripts')
const rsqlBin = join(here, '../../../bin/rsql.js')

// Each script with the command-line variants it runs under (formats come from flags: RSQL defers `\pset`).
const CASES: Record<string, string[][]> = {
  'types.sql': [[], ['-A'], ['--csv'], ['-H'], ['-x'], ['-t'], ['-A', '-t'], ['-x', '-A'], ['-P', 'border=2'], ['-P', 'null=<null>'],
    ['-F', ';', '-A'], ['-P', 'format=wrapped', '-P', 'columns=40'], ['-P', 'linestyle=unicode', '-P', 'border=2']],
  'variables.sql': [[], ['-v', 'n=7']],
  'conditionals.sql': [[]],
  'if-values.sql': [[], ['-v', 'ON_ERROR_STOP=1']],
  'failures.sql': [[], ['-q']],
  'stop.sql': [[]],
  'dml.sql': [[], ['-q'], ['-H']],
  'copy-stdin.sql': [[], ['-q']],
  'buffer.sql': [[], ['-q']],
  'verbosity.sql': [[]],
  'slash-copy.sql': [[], ['-q'], ['-e']],
  'toggles.sql': [[]],
  'fetch-count.sql': [[], ['-A']],
  'fetch-count-pager.sql': [[], ['-P', 'format=wrapped'], ['-P', 'format=wrapped', '-P', 'columns=20']],
  'autocommit.sql': [[]],
  'describe.sql': [[], ['-A'], ['-x'], ['-P', 'null=(null)']],
  'describe-one.sql': [[], ['-A'], ['-x'], ['-q'], ['-H'], ['-P', 'linestyle=unicode', '-P', 'border=2']],
  'describe-functions.sql': [[], ['-A'], ['-x'], ['-q']],
  'describe-privileges.sql': [[], ['-A'], ['-x'], ['-P', 'linestyle=unicode', '-P', 'border=2']],
  'describe-extensions.sql': [[], ['-A'], ['-q'], ['-H']],
  'psql-variables.sql': [[]],
  'gexec.sql': [[], ['-q']],
  'shell.sql': [[], ['-q']],
  'defined.sql': [[]],
  'error-position.sql': [[]],
  'error-position-wide.sql': [[], ['-q']],
  'slash-copy-stdin.sql': [[], ['-q'], ['-a'], ['-e']],
  'slash-copy-program.sql': [[], ['-q'], ['-H']],
  'inactive-quotes.sql': [[], ['-v', 'ON_ERROR_STOP=1']],
  'same-line.sql': [[], ['-v', 'ON_ERROR_STOP=1']],
  'copy-stdout.sql': [[], ['-q'], ['-A']],
  'begin-atomic.sql': [[], ['-e']],
  'write.sql': [[], ['-q'], ['-e']],
  'definition.sql': [[], ['-q']],
  'crosstab.sql': [[], ['-A'], ['-x'], ['-t'], ['-H'], ['-P', 'null=(nil)'], ['-v', 'FETCH_COUNT=2'], ['-v', 'ON_ERROR_STOP=1'],
    ['-P', 'format=wrapped', '-P', 'columns=30']],
  'if-buffer.sql': [[], ['-e']],
  'gdesc.sql': [[], ['-A'], ['-x'], ['-e'], ['-q'], ['-H'], ['-v', 'ON_ERROR_STOP=1']],
  'bom-lexer.sql': [[], ['-a'], ['-e']],
  'gset.sql': [[], ['-b']],
  'branches.sql': [[]],
  'nonstandard-strings.sql': [[], ['-e']],
  'g-options.sql': [[], ['-A'], ['-x']],
  'row-count.sql': [[], ['-q']],
  'on-error-rollback.sql': [[], ['-e'], ['-v', 'ON_ERROR_STOP=1']],
  'arguments.sql': [[], ['-v', 'ON_ERROR_STOP=1']],
  'variable-input.sql': [[], ['-e'], ['-v', 'ON_ERROR_STOP=1']],
  'connection-lost.sql': [[], ['-b'], ['-v', 'ON_ERROR_STOP=1']],
  'unicode-width.sql': [[], ['-x'], ['-A'], ['-P', 'format=wrapped', '-P', 'columns=30'], ['-x', '-P', 'linestyle=unicode', '-P', 'border=2']],
  'send-ahead.sql': [[], ['-q'], ['-v', 'ON_ERROR_STOP=1']],
  'send-ahead-strings.sql': [[], ['-e']],
}

// Command lines of -c strings (psql's actions: a query sent as written, or one meta-command), alone and
// mixed with -f: the exit code is the last action's; ON_ERROR_STOP ends the run at a failed one.
const STOP = ['-v', 'ON_ERROR_STOP=1']
const COMMANDS: string[][] = [
  ['-E', '-c', '\\dnS pg_catalog'], // -E prints the describe command's catalog query first
  ['-c', 'select 1/0'],
  ['-c', 'select 1', '-c', 'select 1/0'],
  ['-c', 'select 1/0', '-c', 'select 1'],
  [...STOP, '-c', 'select 1/0', '-c', 'select 2'],
  ['-c', '\\set x', '-c', 'select 1/0; select 3'],
  ['-c', 'select 1 as a; select 2 as b', '-c', 'select 3 as c'],
  ['-A', '-t', '-c', 'select 1; select 1/0; select 3'],
  ['-c', 'select 1; select 1/(3 - g) from generate_series(1, 5) g; select 2'],
  ['-c', 'create temp table t (a int); insert into t values (1); select 1/0', '-c', 'select count(*) from t'],
  ['-c', 'select 1; ; select 2', '-c', ';', '-c', ''],
  ['-v', 'x=1', '-c', 'select :x'],
  ['-v', 'x=1', '-c', '\\echo :x', '-c', 'select :\'x\''],
  ['-v', 'FETCH_COUNT=2', '-c', 'select g from generate_series(1, 5) g', '-c', 'select 1; select 2'],
  ['-c', '\\echo a \\\\ \\echo b', '-c', '\\echo c\n\\echo d', '-c', '\\set y 1 \\\\ select 1'],
  ['-c', '\\echo a', '-c', '\\foo'],
  ['-c', '\\foo', '-c', '\\echo a'],
  [...STOP, '-c', '\\foo', '-c', '\\echo a'],
  ['-c', '\\if true', '-c', '\\echo in', '-c', '\\endif'],
  [...STOP, '-c', '\\if', '-c', '\\if maybe', '-c', '\\echo after'],
  ['-c', 'select 1', '-c', '\\g', '-c', '\\p'],
  ['-a', '-c', 'select 1', '-c', '\\echo x'],
  ['-e', '-c', 'select 1', '-c', '\\echo x'],
  ['-c', '\\i failures.sql'],
  ['-c', '\\i stop.sql', '-c', 'select 2'],
  ['-c', 'select 1/0', '-f', 'failures.sql'],
  ['-f', 'failures.sql', '-c', 'select 1/0'],
  ['-c', 'select 1', '-f', 'stop.sql', '-c', 'select 2'],
  [...STOP, '-c', 'select 1/0', '-f', 'failures.sql'],
  ['-c', 'select 1', '-f', 'no-such.sql', '-c', 'select 2'],
  [...STOP, '-c', 'select 1', '-f', 'no-such.sql', '-c', 'select 2'],
  ['-c', '\\dn', '-c', '\\du+ awsuser', '-c', '\\dtS pg_class'],
  ['-c', '\\dt nothing_here', '-c', '\\echo after'],
  [...STOP, '-c', '\\dt a.b.c.d', '-c', '\\echo after'],
  [...STOP, '-c', '\\l x.y', '-c', '\\echo after'],
  ['-c', 'begin; select 1/0', '-c', '\\dn', '-c', 'rollback', '-c', '\\dn'],
  ['-c', '\\d nothing_here', '-c', '\\echo after'],
  ['-c', '\\dfx', '-c', '\\zS', '-c', '\\z+', '-c', '\\echo after'],
  [...STOP, '-c', '\\dfnx', '-c', '\\echo after'],
  [...STOP, '-c', '\\dx+ nothing_here', '-c', '\\echo after'],
  ['-E', '-c', '\\dx+ plpgsql', '-c', '\\dfS+ int4pl', '-c', '\\z pg_catalog.pg_am'],
  ['-c', 'begin; select 1/0', '-c', '\\df', '-c', '\\dp', '-c', '\\dx', '-c', 'rollback', '-c', '\\dx plpgsql'],
  [...STOP, '-c', '\\d nothing_here', '-c', '\\echo after'],
  ['-q', '-c', '\\d nothing_here'],
  ['-c', 'set search_path = dsc_one', '-c', '\\d dsc_bench*', '-c', '\\d+ dsc_one.dsc_seq extra'],
  ['-c', '\\c nosuchdb', '-c', '\\echo after [:DBNAME] [:SERVER_VERSION_NUM]'],
  ['-c', "\\copy (select 1 as x) to program 'cat'", '-c', "\\copy (select 2) to program 'cat > /dev/null; exit 4'", '-c', '\\echo after'],
  [...STOP, '-c', "\\copy (select 1) to program 'cat > /dev/null; exit 4'", '-c', '\\echo after'],
  // no query buffer in a -c string: \w fails; \sf and \sv fail on a name not found, and without a session
  ['-c', 'select 1', '-c', '\\w |cat', '-c', '\\echo after'],
  ['-c', '\\sf+ pg_catalog.int4pl', '-c', '\\sv nosuch', '-c', '\\sf', '-c', '\\sv+ pg_catalog.pg_user'],
  ['-c', '\\c nosuchdb', '-c', '\\sf pg_catalog.int4pl', '-c', '\\sv pg_catalog.pg_user'],
  // whole-line arguments keep their trailing whitespace, as psql's (-E shows the name as written)
  ['-E', '-c', '\\sf pg_catalog.int4pl  ', '-c', '\\sv+ pg_catalog.pg_user ', '-c', "\\! sh -c 'echo \"[$1]\"' _ a\\  "],
  ['-c', 'select 1 as a, 2 as b, 3 as c', '-c', '\\crosstabview', '-c', '\\echo after'],
  // a -c string's \gdesc, \crosstabview, \gset or \gx sends nothing, but psql's flag stays for the next statement sent
  ['-c', '\\gdesc', '-c', '\\echo between', '-c', "select 1 as a, 'x'::varchar(3) as b", '-c', 'select 2 as c'],
  ['-c', '\\crosstabview', '-c', 'select 1 as a, 2 as b, 3 as c'],
  ['-c', '\\gset p_', '-c', 'select 5 as v', '-c', '\\echo :p_v'],
  ['-c', '\\gx', '-c', 'select 1 as x'],
  // \gset's first refused name fails the statement (ON_ERROR_STOP ends the run); a statement without rows prints its tag
  [...STOP, '-c', '\\gset', '-c', 'select 1 as a, 2 as "b c", 3 as d', '-c', '\\echo after :a [:d]'],
  ['-c', '\\gset', '-c', 'create temp table x (a int)', '-c', '\\echo after'],
  ['-c', '\\copyright', '-c', '\\copyright extra'],
  [...STOP, '-c', '\\gdesc', '-c', 'selec 1', '-c', '\\echo not reached'],
  ['-c', '\\crosstabview v', '-f', 'crosstab.sql'],
  ['-c', '\\c nosuchdb', '-c', 'select 1 \\gdesc', '-c', '\\gdesc'],
  // -v NAME unsets (ON_ERROR_STOP off again), -T sets the HTML table's attributes, long options shortened as getopt_long allows
  ['-v', 'x=1', '-v', 'x', '-c', '\\echo [:x]'],
  [...STOP, '-v', 'ON_ERROR_STOP', '-c', 'select 1/0', '-c', 'select 2'],
  ['-H', '-T', 'border=1 class=x', '-c', 'select 1'],
  ['--tuples', '--no-al', '--field-sep=;', '-c', 'select 1, 2'],
  // options act in the order given; psql keeps the border in an unsigned short (-1 is 65535, printed as border 2)
  ['-x', '-P', 'expanded=off', '-A', '-z', '-F', ',', '-t', '-P', 't', '-c', 'select 1 as a, 2 as b'],
  ['-e', '-v', 'ECHO=none', '-P', 'border=-1', '-c', 'select 1 as a, 2 as b'],
  // -1: one transaction around the actions (BEGIN/COMMIT shown under -E), rolled back when ON_ERROR_STOP stopped the run
  ['-1', '-E', '-c', 'select 1', '-c', 'commit'],
  ['-1', '-c', 'create temp table t (a int)', '-c', 'select 1/0', '-c', 'select 2'],
  [...STOP, '-1', '-c', 'create temp table t (a int)', '-c', 'insert into t values (1)', '-c', 'select 1/0', '-c', 'select 2'],
  // a -c string has no query buffer: \watch has nothing to run
  ['-c', 'select 1', '-c', '\\watch 1', '-c', '\\echo after'],
  // a COPY … TO STDOUT among a string's statements: psql prints each result as it comes, the COPY's data in its place
  ['-c', "select 1 as a; copy (select g from generate_series(1, 3) g) to stdout; select 2 as b; copy (select 'x') to stdout"],
  ['-c', 'select 1 as a; copy (select 5) to stdout; select 1/0', '-c', 'select 3 as c'],
  ['-A', '-c', 'create temp table t (a int); insert into t values (1); copy t to stdout; insert into t values (2); copy t to stdout (format csv, header)'],
  ['-c', '\\gx', '-c', 'select 1 as a; copy (select 7) to stdout; select 8 as b'],
]

interface Run { stdout: string; stdoutBytes: Buffer; stderr: string; stderrBytes: Buffer; status: number | null }

// `\copy … from pstdin` (and from stdin in a -c string) reads the program's own stdin; a script that comes on
// stdin is pstdin itself
const STDIN_CASES: { args: string[]; input: string | Buffer }[] = [
  { args: ['-f', 'slash-copy-pstdin.sql'], input: '5\tfive\n\\.\n6\n7\n\\.\n8\teight\n' },
  { args: ['-q', '-f', 'slash-copy-pstdin.sql'], input: '1\tone\n' },
  { args: [], input: readFileSync(join(scripts, 'slash-copy-stdin-script.sql'), 'utf8') },
  { args: ['-f', '-'], input: readFileSync(join(scripts, 'slash-copy-stdin-script.sql'), 'utf8') },
  { args: ['-a'], input: readFileSync(join(scripts, 'bom-lexer.sql')) },
  { args: [], input: 'create temp table scn (a int);\n\\i slash-copy-pstdin-inner.sql\n5\n6\n\\.\nselect count(*) as outer_count from scn;\n' },
  { args: ['-c', 'create temp table t (a int, b text)', '-c', '\\copy t from stdin', '-c', '\\copy t from pstdin', '-c', 'select * from t'], input: '5\tfive\n\\.\n6\tsix\n' },
  // a -c string's COPY … FROM STDIN reads rsql's stdin: to `\.` even when the server refused a row, nothing when
  // the COPY fails before it starts, each COPY of a string its own block, the last one to the end of the input
  { args: ['-c', 'create temp table t (a int, b text)', '-c', 'copy t from stdin', '-c', '\\copy t from pstdin', '-c', 'copy t from stdin', '-c', 'select * from t'], input: 'x\ta\n2\tb\n\\.\n3\tc\r\n\\.\r\n4\td\n5\t\u00e9\n' },
  { args: ['-c', 'create temp table t (a int, b text)', '-c', 'copy nosuch from stdin', '-c', '\\copy nosuch from pstdin', '-c', 'copy t from stdin; copy t from stdin; select * from t'], input: '1\ta\n\\.\n2\tb\n' },
  { args: ['-c', 'create temp table t (a int, b text)', '-c', 'copy t from stdin; select 1/0', '-c', 'select count(*) from t'], input: '1\ta\n' },
  // \i - reads the rest of stdin as a script named <stdin>: after a -c, or the rest of the script that came on stdin
  { args: ['-c', 'select 1 as a', '-c', '\\i -', '-c', 'select 3 as c', '-c', '\\i -'], input: 'select 2 as b;\nselect 1/0;\n\\endif\n' },
  { args: [], input: 'select 1/0;\n\\if true\n\\i -\nselect 2 as b;\nselect 1/0;\n\\endif\n' },
  { args: ['-f', '-'], input: 'select 1 as a;\n\\i -\nselect 2 as b;\nselect 1/0;\n' },
  // binary data comes as it is, to the end of the input (a plain COPY and \copy … from pstdin)
  { args: ['-c', 'create temp table t (a int, b text)', '-c', 'copy t from stdin (format binary)', '-c', 'select a, b, md5(b) from t'], input: pgcopy([[1, 'x\n\\.\n'], [2, '\r\n\u00e9\u00ff'], [3, '']]) },
  { args: ['-c', 'create temp table t (a int, b text)', '-c', '\\copy t from pstdin with binary', '-c', 'select a, b, md5(b) from t'], input: pgcopy([[1, '\\.'], [2, '\u6f22']]) },
  // psql reads a script in 1024-byte loads taken as C strings: a NUL byte drops the rest of its load, newline included
  { args: [], input: `select 1 as a;\nselect 2\0 dropped\n as b;\n\\echo x\0y\n\\echo z\nselect length('${'a'.repeat(5)}\0${'b'.repeat(1100)}') as n;\n` },
]

/** COPY's binary format (PGCOPY): a signature, flags, then each row's fields as length and bytes, then -1. */
function pgcopy(rows: [number, string][]): Buffer {
  const parts = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]
  for (const [a, b] of rows) {
    const text = Buffer.from(b)
    const row = Buffer.alloc(2 + 4 + 4 + 4 + text.length)
    row.writeInt16BE(2, 0)
    row.writeInt32BE(4, 2)
    row.writeInt32BE(a, 6)
    row.writeInt32BE(text.length, 10)
    text.copy(row, 14)
    parts.push(row)
  }
  const trailer = Buffer.alloc(2)
  trailer.writeInt16BE(-1)
  return Buffer.concat([...parts, trailer])
}

function runProgram(command: string, args: string[], env: NodeJS.ProcessEnv, input?: string | Buffer, cwd = scripts): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env } })
    if (input !== undefined) child.stdin.end(input)
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout.on('data', d => { stdout.push(d) })
    child.stderr.on('data', d => { stderr.push(d) })
    child.on('error', reject)
    child.on('close', status => {
      const stdoutBytes = Buffer.concat(stdout)
      const stderrBytes = Buffer.concat(stderr)
      resolve({ stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr: stderrBytes.toString('utf8'), stderrBytes, status })
    })
  })
}

describe('rsql and psql print the same', { skip: psqlMissing(), concurrency: 2 }, () => {
  let root: string
  let dir: string
  let connection: string[]
  const env = { PGCLIENTENCODING: 'UTF8', PAGER: '', COLUMNS: '' }

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'rsqlflow-diff-'))
    chmodSync(root, 0o755)
    dir = join(root, 'warehouse')
    const server = await ensureLocalServer(dir)
    connection = ['-X', '-h', '127.0.0.1', '-p', String(server.port), '-U', 'awsuser', '-d', 'dev']
    // the relations describe-one.sql describes, made once so both programs see the same OIDs
    const setup = await runProgram('psql', [...connection, '-q', '-v', 'ON_ERROR_STOP=1', '-f', 'describe-one.setup.sql'], env)
    assert.equal(setup.status, 0, setup.stderr)
  })
  after(async () => {
    await stopLocalServer(dir)
    rmSync(root, { recursive: true, force: true })
  })

  for (const [file, variants] of Object.entries(CASES)) {
    for (const flags of variants) {
      test(`${file} ${flags.join(' ')}`.trim(), async () => {
        const args = [...connection, ...flags, '-f', file]
        const [theirs, ours] = await Promise.all([
          runProgram('psql', args, env),
          runProgram(process.execPath, [rsqlBin, ...args], env),
        ])
        assert.ok(theirs.stdout.length > 0, 'psql printed something')
        assert.equal(ours.stdout, theirs.stdout)
        assert.equal(ours.status, theirs.status, `exit codes: rsql ${ours.status}, psql ${theirs.status}; rsql stderr:\n${ours.stderr}`)
      })
    }
  }

  // $COLUMNS is the width of psql's pager, which a FETCH_COUNT result of several batches on stdout goes through
  // even when stdout is not a terminal
  for (const flags of [['-P', 'format=wrapped'], ['-x', '-P', 'format=wrapped'], []]) {
    test(`fetch-count-pager.sql ${flags.join(' ')} with COLUMNS=30`.replace('  ', ' '), async () => {
      const args = [...connection, ...flags, '-f', 'fetch-count-pager.sql']
      const [theirs, ours] = await Promise.all([
        runProgram('psql', args, { ...env, COLUMNS: '30' }),
        runProgram(process.execPath, [rsqlBin, ...args], { ...env, COLUMNS: '30' }),
      ])
      assert.ok(theirs.stdout.length > 0, 'psql printed something')
      assert.equal(ours.stdout, theirs.stdout)
      assert.equal(ours.status, theirs.status)
    })
  }

  for (const flags of COMMANDS) {
    test(flags.map(f => JSON.stringify(f)).join(' '), async () => {
      const args = [...connection, ...flags]
      const [theirs, ours] = await Promise.all([
        runProgram('psql', args, env),
        runProgram(process.execPath, [rsqlBin, ...args], env),
      ])
      assert.equal(ours.stdout, theirs.stdout)
      assert.equal(ours.status, theirs.status, `exit codes: rsql ${ours.status}, psql ${theirs.status}; rsql stderr:\n${ours.stderr}`)
    })
  }

  for (const { args, input } of STDIN_CASES) {
    test(`${args.map(f => JSON.stringify(f)).join(' ') || `a script (${String(input).split('\n')[1]})`} with data on stdin: stdout and stderr as psql's`, async () => {
      const [theirs, ours] = await Promise.all([
        runProgram('psql', [...connection, ...args], env, input),
        runProgram(process.execPath, [rsqlBin, ...connection, ...args], env, input),
      ])
      assert.match(theirs.stdout, /^\(\d+ rows?\)$/m)
      assert.equal(ours.stdout, theirs.stdout)
      assert.equal(ours.stderr.replace(/^rsql:/gm, 'psql:'), theirs.stderr)
      assert.equal(ours.status, theirs.status)
    })
  }

  // binary COPY data reaches stdout, pstdout and \o's file byte for byte (text data beside it), as psql's
  test('binary COPY … TO STDOUT and \\copy … to stdout|pstdout: the same bytes as psql\'s', async () => {
    const commands = [
      '-c', "copy (select g as a, 'x' || g || E'\\n\\\\.\\n\\r' as b, g::float8 / 3 as c, '\\xff000a0d5c2e'::bytea as d from generate_series(1, 3) g) to stdout (format binary)",
      '-c', "\\copy (select 1 as a, '\u00e9\u6f22' as b) to pstdout (format binary)",
      '-c', 'copy (select 2 as two) to stdout',
      '-c', '\\copy (select 3) to stdout with binary',
    ]
    const [theirs, ours] = await Promise.all([
      runProgram('psql', [...connection, ...commands], env),
      runProgram(process.execPath, [rsqlBin, ...connection, ...commands], env),
    ])
    assert.equal(theirs.stdoutBytes.subarray(0, 11).toString('latin1'), 'PGCOPY\n\xff\r\n\0')
    assert.ok(theirs.stdoutBytes.includes(Buffer.from([0xff, 0x00, 0x0a, 0x0d, 0x5c, 0x2e])), 'the bytea value as it is')
    assert.deepEqual(ours.stdoutBytes, theirs.stdoutBytes)
    assert.equal(ours.status, theirs.status)
    // with -o, the query output (COPY … TO STDOUT, \copy … to stdout) goes to the file, pstdout stays on stdout
    const [theirFile, ourFile] = [join(root, 'psql-binary.out'), join(root, 'rsql-binary.out')]
    const [theirsO, oursO] = await Promise.all([
      runProgram('psql', [...connection, '-o', theirFile, ...commands], env),
      runProgram(process.execPath, [rsqlBin, ...connection, '-o', ourFile, ...commands], env),
    ])
    assert.ok(readFileSync(theirFile).length > 100)
    assert.deepEqual(readFileSync(ourFile), readFileSync(theirFile))
    assert.deepEqual(oursO.stdoutBytes, theirsO.stdoutBytes)
  })

  // psql 15 asks servers from 17 on for a column they renamed (daticulocale is datlocale), so its `\l`
  // fails here: rsql's listing is compared with psql printing rsql's catalog query under psql's title
  test('\\l prints as psql prints its catalog query', async () => {
    const hidden = await runProgram(process.execPath, [rsqlBin, ...connection, '-v', 'ECHO_HIDDEN=noexec', '-c', '\\l dev'], env)
    const query = /\*{9} QUERY \*{10}\n([\s\S]*?)\n\*{26}\n/.exec(hidden.stdout)?.[1]
    assert.ok(query?.includes('FROM pg_catalog.pg_database d'), hidden.stdout)
    assert.equal(hidden.status, 1, 'noexec runs nothing: the command fails as psql\'s does')
    const [theirs, ours] = await Promise.all([
      runProgram('psql', [...connection, '-q', '-c', "\\pset title 'List of databases'", '-c', query ?? ''], env),
      runProgram(process.execPath, [rsqlBin, ...connection, '-c', '\\l dev'], env),
    ])
    assert.match(ours.stdout, /^ +List of databases\n +Name +\| +Owner +\| +Encoding +\| +Collate +\|/)
    assert.match(ours.stdout, /\n dev +\| +awsuser +\|/)
    assert.equal(ours.stdout, theirs.stdout)
    assert.equal(ours.status, 0)
    const verbose = await runProgram(process.execPath, [rsqlBin, ...connection, '-c', '\\l+'], env)
    assert.match(verbose.stdout, /\| +Access privileges +\| +Size +\| +Tablespace +\| +Description/)
    assert.match(verbose.stdout, /\n template1 +\|/)
  })

  // stderr of client-side failures: a name \d does not find, refused variable values, a failed \connect,
  // \df's refused letters, an extension \dx+ does not find, refused patterns
  for (const args of [['-f', 'describe-one.sql'], ['-f', 'psql-variables.sql'], ['-c', '\\d nothing_here', '-c', '\\d a.b.c.d'], ['-c', '\\c nosuchdb'],
    ['-f', 'describe-functions.sql'], ['-f', 'describe-privileges.sql'], ['-f', 'describe-extensions.sql']]) {
    test(`${args.join(' ')}: stderr as psql's`, async () => {
      const [theirs, ours] = await Promise.all([
        runProgram('psql', [...connection, ...args], env),
        runProgram(process.execPath, [rsqlBin, ...connection, ...args], env),
      ])
      assert.match(theirs.stderr, /Did not find any (relation|extension) named|unrecognized value|\\connect: |\\df only takes|too many dotted names/)
      assert.equal(ours.stderr.replace(/^rsql:/gm, 'psql:'), theirs.stderr)
      assert.equal(ours.status, theirs.status)
    })
  }

  // `\set` lists psql's variables in psql's order, and RSQL's own among them (ACTIVITYCOUNT, ERRORCODE,
  // ERRORLEVEL, MAXERROR): the listing is compared without those, and without VERSION* (which name the client)
  test('\\set lists what psql lists, RSQL\'s own variables and VERSION* aside', async () => {
    const args = [...connection, '-c', '\\set', '-c', 'select 1', '-c', '\\set']
    const [theirs, ours] = await Promise.all([
      runProgram('psql', args, env),
      runProgram(process.execPath, [rsqlBin, ...args], env),
    ])
    const rsqlOnly = /^(ACTIVITYCOUNT|ERRORCODE|ERRORLEVEL|MAXERROR) = /
    const versions = /^VERSION(_NAME|_NUM)? = /
    const shared = (text: string, drop: RegExp[]) => text.split('\n').filter(line => !drop.some(d => d.test(line))).join('\n')
    assert.match(ours.stdout, /^ACTIVITYCOUNT = '0'$/m)
    assert.match(ours.stdout, /^VERSION_NUM = '150018'$/m)
    assert.match(theirs.stdout, /^SERVER_VERSION_NUM = '\d+'$/m)
    assert.equal(shared(ours.stdout, [rsqlOnly, versions]), shared(theirs.stdout, [versions]))
  })

  // what the shell and the commands it runs write to stderr (`sh: 1: x: not found`) passes through as psql's
  test('shell.sql: stderr as psql\'s', async () => {
    const args = [...connection, '-f', 'shell.sql']
    const [theirs, ours] = await Promise.all([
      runProgram('psql', args, env),
      runProgram(process.execPath, [rsqlBin, ...args], env),
    ])
    assert.match(theirs.stderr, /^sh: 1: nosuchcmd_x: not found$/m)
    assert.equal(ours.stderr.replace(/^rsql:/gm, 'psql:'), theirs.stderr)
  })

  // stderr too, where the messages are psql's own (the program name aside): errors with their LINE and
  // caret, and -b's STATEMENT after each error
  // \copy's messages: a failed command's exit, data read as script after a failed COPY, parse errors
  // an unterminated quote in an inactive branch, commands after a failed one on the same line, the LINE
  // display of wide characters (a CJK character takes two columns), a COPY … TO STDOUT that fails
  // \w's and \sf/\sv's own messages (missing arguments, files it cannot write, names not found, not a view)
  for (const file of ['slash-copy-stdin.sql', 'slash-copy-program.sql', 'inactive-quotes.sql', 'same-line.sql', 'error-position-wide.sql', 'copy-stdout.sql',
    'write.sql', 'definition.sql', 'crosstab.sql', 'gdesc.sql', 'gexec.sql', 'gexec-stop.sql', 'gset.sql', 'branches.sql',
    'nonstandard-strings.sql', 'fetch-count-errors.sql', 'g-options.sql', 'arguments.sql', 'variable-input.sql', 'connection-lost.sql', 'send-ahead.sql', 'send-ahead-strings.sql']) {
    test(`${file}: stderr as psql's`, async () => {
      const args = [...connection, '-f', file]
      const [theirs, ours] = await Promise.all([
        runProgram('psql', args, env),
        runProgram(process.execPath, [rsqlBin, ...args], env),
      ])
      assert.match(theirs.stderr, /error: |ERROR: /)
      assert.equal(ours.stderr.replace(/^rsql:/gm, 'psql:'), theirs.stderr)
    })
  }

  // \g FILE, \gx FILE, \g |command and \o |command write files and start commands: each program runs in a folder
  // of its own (its HOME too), which the script lists and shows; a -c string's \g target waits for the next statement
  const OUTPUT_CASES = [['-f', 'g-file.sql'], [...STOP, '-f', 'g-file.sql'], ['-q', '-f', 'g-file.sql'], ['-A', '-f', 'g-file.sql'],
    ['-b', '-f', 'g-file.sql'], ['-c', '\\g o1.txt', '-c', 'select 2 as two', '-c', 'select 3 as three', '-c', '\\! cat o1.txt'],
    ['-c', 'select 4 as four', '-c', '\\g |cat', '-c', '\\echo z'], [...STOP, '-c', '\\g nosuch/x', '-c', 'select 2 as two', '-c', '\\echo z'],
    ['-c', '\\gx |cat', '-c', 'select 2 as two'], ['-c', '\\o ~/h.txt', '-c', 'select 1 as one', '-c', '\\o', '-c', '\\! cat h.txt'],
    ['-o', '|cat', '-c', 'select 1 as one'], ['-c', 'select 1 as one', '-c', '\\o |cat > /dev/null; exit 4', '-c', 'select 1', '-c', '\\o', '-c', '\\echo after']]
  for (const args of OUTPUT_CASES) {
    test(`${args.map(f => JSON.stringify(f)).join(' ')} in a folder of its own: stdout and stderr as psql's`, async () => {
      const folders = ['psql', 'rsql'].map(name => {
        const folder = mkdtempSync(join(root, `g-file-${name}-`))
        copyFileSync(join(scripts, 'g-file.sql'), join(folder, 'g-file.sql'))
        return folder
      })
      const [theirs, ours] = await Promise.all([
        runProgram('psql', [...connection, ...args], { ...env, HOME: folders[0] }, undefined, folders[0]),
        runProgram(process.execPath, [rsqlBin, ...connection, ...args], { ...env, HOME: folders[1] }, undefined, folders[1]),
      ])
      assert.ok(theirs.stdout.length + theirs.stderr.length > 0, 'psql printed something')
      assert.equal(ours.stdout, theirs.stdout)
      assert.equal(ours.stderr.replace(/^rsql:/gm, 'psql:'), theirs.stderr)
      assert.equal(ours.status, theirs.status)
    })
  }

  // \cd: each program in a folder of its own, with sub/inner.sql and a file that is not a folder
  for (const flags of [[], ['-v', 'ON_ERROR_STOP=1'], ['-c', '\\cd sub', '-c', '\\i inner.sql', '-c', '\\cd', '-c', '\\echo [:HOME]']]) {
    test(`cd.sql ${flags.join(' ')}: stdout and stderr as psql's`.replace(' :', ':'), async () => {
      const folders = ['psql', 'rsql'].map(name => {
        const folder = mkdtempSync(join(root, `cd-${name}-`))
        mkdirSync(join(folder, 'sub'))
        writeFileSync(join(folder, 'sub', 'inner.sql'), 'select 42 as inner_x;\n')
        writeFileSync(join(folder, 'afile'), '')
        copyFileSync(join(scripts, 'cd.sql'), join(folder, 'cd.sql'))
        return folder
      })
      const args = [...connection, ...(flags.includes('-c') ? flags : [...flags, '-f', 'cd.sql'])]
      const [theirs, ours] = await Promise.all([
        runProgram('psql', args, env, undefined, folders[0]),
        runProgram(process.execPath, [rsqlBin, ...args], env, undefined, folders[1]),
      ])
      assert.match(theirs.stdout, / inner_x /)
      assert.equal(ours.stdout, theirs.stdout)
      assert.equal(ours.stderr.replace(/^rsql:/gm, 'psql:'), theirs.stderr)
      assert.equal(ours.status, theirs.status)
    })
  }

  // a script with CRLF line ends (crlf.sql, converted here): psql keeps each CR (in statements, strings, COPY data,
  // whole-line and |command arguments; whitespace between other arguments)
  for (const flags of [[], ['-a'], ['-e'], ['-b'], ['-E']]) {
    test(`crlf.sql with CRLF line ends ${flags.join(' ')}: stdout and stderr as psql's`.replace(' :', ':'), async () => {
      const folder = mkdtempSync(join(root, 'crlf-'))
      writeFileSync(join(folder, 'crlf.sql'), readFileSync(join(scripts, 'crlf.sql'), 'utf8').replace(/\n/g, '\r\n'))
      const args = [...connection, ...flags, '-f', 'crlf.sql']
      const [theirs, ours] = await Promise.all([
        runProgram('psql', args, env, undefined, folder),
        runProgram(process.execPath, [rsqlBin, ...args], env, undefined, folder),
      ])
      assert.match(theirs.stdout, / x\\r\+\|/)
      assert.equal(ours.stdout, theirs.stdout)
      assert.equal(ours.stderr.replace(/^rsql:/gm, 'psql:'), theirs.stderr)
      assert.equal(ours.status, theirs.status)
    })
  }

  // psql reads a script as bytes and sends them, and prints them, as they are, UTF-8 or not: a UTF8 server refuses
  // what is not (the table unchanged), \echo prints the bytes; under \encoding LATIN1 the server converts them, and
  // the bytes of its answers are printed as they come, a byte a column (UTF-8 text too, and in an error's LINE). The scripts are written here as bytes (Latin-1 in a file of
  // the repository would not survive editors); stdout and stderr are compared byte for byte.
  const latin1 = (text: string) => Buffer.from(text, 'latin1')
  const RAW_FILES: Record<string, Buffer> = {
    'not-utf8.sql': latin1(`create temp table t (a text);
insert into t values ('caf\xe9');
select count(*) from t;
select 'ok\xe9' as x\xe9;
select 'sur\xed\xa0\x80' as s;
select 'caf\xc3\xa9' as "caf\xc3\xa9", length('caf\xc3\xa9');
copy t from stdin;
caf\xe9
\\.
select count(*) from t;
\\echo caf\xe9 x\xc3\xa9 \xed\xa0\x80 \xf0\x9f\x98 '\\351' '\\303\\251' "x\xe9"
\\qecho caf\xe9
\\set v caf\xe9
\\echo :v :'v' :"v"
\\set w caf\xe9abc
select :'w' as w;
\\set w '\\303\\251\\303'
select :'w' as w;
\\set b \`printf 'caf\\351'\`
\\echo :b
\\! printf 'sh caf\\351\\n'; printf 'err \\351\\n' >&2
select 'caf\xe9'
\\w |cat
\\p
\\r
\\o o.txt
\\qecho to o caf\xe9
\\o
\\! cat o.txt
\\ir not-utf8-inner.sql
select 'caf\xe9' \\gdesc
\\echo done
`),
    'not-utf8-inner.sql': latin1("\\echo inner caf\xe9\nselect 'inner\xe9';\n"),
    'latin1.sql': latin1(`\\encoding LATIN1
\\echo :ENCODING
\\encoding
create temp table t (a text, b int);
insert into t values ('caf\xe9', 1), ('\xff\xfe', 2), (null, 3), ('\xfd', 4);
select a, length(a), b from t order by b;
select a::int from t;
select 1 as "col\xe9", 'caf\xe9' as a, 'x\xe9\xe9' + 1;
select 'caf\xe9' as a, 1 +
  'x\xe9\xe9' + 1;
select 'caf\xc3\xa9' as a, length('caf\xc3\xa9'), '\x80\x9f' as b;
select 'caf\xc3\xa9' as a, 1 +
  'x\xc3\xa9\xe9' + 1;
select 1 as "\xe9t\xe9", 'caf\xe9' as b \\gdesc
select 1 as "\xe9t\xe9" from nosuch\xe9 \\gdesc
select 'caf\xe9' as v \\gset
\\echo :v :'v'
do $$ begin raise notice 'caf\xe9'; end $$;
copy (select a from t order by b) to stdout;
\\copy (select 'x\xe9' as "\xe9") to stdout with (format csv, header)
copy t from stdin;
na\xefve\t5
\\.
select a from t where b = 5;
\\encoding bogus
\\encoding MULE_INTERNAL
\\echo :ENCODING
begin;
select 1/0;
\\encoding UTF8
rollback;
\\echo :ENCODING
\\encoding unicode
\\echo :ENCODING
select count(*) from t;
set client_encoding to 'latin1';
\\echo :ENCODING
reset client_encoding;
\\echo :ENCODING
select a from t order by b;
`),
  }
  const RAW_CASES: { file: string; flags: string[]; stdin?: boolean }[] = [
    { file: 'not-utf8.sql', flags: [] }, { file: 'not-utf8.sql', flags: STOP }, { file: 'not-utf8.sql', flags: ['-e'] },
    { file: 'not-utf8.sql', flags: ['-a'] }, { file: 'not-utf8.sql', flags: [], stdin: true },
    { file: 'latin1.sql', flags: [] }, { file: 'latin1.sql', flags: ['-A'] }, { file: 'latin1.sql', flags: ['-x'] },
    { file: 'latin1.sql', flags: STOP }, { file: 'latin1.sql', flags: ['-e'] },
  ]
  for (const { file, flags, stdin } of RAW_CASES) {
    test(`${[file, ...flags].join(' ')}${stdin ? ' on stdin' : ''}: the bytes of stdout and stderr as psql's`, async () => {
      const folders = ['psql', 'rsql'].map(name => {
        const folder = mkdtempSync(join(root, `raw-${name}-`))
        for (const [name, bytes] of Object.entries(RAW_FILES)) writeFileSync(join(folder, name), bytes)
        return folder
      })
      const args = [...connection, ...flags, ...(stdin ? [] : ['-f', file])]
      const input = stdin ? RAW_FILES[file] : undefined
      const [theirs, ours] = await Promise.all([
        runProgram('psql', args, env, input, folders[0]),
        runProgram(process.execPath, [rsqlBin, ...args], env, input, folders[1]),
      ])
      assert.ok(theirs.stdout.length > 0, 'psql printed something')
      assert.match(theirs.stderr, /ERROR: /)
      assert.deepEqual(ours.stdoutBytes, theirs.stdoutBytes)
      assert.deepEqual(latin1(ours.stderrBytes.toString('latin1').replace(/^rsql:/gm, 'psql:')), theirs.stderrBytes)
      assert.equal(ours.status, theirs.status)
    })
  }

  // \watch titles each run with the local date (strftime's %c) and the interval: the dates are set aside
  const undated = (text: string) => text.replace(/[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} \(every /g, 'DATE (every ')
  for (const flags of [[], ['-A'], ['-x'], ['-H'], ['-e'], ['-b'], ['-P', 'title=T'], ['-v', 'ON_ERROR_STOP=1']]) {
    test(`watch.sql ${flags.join(' ')}: stdout (dates aside) and stderr as psql's`.replace(' :', ':'), async () => {
      const args = [...connection, ...flags, '-f', 'watch.sql']
      const [theirs, ours] = await Promise.all([
        runProgram('psql', args, env),
        runProgram(process.execPath, [rsqlBin, ...args], env),
      ])
      assert.match(undated(theirs.stdout), /DATE \(every 0\.1s\)/)
      assert.equal(undated(ours.stdout), undated(theirs.stdout))
      assert.equal(ours.stderr.replace(/^rsql:/gm, 'psql:'), theirs.stderr)
      assert.equal(ours.status, theirs.status)
    })
  }

  // SIGINT ends \watch's loop, not the script: each program is interrupted while it waits after its first run
  test('\\watch 100 interrupted by SIGINT: the script goes on, as psql\'s', async () => {
    const script = 'select 1 as x \\watch 100\n\\echo after :ERROR\nselect 2 as y;\n'
    const interrupted = (command: string, args: string[]) => new Promise<Run>((resolve, reject) => {
      const child = spawn(command, [...args, ...connection], { cwd: scripts, env: { ...process.env, ...env } })
      child.stdin.end(script)
      let stdout = ''
      let stderr = ''
      let sent = false
      child.stdout.setEncoding('utf8').on('data', d => {
        stdout += d
        // a little later, so that the program waits in its sleep (psql ends the script on an interrupt that comes while the query runs)
        if (!sent && stdout.includes('(1 row)')) { sent = true; setTimeout(() => child.kill('SIGINT'), 500) }
      })
      child.stderr.setEncoding('utf8').on('data', d => { stderr += d })
      child.on('error', reject)
      child.on('close', status => resolve({ stdout, stdoutBytes: Buffer.from(stdout), stderr, stderrBytes: Buffer.from(stderr), status }))
    })
    const [theirs, ours] = await Promise.all([interrupted('psql', []), interrupted(process.execPath, [rsqlBin])])
    assert.match(undated(theirs.stdout), /^DATE \(every 100s\)\n\n x \n---\n 1\n\(1 row\)\n\n\nafter :ERROR\n y \n/)
    assert.equal(undated(ours.stdout), undated(theirs.stdout))
    assert.equal(ours.stderr, theirs.stderr)
    assert.equal(ours.status, theirs.status)
  })

  // (\crosstabview's failures print the STATEMENT too, and a \gexec whose generated statement failed its own)
  for (const file of ['failures.sql', 'stop.sql', 'verbosity.sql', 'slash-copy.sql', 'slash-copy-stdin.sql', 'error-position.sql', 'error-position-wide.sql', 'crosstab.sql', 'gdesc.sql', 'gexec.sql', 'gexec-stop.sql', 'fetch-count-errors.sql']) {
    test(`${file} -b: stderr as psql's`, async () => {
      const args = [...connection, '-b', '-f', file]
      const [theirs, ours] = await Promise.all([
        runProgram('psql', args, env),
        runProgram(process.execPath, [rsqlBin, ...args], env),
      ])
      assert.match(theirs.stderr, /STATEMENT: /)
      assert.equal(ours.stderr.replace(/^rsql:/gm, 'psql:'), theirs.stderr)
    })
  }
})

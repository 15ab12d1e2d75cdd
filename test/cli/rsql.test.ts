// The rsql command line, run as users run it: bin/rsql.js in a project folder.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureLocalServer } from '../../src/warehouse/index.ts'
import { rsql as runLib, tempProject } from '../rsql/helpers.ts'

const bin = fileURLToPath(new URL('../../bin/rsql.js', import.meta.url))
const project = tempProject('rsqlflow-cli-')
let port = 0

function rsql(args: string[], input = '', env: Record<string, string> = {}, program = bin, cwd = project.root): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [program, ...args], { cwd, env: { ...process.env, RSPASSWORD: '', ODBCINI: join(project.root, 'odbc.ini'), ...env } })
    let stdout = '', stderr = ''
    child.stdout.on('data', d => { stdout += d })
    child.stderr.on('data', d => { stderr += d })
    child.on('error', reject)
    child.on('close', code => resolve({ stdout, stderr, code: code ?? -1 }))
    child.stdin.end(input)
  })
}

before(async () => {
  port = (await ensureLocalServer(project.dir)).port
  await runLib(project.target, "create role loader login password 'pw';\n")
  writeFileSync(join(project.root, 'odbc.ini'), `[here]\nHost=local\nDatabase=dev\nUID=awsuser\n\n[tcp]\nHost=127.0.0.1\nPort=${port}\nDatabase=dev\nUID=loader\nPWD=wrong\n`)
})
after(() => project.cleanup())

test('with no -h or -D, a script on stdin runs against the local warehouse of the current folder', async () => {
  const r = await rsql([], 'select 1 as x;\n\\echo :DBNAME :USER\n')
  assert.equal(r.stdout, ' x \n---\n 1\n(1 row)\n\ndev awsuser\n')
  assert.equal(r.code, 0)
})

test('-D with a Host=local DSN, -t -A -c as shell loops use it, -v and several -c in order', async () => {
  // as psql's, a -c query is sent as written; a meta-command's arguments are interpolated
  const r = await rsql(['-D', 'here', '-t', '-A', '-v', 'n=3', '-c', 'select 1, 2', '-c', '\\echo :n done'])
  assert.equal(r.stdout, '1|2\n3 done\n')
  assert.equal(r.code, 0)
})

test('RSPASSWORD is used before the DSN PWD; a wrong password exits 2 naming the server', async () => {
  const bad = await rsql(['-D', 'tcp', '-c', 'select 1'])
  assert.equal(bad.code, 2)
  assert.match(bad.stderr, new RegExp(`^rsql: error: connection to server at "127\\.0\\.0\\.1", port ${port} failed: FATAL:  password authentication failed for user "loader"\\n$`))
  const good = await rsql(['-D', 'tcp', '-At', '-c', 'select current_user'], '', { RSPASSWORD: 'pw' })
  assert.equal(good.stdout, 'loader\n')
})

test('-h -p -U -d connect over TCP; a refused connection exits 2 with the host and a hint', async () => {
  const ok = await rsql(['-h', '127.0.0.1', '-p', String(port), '-U', 'awsuser', '-d', 'dev', '-q', '-c', 'select 5 as five'])
  assert.equal(ok.stdout, ' five \n------\n    5\n(1 row)\n\n')
  const refused = await rsql(['-h', '127.0.0.1', '-p', '1', '-c', 'select 1'])
  assert.equal(refused.code, 2)
  assert.equal(refused.stderr, 'rsql: error: connection to server at "127.0.0.1", port 1 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n')
})

test('-f runs files; ON_ERROR_STOP from -v exits 3; an unreadable file exits 1', async () => {
  writeFileSync(join(project.root, 'fail.sql'), 'select 1 as one;\nselect * from nothing_here;\n\\echo after\n')
  const r = await rsql(['-v', 'ON_ERROR_STOP=1', '-f', 'fail.sql'])
  assert.equal(r.code, 3)
  assert.equal(r.stdout, ' one \n-----\n   1\n(1 row)\n\n')
  assert.match(r.stderr, /^rsql:fail\.sql:2: ERROR: {2}relation "nothing_here" does not exist\nLINE 1: select \* from nothing_here;\n {22}\^\n$/)
  const missing = await rsql(['-f', 'no-such.sql'])
  assert.equal(missing.code, 1)
  assert.equal(missing.stderr, 'rsql: error: no-such.sql: No such file or directory\n')
})

test('--check reports problems with file:line and exits 1; a clean script passes silently', async () => {
  writeFileSync(join(project.root, 'bad.sql'), "\\if :ERROR <> 0\n\\goto DONE\n\\label EARLY\n\\bogus\nselect 'open\n\\goto EARLY\n")
  writeFileSync(join(project.root, 'good.sql'), "select 1;\n\\if :ERROR <> 0\n  \\goto DONE\n\\endif\n\\label DONE\n")
  const r = await rsql(['--check', 'bad.sql', 'good.sql'])
  assert.equal(r.code, 1)
  assert.equal(r.stderr, [
    'bad.sql:1: reached end of script without \\endif',
    'bad.sql:2: \\goto: label "DONE" not found',
    'bad.sql:4: invalid command \\bogus',
    'bad.sql:5: unterminated quoted string, comment or dollar quote', ''].join('\n'))
  const ok = await rsql(['--check', 'good.sql'])
  assert.deepEqual([ok.code, ok.stdout, ok.stderr], [0, '', ''])
  // a folder, a missing \i and bytes that are not UTF-8 are named as the run would meet them
  mkdirSync(join(project.root, 'a-folder'), { recursive: true })
  writeFileSync(join(project.root, 'reads.sql'), Buffer.concat([Buffer.from('\\i good.sql\n\\i gone.sql\nselect '), Buffer.from([0xff]), Buffer.from(';\n')]))
  const stdin = await rsql(['--check', '-'], 'select 1;\n\\bogus\n')
  assert.deepEqual([stdin.code, stdin.stderr], [1, '<stdin>:2: invalid command \\bogus\n'])
  const more = await rsql(['--check', 'a-folder', 'reads.sql'])
  assert.equal(more.code, 1)
  assert.equal(more.stderr, 'rsql: error: a-folder: Is a directory\nreads.sql:2: gone.sql: No such file or directory\nreads.sql:3: invalid byte sequence for encoding "UTF8": 0xff\n')
})

test('--help, --version, and a bad option', async () => {
  const help = await rsql(['--help'])
  assert.match(help.stdout, /^rsql runs Amazon Redshift RSQL scripts/)
  assert.match((await rsql(['--version'])).stdout, /^rsql \(rsqlflow\) \d+\.\d+\.\d+\n$/)
  const bad = await rsql(['--bogus'])
  assert.equal(bad.code, 1)
  assert.equal(bad.stderr, 'rsql: error: unrecognized option \'--bogus\'\nrsql: hint: Try "rsql --help" for more information.\n')
  // as getopt_long: a long option shortened to a prefix only it has, or refused when several have it
  assert.match((await rsql(['--vers'])).stdout, /^rsql \(rsqlflow\) /)
  const ambiguous = await rsql(['--echo', '-c', 'select 1'])
  assert.equal(ambiguous.code, 1)
  assert.match(ambiguous.stderr, /^rsql: error: option '--echo' is ambiguous; possibilities: '--echo-queries' '--echo-all' '--echo-errors' '--echo-hidden'\n/)
  assert.match((await rsql(['--help=commands'])).stdout, /^General\n {2}\\q, \\quit, \\exit \[n\]/)
  assert.equal((await rsql(['--help=bogus'])).code, 1)
  // as getopt_long: a flag's long name takes no =value
  assert.deepEqual(await rsql(['--csv=1', '-c', 'select 1']), { stdout: '', stderr: 'rsql: error: option \'--csv\' doesn\'t allow an argument\nrsql: hint: Try "rsql --help" for more information.\n', code: 1 })
  assert.deepEqual(await rsql(['-v', '=1']), { stdout: '', stderr: 'rsql: error: invalid variable name: ""\n', code: 1 })
  assert.deepEqual(await rsql(['-p', 'abc', '-c', 'select 1']), { stdout: '', stderr: 'rsql: error: invalid integer value "abc" for connection option "port"\n', code: 2 })
  // libpq's range check, wherever the port comes from: -p, a connection string, a URL, \c
  for (const args of [['-p', '99999'], ['-d', 'host=127.0.0.1 port=0'], ['-d', 'postgresql://u@127.0.0.1:65536/dev']]) {
    const port = /(\d+)(\/dev)?$/.exec(args[1])![1]
    assert.deepEqual(await rsql([...args, '-c', 'select 1']), { stdout: '', stderr: `rsql: error: invalid port number: "${port}"\n`, code: 2 }, args.join(' '))
  }
  writeFileSync(join(project.root, 'port.sql'), '\\c - - - 70000\n\\echo not reached\n')
  assert.deepEqual(await rsql(['-D', 'here', '-f', 'port.sql']), { stdout: '', stderr: 'rsql:port.sql:1: error: \\connect: invalid port number: "70000"\n', code: 2 })
  const pset = await rsql(['-P', 'bogus', '-c', 'select 1'])
  assert.deepEqual([pset.stderr, pset.code], ['rsql: error: \\pset: unknown option: bogus\nrsql: error: could not set printing parameter "bogus"\n', 1])
})

test('-d takes a connection string as psql\'s; an unknown host reads as libpq says it; -L warns that no log is written', async () => {
  const r = await rsql(['-d', `host=127.0.0.1 port=${port} user=awsuser dbname=postgres`, '-At', '-c', 'select current_database(), current_user'])
  assert.deepEqual([r.stdout, r.code], ['postgres|awsuser\n', 0])
  const unknown = await rsql(['-h', 'nosuchhost.invalid', '-p', '5432', '-c', 'select 1'])
  assert.equal(unknown.code, 2)
  assert.match(unknown.stderr, /^rsql: error: could not translate host name "nosuchhost\.invalid" to address: (Name or service not known|Temporary failure in name resolution)\n$/)
  const logged = await rsql(['-h', '127.0.0.1', '-p', String(port), '-L', 'session.log', '-At', '-c', 'select 1'])
  assert.deepEqual([logged.stdout, logged.stderr, logged.code], ['1\n', 'rsql: warning: --log-file is not supported: no session log is written to "session.log"\n', 0])
})

test('rsqlflow rsql passes every option through to rsql', async () => {
  const rsqlflow = fileURLToPath(new URL('../../bin/rsqlflow.js', import.meta.url))
  const r = await rsql(['rsql', '-t', '-A', '-c', 'select 40 + 2', '-c', '\\exit 9'], '', {}, rsqlflow)
  assert.equal(r.stdout, '42\n')
  assert.equal(r.code, 9)
  assert.match((await rsql(['rsql', '--version'], '', {}, rsqlflow)).stdout, /^rsql \(rsqlflow\)/)
})

test('inside a project, SQL speaks Redshift: COPY from s3:// reads the project\'s object store', async () => {
  const dir = join(project.root, 'etl')
  mkdirSync(join(dir, '.rsqlflow', 'objects', 'data'), { recursive: true })
  writeFileSync(join(dir, 'rsqlflow.json'), '{ "name": "etl" }\n')
  writeFileSync(join(dir, '.rsqlflow', 'objects', 'data', 'nation.tbl'), '1|ALGERIA\n2|ARGENTINA\n')
  const r = await rsql(['-h', '127.0.0.1', '-p', String(port), '-U', 'awsuser', '-q',
    '-c', 'create table nation (n_nationkey int, n_name text);',
    '-c', "copy nation from 's3://data/nation.tbl' iam_role 'arn:aws:iam::123456789012:role/load' delimiter '|';",
    '-c', 'select n_name, len(n_name) from nation order by 1'], '', {}, bin, dir)
  assert.equal(r.stdout, '  n_name   | len \n-----------+-----\n ALGERIA   |   7\n ARGENTINA |   9\n(2 rows)\n\n')
  assert.equal(r.code, 0)
  // the data of COPY … FROM STDIN (and \copy … from stdin) in the script reaches the server through the dialect
  writeFileSync(join(dir, 'load.sql'), 'create temp table region (r int, name text);\ncopy region from stdin;\n1\tAFRICA\n2\tAMERICA\n\\.\n\\copy region from stdin\n3\tASIA\n\\.\nselect count(*) from region;\n')
  const load = await rsql(['-h', '127.0.0.1', '-p', String(port), '-U', 'awsuser', '-q', '-t', '-A', '-f', 'load.sql'], '', {}, bin, dir)
  assert.equal(load.stderr, '')
  assert.equal(load.stdout, '3\n')
})

test('a reader that goes away (rsql … | head -1) ends rsql quietly with 141, as SIGPIPE ends psql', async () => {
  const r = await new Promise<{ stderr: string; code: number | null }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '-D', 'here', '-c', 'select generate_series(1, 1000000)'], { cwd: project.root, env: { ...process.env, ODBCINI: join(project.root, 'odbc.ini') } })
    let stderr = ''
    child.stderr.on('data', d => { stderr += d })
    child.stdout.once('data', () => child.stdout.destroy()) // the read end closes after the first chunk
    child.on('error', reject)
    child.on('close', code => resolve({ stderr, code }))
  })
  assert.equal(r.stderr, '')
  assert.equal(r.code, 141)
})

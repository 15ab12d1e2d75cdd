// Interpreter behaviour beyond the spec's examples: errors, exit codes, status variables, \gset,
// FETCH_COUNT, \i / \ir / \o, sessions — against a real local warehouse.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Collect, rsql, tempProject } from './helpers.ts'
import { runScript } from '../../src/rsql/index.ts'

const project = tempProject()
const t = project.target
before(async () => {
  const r = await rsql(t, "create table nums as select g as n from generate_series(1, 5) g;\ncreate role etl_user login password 'secret';\ncreate database other;\n")
  assert.equal(r.stderr, '')
})
after(() => project.cleanup())

test('status variables after success and failure; LAST_ERROR_MESSAGE stays until the next error', async () => {
  const r = await rsql(t, `\\echo :ERRORCODE :ACTIVITYCOUNT :ERRORLEVEL
select * from nums;
\\echo :ERROR :ERRORCODE :SQLSTATE :ROW_COUNT :ACTIVITYCOUNT
update nums set n = n where n < 3;
\\echo :ROW_COUNT :ACTIVITYCOUNT
select 1/0;
\\echo :ERROR :ERRORCODE :ROW_COUNT :ACTIVITYCOUNT :LAST_ERROR_SQLSTATE :ERRORLEVEL
create temp table x (a int);
\\echo :ERROR :ERRORCODE :ACTIVITYCOUNT :'LAST_ERROR_MESSAGE'
`)
  const lines = r.stdout.split('\n').filter(l => !/^[ (-]|^$|^ n|^CREATE|^UPDATE/.test(l) && !/^\s*\d+$/.test(l))
  assert.deepEqual(lines, ['00000 0 0', 'false 00000 00000 5 5', '2 2', 'true 22012 0 0 22012 8', "false 00000 0 'division by zero'"])
})

test('ON_ERROR_STOP ends the run with exit code 3 at the failing statement', async () => {
  const r = await rsql(t, '\\set ON_ERROR_STOP on\nselect 1 as a;\nselect * from missing;\n\\echo not reached\n', { name: 'stop.sql' })
  assert.equal(r.exitCode, 3)
  assert.doesNotMatch(r.stdout, /not reached/)
  assert.match(r.stderr, /^rsql:stop\.sql:3: ERROR: {2}relation "missing" does not exist/)
})

test('ON_ERROR_STOP also stops at a failing meta-command; without it the script goes on', async () => {
  const stop = await rsql(t, '\\bogus\n\\echo after\n', { variables: { ON_ERROR_STOP: '1' }, name: 'm.sql' })
  assert.equal(stop.exitCode, 3)
  assert.equal(stop.stderr, 'rsql:m.sql:1: error: invalid command \\bogus\n')
  const go = await rsql(t, '\\bogus\n\\echo after\n')
  assert.equal(go.exitCode, 0)
  assert.equal(go.stdout, 'after\n')
})

test('special variables validate on assignment', async () => {
  const r = await rsql(t, '\\set ON_ERROR_STOP banana\n\\set FETCH_COUNT x\n\\rset maxerror banana\n\\echo :ON_ERROR_STOP\n', { name: 'v.sql' })
  assert.equal(r.stderr, [
    'rsql:v.sql:1: error: unrecognized value "banana" for "ON_ERROR_STOP": Boolean expected',
    'rsql:v.sql:2: error: invalid value "x" for "FETCH_COUNT": integer expected',
    'rsql:v.sql:3: error: \\rset: invalid value "banana" for "MAXERROR": integer expected', ''].join('\n'))
  assert.equal(r.stdout, 'off\n')
})

test('MAXERROR: an error above it exits with its severity; errorlevel maps SQLSTATEs', async () => {
  const r = await rsql(t, '\\rset maxerror 7\nselect 1/0;\n\\echo no\n')
  assert.equal(r.exitCode, 8)
  assert.equal(r.stdout, 'Maxerror is 7.\n')
  const mapped = await rsql(t, '\\rset maxerror 3\n\\rset errorlevel 22012 severity 2\n\\rset errorlevel (42P01, 42703) severity 0\nselect 1/0;\nselect * from nope;\n\\echo :ERRORLEVEL\n')
  assert.equal(mapped.exitCode, 0)
  assert.match(mapped.stdout, /^Maxerror is 3\.\nErrorlevel is on\.\nErrorlevel is on\.\n2\n$/)
  const cls = await rsql(t, '\\rset maxerror 3\n\\rset errorlevel 42 severity 4\nselect * from nope;\n\\echo no\n')
  assert.equal(cls.exitCode, 4)
  // a severity is an exit code: 256 would reach the shell as 0, a success
  const wide = await rsql(t, '\\rset maxerror 7\n\\rset errorlevel 42P01 severity 256\nselect * from nope;\n', { name: 'w.sql' })
  assert.equal(wide.exitCode, 8)
  assert.match(wide.stderr, /^rsql:w\.sql:2: error: \\rset: invalid value "256" for "severity": integer from 0 to 255 expected\n/)
})

test('\\goto: a missing label is an error naming the \\goto line; a backward jump is refused', async () => {
  const missing = await rsql(t, '\\echo a\n\\goto NOWHERE\n\\echo b\n', { name: 'g.sql' })
  assert.equal(missing.exitCode, 1)
  assert.equal(missing.stdout, 'a\n')
  assert.equal(missing.stderr, 'rsql:g.sql:2: error: \\goto: label "NOWHERE" not found\n')
  const back = await rsql(t, '\\label top\n\\goto TOP\n\\echo went on\n', { name: 'b.sql' })
  assert.equal(back.stdout, 'went on\n')
  assert.equal(back.stderr, 'rsql:b.sql:2: error: \\goto: label "TOP" is before the \\goto; a \\goto jumps forward only\n')
})

test('\\if structure errors read like psql\'s', async () => {
  const r = await rsql(t, '\\else\n\\endif\n\\if true\n\\else\n\\elseif true\n\\else\n\\endif\n\\if false\n', { name: 'c.sql' })
  assert.equal(r.stderr, [
    'rsql:c.sql:1: error: \\else: no matching \\if',
    'rsql:c.sql:2: error: \\endif: no matching \\if',
    'rsql:c.sql:5: error: \\elseif: cannot occur after \\else',
    'rsql:c.sql:6: error: \\else: cannot occur after \\else',
    'rsql:c.sql:8: error: reached EOF without finding closing \\endif(s)', ''].join('\n'))
})

test('inactive branches neither run nor interpolate, nested blocks stay balanced', async () => {
  const r = await rsql(t, `\\set x 1
\\if false
  select 1/0;
  \\echo :x
  \\if true
    \\echo inner
  \\endif
\\elif :x = 1
  \\echo elif-taken :x
\\else
  \\echo else
\\endif
`)
  assert.equal(r.stdout, 'elif-taken 1\n')
  assert.equal(r.stderr, '')
})

test('\\gset stores columns (with a prefix); NULL unsets; zero or many rows are errors', async () => {
  const r = await rsql(t, `select 1 as a, 'x y' as b \\gset
\\echo :a :b
select 2 as a \\gset p_
\\echo :p_a
select null as a \\gset
\\echo :a
select n from nums where n > 10 \\gset
select n from nums \\gset
`, { name: 'gs.sql' })
  assert.equal(r.stdout, '1 x y\n2\n:a\n')
  assert.equal(r.stderr, 'rsql:gs.sql:7: error: no rows returned for \\gset\nrsql:gs.sql:8: error: more than one row returned for \\gset\n')
})

test('FETCH_COUNT fetches through a cursor in batches; the footer counts every row', async () => {
  const r = await rsql(t, '\\set FETCH_COUNT 2\nselect n from nums order by n;\n\\echo :ACTIVITYCOUNT\n')
  assert.equal(r.stdout, ' n \n---\n 1\n 2\n 3\n 4\n 5\n(5 rows)\n\n5\n')
  const plain = await rsql(t, 'select n from nums order by n;\n')
  assert.equal(plain.stdout, ' n \n---\n 1\n 2\n 3\n 4\n 5\n(5 rows)\n\n')
})

test('\\i is relative to the working folder, \\ir to the including file; unreadable files are named', async () => {
  const dir = join(project.root, 'inc')
  mkdirSync(join(dir, 'sub'), { recursive: true })
  writeFileSync(join(dir, 'sub', 'child.sql'), '\\echo child :x\n\\ir grandchild.sql\n')
  writeFileSync(join(dir, 'sub', 'grandchild.sql'), '\\echo grandchild\n')
  const r = await rsql(t, '\\set x 7\n\\i sub/child.sql\n\\i nope.sql\n\\echo done\n', { cwd: dir, name: 'main.sql' })
  assert.equal(r.stdout, 'child 7\ngrandchild\ndone\n')
  assert.equal(r.stderr, 'rsql:main.sql:3: error: nope.sql: No such file or directory\n')
  // as psql's fgets loads taken as C strings: a NUL drops the rest of its line, and the newline with it
  writeFileSync(join(dir, 'nul.sql'), '\\echo a\0b\n\\echo c\nselect 1\0x;\n as n;\n')
  const nul = await rsql(t, '\\i nul.sql\n', { cwd: dir })
  assert.equal(nul.stdout, 'a\nc\n n \n---\n 1\n(1 row)\n\n')
  // a file that includes itself stops at 100 levels with a message, not a stack overflow
  writeFileSync(join(dir, 'self.sql'), '\\echo in\n\\i self.sql\n')
  const self = await rsql(t, '\\i self.sql\n\\echo out\n', { cwd: dir, name: 'top.sql' })
  assert.equal(self.stdout, 'in\n'.repeat(99) + 'out\n') // top.sql is the first level
  assert.equal(self.stderr, 'rsql:self.sql:2: error: self.sql: files nested too deeply (more than 100 levels of \\i, \\ir and \\run)\n')
  assert.equal(self.exitCode, 0)
})

test('\\o sends query results to a file while \\echo stays on stdout', async () => {
  const file = join(project.root, 'out.txt')
  const r = await rsql(t, `\\o ${file}\nselect 1 as one;\n\\echo console\n\\qecho to-file\n\\o\nselect 2 as two;\n`)
  assert.equal(r.stdout, 'console\n two \n-----\n   2\n(1 row)\n\n')
  assert.equal(readFileSync(file, 'utf8'), ' one \n-----\n   1\n(1 row)\n\nto-file\n')
})

test('\\c and \\logon switch sessions and keep DBNAME / USER in step', async () => {
  const r = await rsql(t, "\\c other\n\\echo :DBNAME\n\\logon - etl_user - - secret\nselect current_user, current_database();\n\\c dev awsuser\n\\echo :DBNAME :USER\n")
  assert.equal(r.stdout, 'You are now connected to database "other" as user "awsuser".\nother\nYou are now connected to database "other" as user "etl_user".\n current_user | current_database \n--------------+------------------\n etl_user     | other\n(1 row)\n\nYou are now connected to database "dev" as user "awsuser".\ndev awsuser\n')
})

test('a failed \\c leaves the script without a connection, as psql does outside interactive mode', async () => {
  const r = await rsql(t, '\\logon - etl_user - - wrong\nselect 1;\n', { name: 'c.sql' })
  assert.match(r.stderr, /^rsql:c\.sql:1: error: connection to server at "127\.0\.0\.1", port \d+ failed: FATAL: {2}password authentication failed for user "etl_user"\nrsql:c\.sql:2: error: You are currently not connected to a database\.\n$/)
})

test('a server asking for a password that was not given says so, as libpq does', async () => {
  const r = await rsql(t, '\\c - etl_user\n', { name: 'np.sql' })
  assert.match(r.stderr, /^rsql:np\.sql:1: error: \\connect: connection to server at "127\.0\.0\.1", port \d+ failed: fe_sendauth: no password supplied\n$/)
})

test('-v variables interpolate in SQL as :name, :\'name\' and :"name"', async () => {
  const r = await rsql(t, 'select :n as n, :\'s\' as s, 1 as :"col";\n', { variables: { n: '42', s: "it's", col: 'My Col' } })
  assert.equal(r.stdout, ' n  |  s   | My Col \n----+------+--------\n 42 | it\'s |      1\n(1 row)\n\n')
})

test('scripts run concurrently in one process without mixing their output', async () => {
  const runs = await Promise.all([1, 2, 3, 4].map(i => rsql(t, `\\set me ${i}\nselect pg_sleep(0.05);\n\\echo run :me\nselect :me as me;\n\\exit :me\n`)))
  runs.forEach((r, k) => {
    assert.equal(r.exitCode, k + 1)
    assert.match(r.stdout, new RegExp(`run ${k + 1}\\n me \\n----\\n  ${k + 1}\\n`))
  })
})

test('runScript writes whole lines to callbacks and resolves with the last error', async () => {
  const out: string[] = []
  const err: string[] = []
  const r = await runScript({ source: "\\echo one\nselect * from missing_table;\n\\echo two\n", name: 'cb.sql', target: t, stdout: l => out.push(l), stderr: l => err.push(l) })
  assert.deepEqual(out, ['one', 'two'])
  assert.equal(err[0], 'rsql:cb.sql:2: ERROR:  relation "missing_table" does not exist')
  assert.deepEqual(r.lastError, { code: '42P01', message: 'relation "missing_table" does not exist' })
  assert.equal(r.exitCode, 0)
})

test('notices go to stderr with the script position; \\timing prints a time per statement', async () => {
  const stderr = new Collect()
  const stdout = new Collect()
  await runScript({ source: "do $$ begin raise notice 'hello'; end $$;\n\\timing on\nselect 1 as x;\n", name: 'n.sql', target: t, stdout, stderr })
  assert.equal(stderr.text, 'rsql:n.sql:1: NOTICE:  hello\n')
  assert.match(stdout.text, /^DO\nTiming is on\.\n x \n---\n 1\n\(1 row\)\n\nTime: \d+\.\d{3} ms( \(\d\d:\d\d\.\d{3}\))?\n$/)
})

test('CSV data ending with \\. loads: the line is not sent (psql 15 sends it, and PostgreSQL 18 refuses it in CSV)', async () => {
  const r = await rsql(t, 'create temp table csv_in (a int, b text);\ncopy csv_in from stdin with (format csv);\n1,"one, two"\n\\.\n\\copy csv_in from stdin csv\n2,three\n\\.\nselect b from csv_in order by a;\n')
  assert.equal(r.stderr, '')
  assert.equal(r.stdout, 'CREATE TABLE\nCOPY 1\nCOPY 1\n    b     \n----------\n one, two\n three\n(2 rows)\n\n')
})

test('a backtick\'s output has no size limit', async () => {
  const r = await rsql(t, '\\set x `head -c 2000000 /dev/zero | tr "\\\\0" a`\nselect length(:\'x\');\n')
  assert.equal(r.stderr, '')
  assert.match(r.stdout, /^ 2000000$/m)
})

test('\\copy to a program that stops reading: the data is dropped, said once, and the \\copy fails', async () => {
  // more data than the program's stdin (a socket of ~200 KiB) holds: a write waits there until the program
  // is gone, then fails; small data could land in the buffer before the program exits, and be lost silently
  const r = await rsql(t, "\\copy (select g, repeat('x', 100000) from generate_series(1, 13) g) to program 'exit 0'\n\\set ON_ERROR_STOP on\n\\copy (select repeat('x', 1000000)) to program 'true'\n\\echo not reached\n", { name: 'pipe.sql' })
  assert.equal(r.stdout, 'COPY 13\nCOPY 1\n')
  assert.equal(r.stderr, 'rsql:pipe.sql:1: error: could not write COPY data: Broken pipe\nrsql:pipe.sql:3: error: could not write COPY data: Broken pipe\n')
  assert.equal(r.exitCode, 3)
})

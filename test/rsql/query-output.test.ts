// `\g FILE`, `\g |command` and `\o |command` through the library entry (stdout a stream of the caller's):
// a command's output comes back to the run's stdout, in order, against a real local warehouse.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { runScript } from '../../src/rsql/index.ts'
import { Collect, rsql, tempProject } from './helpers.ts'

const project = tempProject()
const t = project.target
after(() => project.cleanup())

test('\\g FILE and \\gx FILE write the rows there (relative to cwd, ~ in HOME); a command tag goes to stdout', async () => {
  const cwd = mkdtempSync(join(project.root, 'g-'))
  const r = await rsql(t, `select 1 as a \\g out.txt
select 2 as b \\gx ~/x.txt
create temp table g (a int);
insert into g values (1) \\g ins.txt
copy (select 4) to stdout \\g copy.txt
`, { cwd, env: { HOME: cwd } })
  assert.equal(r.stderr, '')
  assert.equal(r.stdout, 'CREATE TABLE\nINSERT 0 1\nCOPY 1\n')
  assert.equal(readFileSync(join(cwd, 'out.txt'), 'utf8'), ' a \n---\n 1\n(1 row)\n\n')
  assert.equal(readFileSync(join(cwd, 'x.txt'), 'utf8'), '-[ RECORD 1 ]\nb | 2\n\n')
  assert.equal(readFileSync(join(cwd, 'copy.txt'), 'utf8'), '4\n')
  assert.equal(existsSync(join(cwd, 'ins.txt')), false)
})

test('a \\g file that cannot be opened fails the statement (it ran); ON_ERROR_STOP exits 3', async () => {
  const script = `create temp sequence s;
select nextval('s') \\g nosuch/x
\\echo :ERROR
select currval('s');
`
  const r = await rsql(t, script, { cwd: project.root })
  assert.equal(r.stderr, 'rsql:test.sql:2: error: nosuch/x: No such file or directory\n')
  assert.match(r.stdout, /^CREATE SEQUENCE\nfalse\n currval \n-+\n +1\n/)
  const stopped = await rsql(t, script, { cwd: project.root, variables: { ON_ERROR_STOP: '1' } })
  assert.equal(stopped.exitCode, 3)
  assert.equal(stopped.stdout, 'CREATE SEQUENCE\n')
})

test('\\g |command and \\o |command: the output piped through sh, waited for in order', async () => {
  const r = await rsql(t, `select 5 as five \\g |tr a-z A-Z
\\echo between
\\o |sed s/1/X/
select 1 as one;
\\qecho q1
\\o
\\echo after
\\o |cat
select 2 as two;
`, { cwd: project.root })
  assert.equal(r.stderr, '')
  assert.equal(r.stdout, ' FIVE \n------\n    5\n(1 ROW)\n\nbetween\n one \n-----\n   X\n(X row)\n\nqX\nafter\n two \n-----\n   2\n(1 row)\n\n')
})

test('COPY … TO STDOUT into a slow stdout: the rows wait for it (backpressure), all of them in order', async () => {
  // a destination that takes a block per 2 ms: without backpressure the whole COPY would queue in front of it
  let behind = 0
  let text = ''
  const stdout = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _enc, done) {
      behind = Math.max(behind, stdout.writableLength)
      text += chunk.toString()
      setTimeout(done, 2)
    },
  })
  const stderr = new Collect()
  const rows = 100_000
  const r = await runScript({ source: `copy (select g, repeat('x', 60) from generate_series(1, ${rows}) g) to stdout;\n\\echo done\n`, name: 'slow.sql', target: t, stdout, stderr })
  assert.equal(stderr.text, '')
  assert.equal(r.exitCode, 0)
  const lines = text.split('\n')
  assert.equal(lines.length, rows + 2)
  assert.equal(lines[rows - 1], `${rows}\t${'x'.repeat(60)}`)
  assert.equal(lines[rows], 'done')
  assert.ok(behind < 1 << 20, `${behind} bytes queued in front of stdout (of ~${(rows * 67) >> 20} MB)`)
})

// The loop runs a repeated plain meta-command line as read (meta-line.ts); these scripts hit that path
// and check it acts as the general one: values read anew on every use, inactive branches, \goto, and
// each error left to the general path with its message and exit code. No warehouse: meta-commands only.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { run, textSource } from '../../src/rsql/index.ts'
import { metaLine } from '../../src/rsql/meta-line.ts'
import { Collect } from './helpers.ts'

async function script(text: string, variables: Record<string, string> = {}) {
  const stdout = new Collect()
  const stderr = new Collect()
  const r = await run({ sources: [textSource(text, 'm.sql', '/')], stdout, stderr, cwd: '/', env: {}, variables: Object.entries(variables) })
  return { out: stdout.text, err: stderr.text, code: r.exitCode }
}

test('which lines are read once: one command alone on its line; \\if only with plain arguments', () => {
  for (const line of ['\\if :ERROR <> 0', '  \\exit 1', '\\endif', '\\echo done :x', "\\remark 'job failed'", '\\echo `date`']) {
    assert.ok(metaLine(line), line)
  }
  for (const line of ["\\if :x = 'a'", '\\if `date`', '\\echo a \\\\ \\echo b', "\\echo 'a\\nb'", '\\endif extra', '\\bogus', '\\elseif true', '\\label l', 'select 1;', '\\;', '\\if a:b', '\\if :', "\\echo 'open", '\\echo `open']) {
    assert.equal(metaLine(line), null, line)
  }
})

test('the same \\if line sees each new value of its variable', async () => {
  const check = '\\if :x = 1\n\\echo one\n\\else\n\\echo other :x\n\\endif\n'
  const r = await script(`\\set x 1\n${check}\\set x 2\n${check}\\unset x\n${check}\\set x 1\n${check}`)
  assert.equal(r.out, 'one\nother 2\nother :x\none\n')
  // unset, the reference stays as written: the general path reports it and takes the \else branch
  assert.equal(r.err, 'rsql:m.sql:14: error: variable "x" is not defined\n')
})

test('inactive branches skip commands (backticks unread, an open quote reported as psql does) and keep nested blocks balanced', async () => {
  const r = await script("\\if false\n\\echo no\n\\remark 'unterminated\n\\echo `exit 9`\n\\if :x = 1\n\\exit 5\n\\endif\n\\exit 4\n\\else\n\\echo yes\n\\endif\n\\echo end\n", { x: '1' })
  assert.deepEqual(r, { out: 'yes\nend\n', err: 'rsql:m.sql:3: error: unterminated quoted string\n', code: 0 })
})

test('a \\goto skips prepared lines up to its label, and an \\exit in a taken branch ends the run', async () => {
  const r = await script('\\goto on\n\\if :x = 1\n\\echo skipped\n\\endif\n\\label on\n\\if :x = 1\n\\exit 7\n\\endif\n\\echo not reached\n', { x: '1' })
  assert.deepEqual(r, { out: '\\label on processed\n', err: '', code: 7 })
})

test('errors go the general way: messages name the line, ON_ERROR_STOP applies', async () => {
  const r = await script('\\endif\n\\else\n\\if :nothing = 1\n\\echo ran\n\\endif\n\\echo after\n')
  assert.equal(r.err, [
    'rsql:m.sql:1: error: \\endif: no matching \\if',
    'rsql:m.sql:2: error: \\else: no matching \\if',
    'rsql:m.sql:3: error: variable "nothing" is not defined',
  ].join('\n') + '\n')
  assert.equal(r.out, 'after\n')
  const stop = await script('\\if :nothing = 1\n\\endif\n\\echo not reached\n', { ON_ERROR_STOP: 'on' })
  assert.equal(stop.code, 3)
  assert.equal(stop.out, '')
  // a lone value is psql's boolean: an unset one is psql's unrecognized value, the branch not taken, the run goes on
  const lone = await script('\\if :nothing\n\\echo ran\n\\endif\n\\echo after\n', { ON_ERROR_STOP: 'on' })
  assert.deepEqual(lone, { out: 'after\n', err: 'rsql:m.sql:1: error: unrecognized value ":nothing" for "\\if expression": Boolean expected\n', code: 0 })
})

test('after \\else a second \\else is refused by the general path', async () => {
  const r = await script('\\if true\n\\else\n\\else\n\\endif\n\\echo end\n')
  assert.equal(r.err, 'rsql:m.sql:3: error: \\else: cannot occur after \\else\n')
  assert.equal(r.out, 'end\n')
})

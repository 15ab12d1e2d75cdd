// \copy's ends through the library's run(): rsql's stdin given as a stream (pstdin), none given, and the
// terminal (a source asked for more lines). The differential suite compares the command line with psql.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { Collect, tempProject } from '../helpers.ts'
import { run, textSource, type Source } from '../../../src/rsql/index.ts'
import { connect } from '../../../src/warehouse/index.ts'

const project = tempProject('rsqlflow-copy-run-')
after(() => project.cleanup())

async function runWith(sources: Source[], stdin?: Readable | Source) {
  const stdout = new Collect()
  const stderr = new Collect()
  const r = await run({ sources, open: () => connect(project.target, 'rsql'), stdout, stderr, cwd: project.root, env: {}, stdin })
  return { stdout: stdout.text, stderr: stderr.text, exitCode: r.exitCode }
}

const script = (text: string) => textSource(text, 'copy.sql', project.root)

test('pstdin reads the stream given, each \\copy up to \\. or its end; the script\'s own lines stay script', async () => {
  const r = await runWith([script('create temp table t (a int, b text);\n\\copy t from pstdin\n\\copy t (a) from pstdin\n\\copy t from pstdin\nselect count(*) as n from t;\n')],
    Readable.from(['1\tone\n2\ttw', 'o\n\\.\n3\n\\.\n']))
  assert.equal(r.stderr, '')
  assert.equal(r.stdout, 'CREATE TABLE\nCOPY 2\nCOPY 1\nCOPY 0\n n \n---\n 3\n(1 row)\n\n')
})

test('without a stdin, pstdin is empty; pstdout is the output even under \\o', async () => {
  const r = await runWith([script("create temp table t (a int);\n\\copy t from pstdin\n\\o /dev/null\n\\copy (select 42) to pstdout\n")])
  assert.equal(r.stdout, 'CREATE TABLE\nCOPY 0\n42\n')
})

test('from stdin on the terminal: psql\'s words, the data asked for with >> up to \\., then commands again', async () => {
  const typed = ['\\copy t from stdin', '5\tfive', '\\.', 'select b from t;']
  const prompts: (string | undefined)[] = []
  const terminal: Source = {
    name: '<stdin>', lines: [], firstLine: 1, dir: project.root, command: true,
    more: async prompt => { prompts.push(prompt); return typed.shift() },
  }
  const r = await runWith([script('create temp table t (a int, b text);\n'), terminal], terminal)
  assert.equal(r.stderr, '')
  assert.equal(r.stdout, 'CREATE TABLE\nEnter data to be copied followed by a newline.\nEnd with a backslash and a period on a line by itself, or an EOF signal.\nCOPY 1\n  b   \n------\n five\n(1 row)\n\n')
  assert.deepEqual(prompts, [undefined, '>> ', '>> ', undefined, undefined])
})

test('pstdin on a terminal (a -f script run there): the same words and >> before each line', async () => {
  const tty = Object.assign(Readable.from(['7\tseven\n', '\\.\n']), { isTTY: true })
  const r = await runWith([script('create temp table t (a int, b text);\n\\copy t from pstdin\n')], tty)
  assert.equal(r.stderr, '')
  assert.equal(r.stdout, 'CREATE TABLE\nEnter data to be copied followed by a newline.\nEnd with a backslash and a period on a line by itself, or an EOF signal.\n>> >> COPY 1\n')
})

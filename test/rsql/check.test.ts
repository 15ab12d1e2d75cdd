import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkEncoding, checkScript } from '../../src/rsql/check.ts'

const messages = (text: string) => checkScript(text).map(p => `${p.line}: ${p.message}`)

test('a clean script has no problems, quotes and comments included', () => {
  assert.deepEqual(messages("select ';\\\\bogus';\n/* \\nope\n*/\nselect $$ \\x $$;\n\\IF :ERROR <> 0\n  \\GOTO fail\n\\ELSEIF 1 = 1\n\\ELSE\n\\ENDIF\n\\label FAIL\n\\exit 1\n"), [])
})

test('\\if structure: dangling \\else / \\elseif / \\endif and unclosed blocks', () => {
  assert.deepEqual(messages('\\else\n\\if x\n\\else\n\\else\n\\elif y\n\\endif\n\\endif\n\\if a\n\\if b\n\\endif\n'), [
    '1: \\else: no matching \\if',
    '4: \\else: cannot occur after \\else',
    '5: \\elif: cannot occur after \\else',
    '7: \\endif: no matching \\if',
    '8: reached end of script without \\endif',
  ])
})

test('\\goto: to a missing label, to an earlier label; labels ignore case', () => {
  assert.deepEqual(messages('\\label start\n\\goto START\n\\goto nowhere\n\\goto later\n\\label LATER\n\\goto\n'), [
    '2: \\goto: label "START" is before the \\goto; a \\goto jumps forward only',
    '3: \\goto: label "NOWHERE" not found',
    '6: \\goto: missing required argument',
  ])
})

test('unknown meta-commands and unterminated quotes, with the line they start on', () => {
  assert.deepEqual(messages("\\echo ok\n\\frobnicate\nselect 'open\nstill open\n"), ['2: invalid command \\frobnicate', '3: unterminated quoted string, comment or dollar quote'])
  assert.deepEqual(messages("\\echo 'open\n"), ['1: unterminated quoted string'])
})

test('\\df, \\dp, \\z and \\dx are known commands; \\dfx is not one (as in psql 15)', () => {
  assert.deepEqual(messages('\\df+ f int -\n\\dfa\n\\dp t\n\\z\n\\dx+ plpgsql\n\\dfx\n'), ['6: invalid command \\dfx'])
  // a letter after \d that psql 15 does not dispatch is no command either; \dT, \drds, \dconfig are (rsql does not run them)
  assert.deepEqual(messages('\\dZ\n\\dq x\n\\dT\n\\drds\n\\dconfig\n\\dS+\n'), ['1: invalid command \\dZ', '2: invalid command \\dq'])
})

test('COPY … FROM STDIN data lines up to \\. are data, not script', () => {
  assert.deepEqual(checkScript('copy t from stdin;\n1\t\\N\n\\.\n\\bogus\n').map(p => [p.line, p.message]), [[4, 'invalid command \\bogus']])
  assert.deepEqual(checkScript("copy t (a) from stdin; select 'x';\n\\N\n"), [])
})

test('\\copy … from stdin data lines up to \\. are data too; from a file or pstdin they are not', () => {
  assert.deepEqual(messages('\\copy t from stdin with csv\n\\N,"a\\b"\n\\.\n\\bogus\n'), ['4: invalid command \\bogus'])
  assert.deepEqual(messages('\\copy t (a) FROM STDIN\n\\nope\n'), [])
  assert.deepEqual(messages("\\copy t from 'f.csv'\n\\nope\n"), ['2: invalid command \\nope'])
  assert.deepEqual(messages('\\copy t from pstdin\n\\nope\n'), ['2: invalid command \\nope'])
})

test('\\w and \\write are known commands; a |command is one argument', () => {
  assert.deepEqual(messages("\\w out.sql\n\\write |cat 'x\n\\w\n"), [])
})

test('\\sf[+] and \\sv[+] are known commands, taking the whole line; \\sfS is no command (as in psql 15)', () => {
  assert.deepEqual(messages("\\sf+ f(int, 'x\n\\sv v\n\\sf\n\\sv+ \"V\"\n\\sfS f\n"), ['5: invalid command \\sfS'])
})

test('\\crosstabview and \\gdesc are known commands', () => {
  assert.deepEqual(messages('select 1, 2, 3 \\crosstabview\n\\crosstabview v h "D" 4\nselect 1 \\gdesc\n\\gdesc\n'), [])
})

test('given the script\'s place, \\i and \\run read from the working folder, \\ir from the script\'s; paths with variables wait for the run', () => {
  const root = mkdtempSync(join(tmpdir(), 'rsql-check-'))
  try {
    mkdirSync(join(root, 'sub'))
    writeFileSync(join(root, 'here.sql'), '')
    writeFileSync(join(root, 'sub', 'near.sql'), '')
    const script = '\\i here.sql\n\\i near.sql\n\\ir near.sql\n\\ir here.sql\n\\run file=here.sql skip=1\n\\RUN FILE=gone.sql\n\\i :dir/x.sql\n\\i sub\n'
    assert.deepEqual(checkScript(script, { cwd: root, dir: join(root, 'sub') }).map(p => `${p.line}: ${p.message}`), [
      '2: near.sql: No such file or directory',
      '4: here.sql: No such file or directory',
      '6: gone.sql: No such file or directory',
      '8: sub: Is a directory',
    ])
    assert.deepEqual(checkScript(script), [])
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
})

test('invalid UTF-8 is reported per line as the server words it, with the bytes of the first bad sequence', () => {
  const bytes = Buffer.concat([Buffer.from('select 1;\nselect \xe2\x82\xac;\nselect '), Buffer.from([0xe2, 0x28, 0xa1, 0x0a, 0xff, 0x0a, 0xc0, 0xaf, 0xed, 0xa0, 0x80])])
  assert.deepEqual(checkEncoding(bytes).map(p => `${p.line}: ${p.message}`), [
    '3: invalid byte sequence for encoding "UTF8": 0xe2 0x28 0xa1',
    '4: invalid byte sequence for encoding "UTF8": 0xff',
    '5: invalid byte sequence for encoding "UTF8": 0xc0 0xaf',
  ])
})

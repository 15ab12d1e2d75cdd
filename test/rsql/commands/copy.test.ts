// \copy's line split as psql's parse_slash_copy splits it; a program's end told as psql's wait_result_to_str.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { copyStatement, parseSlashCopy, type SlashCopy } from '../../../src/rsql/commands/copy-parse.ts'
import { exitReason } from '../../../src/rsql/commands/copy-program.ts'

test('a table or a query, FROM or TO, a file (quoted, with doubled quotes) or standard output, then the options as written', () => {
  assert.deepEqual(parseSlashCopy("t from 'in.csv' with (format csv)"), { target: ' t', from: true, end: { kind: 'file', path: 'in.csv' }, rest: 'with (format csv)' })
  assert.deepEqual(parseSlashCopy(`"My T" (a, b) FROM 'it''s.csv' csv header`), { target: ' "My T" ( a, b )', from: true, end: { kind: 'file', path: "it's.csv" }, rest: 'csv header' })
  assert.deepEqual(parseSlashCopy("(select ')' as x, f(1)) to stdout"), { target: " ( select ')' as x, f ( 1 ) )", from: false, end: { kind: 'stdio' }, rest: '' })
  assert.deepEqual(parseSlashCopy('s.t to out.csv'), { target: ' s.t', from: false, end: { kind: 'file', path: 'out.csv' }, rest: '' })
  assert.deepEqual(parseSlashCopy("s.t to 'stdout'"), { target: ' s.t', from: false, end: { kind: 'file', path: 'stdout' }, rest: '' }, 'a quoted name is a file')
})

test('the COPY sent is psql\'s, its spaces included', () => {
  const sql = (line: string) => copyStatement(parseSlashCopy(line) as SlashCopy)
  assert.equal(sql('t (a,b) from stdin with (format text)'), 'COPY  t ( a,b ) FROM STDIN with (format text)')
  assert.equal(sql('(select 1) to stdout'), 'COPY  ( select 1 ) TO STDOUT ')
  assert.equal(sql("t to program 'cat'  csv"), 'COPY  t TO STDOUT  csv')
})

test('stdin and pstdin, stdout and pstdout, a quoted program', () => {
  assert.deepEqual(parseSlashCopy('t (a) from STDIN with csv'), { target: ' t ( a )', from: true, end: { kind: 'stdio' }, rest: 'with csv' })
  assert.deepEqual(parseSlashCopy('t from pstdin'), { target: ' t', from: true, end: { kind: 'pstdio' }, rest: '' })
  assert.deepEqual(parseSlashCopy('t to Pstdout csv'), { target: ' t', from: false, end: { kind: 'pstdio' }, rest: 'csv' })
  assert.deepEqual(parseSlashCopy("t to program 'gzip > ''a b''.gz' csv"), { target: ' t', from: false, end: { kind: 'program', command: "gzip > 'a b'.gz" }, rest: 'csv' })
  assert.deepEqual(parseSlashCopy("t from PROGRAM 'printf 1'"), { target: ' t', from: true, end: { kind: 'program', command: 'printf 1' }, rest: '' })
})

test('what psql cannot read is said as psql says it', () => {
  assert.equal(parseSlashCopy(''), '\\copy: arguments required')
  assert.equal(parseSlashCopy('t'), '\\copy: parse error at end of line')
  assert.equal(parseSlashCopy('(select 1'), '\\copy: parse error at end of line')
  assert.equal(parseSlashCopy('t from program'), '\\copy: parse error at end of line')
  assert.equal(parseSlashCopy('t from program gzip'), '\\copy: parse error at "gzip"')
  assert.equal(parseSlashCopy('t into x'), '\\copy: parse error at "into"')
})

test('a program\'s end in psql\'s words', () => {
  assert.equal(exitReason(0, null), undefined)
  assert.equal(exitReason(3, null), 'child process exited with exit code 3')
  assert.equal(exitReason(126, null), 'command not executable')
  assert.equal(exitReason(127, null), 'command not found')
  assert.equal(exitReason(null, 'SIGKILL'), 'child process was terminated by signal 9: Killed')
  assert.equal(exitReason(null, 'SIGTERM'), 'child process was terminated by signal 15: Terminated')
})

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ArgReader, readCommandName } from '../../src/rsql/args.ts'

const vars: Record<string, string> = { name: 'World', q: "it's" }
function reader(line: string, active = true, warnings: string[] = []) {
  const { end } = readCommandName(line, 1)
  return new ArgReader(line, end, {
    active: () => active,
    lookup: (n, quote) => (vars[n] === undefined ? undefined : quote === 'literal' ? `'${vars[n].replace(/'/g, "''")}'` : vars[n]),
    backtick: cmd => `<${cmd}>`,
    warn: m => warnings.push(m),
  })
}

test('command names end at whitespace or a backslash', () => {
  assert.deepEqual(readCommandName('\\echo hi', 1), { name: 'echo', end: 5 })
  assert.deepEqual(readCommandName('\\x\\echo', 1), { name: 'x', end: 2 })
})

test("arguments: whitespace separated, 'quoted' with escapes, \"double quotes\" kept, variables", () => {
  assert.deepEqual(reader("\\echo a 'b c' 'it''s\\n' \"x y\" :name :'q' :nope").all(), ['a', 'b c', "it's\n", '"x y"', 'World', "'it''s'", ':nope'])
})

test('an argument ends at a backslash; \\\\ ends the command', () => {
  const r = reader('\\echo a\\nb')
  assert.deepEqual(r.all(), ['a'])
  const s = reader('\\echo x \\\\ select 1;')
  assert.deepEqual(s.all(), ['x'])
  s.end()
  assert.equal(s.line.slice(s.pos), ' select 1;')
})

test('inactive: arguments are read but nothing is interpolated or run', () => {
  assert.deepEqual(reader('\\echo :name `date`', false).all(), [':name', 'date']) // the command kept as written, as psql's
  assert.deepEqual(reader('\\echo `date`', true).all(), ['<date>'])
})

test('octal and hex escapes, and an unterminated quote is reported and its argument dropped (as psql)', () => {
  const warnings: string[] = []
  assert.deepEqual(reader("\\echo '\\101\\x42' 'open", true, warnings).all(), ['AB'])
  assert.deepEqual(warnings, ['unterminated quoted string'])
})

test('an escape is a byte, as psql\'s: a high one alone is kept as a byte, those that make UTF-8 together are its character', () => {
  assert.deepEqual(reader("\\echo '\\351' '\\xe9x' '\\303\\251' '\\u' '\\501'").all(), ['\udce9', '\udce9x', 'é', 'u', 'A'])
})

test('quoted flag: only wholly single-quoted arguments count as quoted', () => {
  const r = reader("\\if 'a' = x'b'")
  assert.deepEqual(r.allArgs(), [{ value: 'a', quoted: true, quoting: true }, { value: '=', quoted: false, quoting: false }, { value: 'xb', quoted: false, quoting: true }])
})

test('sqlid arguments are lower-cased unless double-quoted', () => {
  assert.equal(reader('\\c MyDb').next('sqlid'), 'mydb')
  assert.equal(reader('\\c "MyDb"').next('sqlid'), 'MyDb')
})

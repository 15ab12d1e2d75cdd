import { test } from 'node:test'
import assert from 'node:assert/strict'
import { escapeProblem, newScanState, quoteLiteral, scan, setLine, type ScanResult, type VariableLookup } from '../../src/rsql/lexer.ts'

/** Feeds lines as the loop does; returns the statements and the meta-command starts it stopped at. */
function split(text: string, lookup: VariableLookup = () => undefined): { statements: string[]; stops: ScanResult[] } {
  const state = newScanState()
  const buf = { text: '' }
  const statements: string[] = []
  const stops: ScanResult[] = []
  for (const line of text.split('\n')) {
    if (buf.text.length > 0) buf.text += '\n'
    setLine(state, line)
    for (;;) {
      const r = scan(state, buf, lookup)
      stops.push(r)
      if (r === 'semicolon') { statements.push(buf.text); buf.text = ''; continue }
      if (r === 'backslash') { statements.push(buf.text); buf.text = ''; state.pos = line.length; continue }
      break
    }
  }
  if (buf.text.trim()) statements.push(buf.text)
  return { statements, stops }
}

test('statements end at semicolons outside quotes, comments and parentheses', () => {
  const { statements } = split("select 1; select 'a;b', \"x;y\";\nselect (1;2);\n/* c; */ select 3;")
  assert.deepEqual(statements, ['select 1;', "select 'a;b', \"x;y\";", 'select (1;2);', '/* c; */ select 3;'])
})

test('a CREATE FUNCTION/PROCEDURE body in BEGIN … END (CASE … END inside) is one statement, as psql lexes it', () => {
  const body = 'create or replace function f(a int) returns int language sql\nbegin atomic\n  select case when a > 0 then 1 else 2 end;\n  select 3;\nend;'
  assert.deepEqual(split(`${body}\nselect 4;`).statements, [body, 'select 4;'])
  const proc = 'CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC insert into t values (1); END;'
  assert.deepEqual(split(`${proc} select 5;`).statements, [proc, 'select 5;'])
  // elsewhere BEGIN and END are words like others; parentheses, strings and E'' prefixes do not count
  assert.deepEqual(split('begin; select 1 as begin; end;').statements, ['begin;', 'select 1 as begin;', 'end;'])
  assert.deepEqual(split("create table begin_t (begin int); select 'create function begin';").statements,
    ['create table begin_t (begin int);', "select 'create function begin';"])
  assert.deepEqual(split("create function g() returns text language sql return E'begin';\nselect 6;").statements,
    ["create function g() returns text language sql return E'begin';", 'select 6;'])
  // the body's state carries from line to line, and an open body leaves the statement incomplete
  assert.deepEqual(split('create function h() returns int language sql begin atomic\nselect 7;').stops.slice(0, 2), ['incomplete', 'incomplete'])
})

test('leading whitespace and -- comments before a statement are dropped; later ones are kept', () => {
  const { statements } = split('  -- heading\n  select 1 -- trailing\n  , 2;')
  assert.deepEqual(statements, ['select 1 -- trailing\n  , 2;'])
})

test('quotes, dollar quotes and nested comments continue across lines', () => {
  const { statements, stops } = split("select 'a\n;b';\ndo $body$ begin\n perform 1; end $body$;\nselect /* a /* b; */ ; */ 1;")
  assert.deepEqual(statements, ["select 'a\n;b';", 'do $body$ begin\n perform 1; end $body$;', 'select /* a /* b; */ ; */ 1;'])
  assert.equal(stops[0], 'incomplete')
})

test("E'' strings honour backslash escapes, standard strings do not", () => {
  assert.deepEqual(split("select E'it\\'s;'; select 'a\\'; select 2;").statements, ["select E'it\\'s;';", "select 'a\\';", 'select 2;'])
})

test('a backslash outside quotes stops the scan for a meta-command; \\; is a literal semicolon', () => {
  const { statements, stops } = split('select 1 \\gset\nselect 2 \\; select 3;')
  assert.equal(stops[0], 'backslash')
  assert.deepEqual(statements, ['select 1 ', 'select 2 ; select 3;'])
})

test('variables interpolate as :name, :\'name\', :"name", :{?name}; casts and unknown names stay', () => {
  const vars: Record<string, string> = { t: 'my table', v: "O'Brien", n: '5' }
  const lookup: VariableLookup = (name, quote) => {
    if (quote === 'defined') return name in vars ? 'TRUE' : 'FALSE'
    const v = vars[name]
    if (v === undefined) return undefined
    return quote === 'literal' ? quoteLiteral(v) : quote === 'identifier' ? `"${v}"` : v
  }
  const { statements } = split("select :n::int, :'v', :\"t\", :missing, ':n', :{?n}, :{?zz};", lookup)
  assert.deepEqual(statements, [`select 5::int, 'O''Brien', "my table", :missing, ':n', TRUE, FALSE;`])
})

test('a :name value is read as input: its semicolons, quotes and references count, its own name is left with a warning', () => {
  const vars: Record<string, string> = { two: 'select 1; select 2', open: "'a;", b: ':a + 1', a: '7', me: 'x :me', cm: '1 -- c', c: ':' }
  const lookup: VariableLookup = (name, quote) => quote === 'plain' ? vars[name] : undefined
  const warnings: string[] = []
  const state = newScanState()
  const buf = { text: '' }
  const statements: string[] = []
  setLine(state, ":two; select :open'; select :b, :me; select :cm, 2; select :c:a;")
  while (scan(state, buf, lookup, w => warnings.push(w)) === 'semicolon') { statements.push(buf.text); buf.text = '' }
  // a value's -- comment ends with the value; its last colon does not join the text after it
  assert.deepEqual(statements, ['select 1;', 'select 2;', "select 'a;';", 'select 7 + 1, x :me;', 'select 1 -- c, 2;', 'select :7;'])
  assert.deepEqual(warnings, ['skipping recursive expansion of variable "me"'])
})

test('a literal with a backslash is quoted as an E string, as PQescapeLiteral does', () => {
  assert.equal(quoteLiteral('a\\b'), " E'a\\\\b'")
})

test('escapeProblem: libpq refuses to quote a value that is not UTF-8 from its first high byte on', () => {
  assert.equal(escapeProblem('café 漢字'), undefined)
  assert.equal(escapeProblem('caf\udce9'), 'incomplete multibyte character') // 0xE9 starts 3 bytes
  assert.equal(escapeProblem('\udce9ab'), 'invalid multibyte character')
  assert.equal(escapeProblem('é\udce9'), 'invalid multibyte character') // the first high byte starts a whole character
  assert.equal(escapeProblem('x\udc80'), 'invalid multibyte character') // a continuation byte counts as one
  assert.equal(escapeProblem('\udcc3\udca9'), undefined) // bytes that make UTF-8 together
})

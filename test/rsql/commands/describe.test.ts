// psql's name patterns as WHERE conditions (expected texts are psql 15's, read with `psql -E`), and which
// describe commands rsql lists rather than refuses.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { patternConditions, type NamePattern } from '../../../src/rsql/commands/pattern.ts'
import { isDescribe } from '../../../src/rsql/commands/describe.ts'
import { findCommand } from '../../../src/rsql/commands/index.ts'

const relations: NamePattern = { schemaVar: 'n.nspname', nameVar: 'c.relname', visibility: 'pg_catalog.pg_table_is_visible(c.oid)', haveWhere: true, maxParts: 3 }
const schemas: NamePattern = { nameVar: 'n.nspname', haveWhere: false, maxParts: 2 }
const roles: NamePattern = { nameVar: 'r.rolname', haveWhere: false, maxParts: 1 }
const cond = (pattern: string | null, p: NamePattern) => patternConditions(pattern, p, 'dev', 180000)
const C = ' COLLATE pg_catalog.default'

test('a relation pattern becomes anchored regexes on name and schema', () => {
  assert.deepEqual(cond(null, relations), { sql: '  AND pg_catalog.pg_table_is_visible(c.oid)\n' })
  assert.deepEqual(cond('dsc.*', relations), { sql: `  AND n.nspname OPERATOR(pg_catalog.~) '^(dsc)$'${C}\n` })
  assert.deepEqual(cond('ns.t?', relations), {
    sql: `  AND c.relname OPERATOR(pg_catalog.~) '^(t.)$'${C}\n  AND n.nspname OPERATOR(pg_catalog.~) '^(ns)$'${C}\n`,
  })
  assert.deepEqual(cond('pg_cl*', relations), {
    sql: `  AND c.relname OPERATOR(pg_catalog.~) '^(pg_cl.*)$'${C}\n  AND pg_catalog.pg_table_is_visible(c.oid)\n`,
  })
})

test('quotes keep case and make regex characters literal; unquoted letters are lower-cased', () => {
  assert.deepEqual(cond('"Foo"', relations), {
    sql: `  AND c.relname OPERATOR(pg_catalog.~) '^(Foo)$'${C}\n  AND pg_catalog.pg_table_is_visible(c.oid)\n`,
  })
  assert.deepEqual(cond('FOO', relations), {
    sql: `  AND c.relname OPERATOR(pg_catalog.~) '^(foo)$'${C}\n  AND pg_catalog.pg_table_is_visible(c.oid)\n`,
  })
  assert.deepEqual(cond('"A.B"', relations), {
    sql: `  AND c.relname OPERATOR(pg_catalog.~) E'^(A\\\\.B)$'${C}\n  AND pg_catalog.pg_table_is_visible(c.oid)\n`,
  })
  assert.deepEqual(cond('"a""b".x$', relations), {
    sql: `  AND c.relname OPERATOR(pg_catalog.~) E'^(x\\\\$)$'${C}\n  AND n.nspname OPERATOR(pg_catalog.~) '^(a"b)$'${C}\n`,
  })
})

test('a type pattern matches the internal or the external name (psql\'s altnamevar)', () => {
  const types: NamePattern = { schemaVar: 'nt0.nspname', nameVar: 't0.typname', altNameVar: 'pg_catalog.format_type(t0.oid, NULL)', visibility: 'pg_catalog.pg_type_is_visible(t0.oid)', haveWhere: true, maxParts: 3 }
  assert.deepEqual(cond('integer[]', types), {
    sql: `  AND (t0.typname OPERATOR(pg_catalog.~) E'^(integer\\\\[])$'${C}\n        OR pg_catalog.format_type(t0.oid, NULL) OPERATOR(pg_catalog.~) E'^(integer\\\\[])$'${C})\n` +
      '  AND pg_catalog.pg_type_is_visible(t0.oid)\n',
  })
  assert.deepEqual(cond('pg_catalog.*', types), { sql: `  AND nt0.nspname OPERATOR(pg_catalog.~) '^(pg_catalog)$'${C}\n` })
})

test('too many dots, or another database, is an error naming the pattern', () => {
  assert.deepEqual(cond('a.b.c.d', relations), { error: 'improper qualified name (too many dotted names): a.b.c.d' })
  assert.deepEqual(cond('x.y.z', relations), { error: 'cross-database references are not implemented: x.y.z' })
  assert.ok('sql' in cond('dev.dsc.t*', relations))
  assert.deepEqual(cond('dev.dsc', schemas), { error: 'cross-database references are not implemented: dev.dsc' })
  assert.deepEqual(cond('a.b', roles), { error: 'improper qualified name (too many dotted names): a.b' })
  assert.deepEqual(cond('x', roles), { sql: `WHERE r.rolname OPERATOR(pg_catalog.~) '^(x)$'${C}\n` })
})

test('the list forms and \\d NAME run; the other describe commands stay unsupported', () => {
  for (const name of ['d', 'dS+', 'dt', 'dtS+', 'dtv', 'di+', 'ds', 'dm', 'dn+', 'dnS', 'du', 'dg+', 'l', 'l+', 'list']) {
    assert.ok(isDescribe(name), name)
  }
  for (const name of ['df', 'dp', 'dE', 'dx', 'lS', 'sv']) assert.ok(!isDescribe(name), name)
  assert.equal(findCommand('dE')?.wholeLine, true)
  assert.equal(findCommand('dt')?.wholeLine, undefined)
})

test('\\df with psql 15\'s letters, any \\dp… and \\dx…, and \\z as written are commands; \\dfx, \\zS are not', () => {
  for (const name of ['df', 'dfS+', 'dfa', 'dfn', 'dfp', 'dft', 'dfw', 'dfpt+', 'dfnx', 'dp', 'dpS', 'dp+x', 'z', 'dx', 'dx+', 'dxS', 'dx+S']) {
    const entry = findCommand(name)
    assert.ok(entry, name)
    assert.equal(entry.wholeLine, undefined, name)
  }
  for (const name of ['dfx', 'dfA', 'zS', 'z+']) assert.equal(findCommand(name), undefined, name)
})

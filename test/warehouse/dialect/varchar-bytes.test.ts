// VARCHAR(n) holds n bytes, as in Redshift, not n characters as in Postgres. Redshift's SQL reference, Character
// types: "a VARCHAR(12) column can contain 12 single-byte characters, 6 two-byte characters, 4 three-byte
// characters, or 3 four-byte characters"; a longer string is an error "unless the extra characters are all
// spaces"; the error reads "value too long for type character(20)" (Examples with character types).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { connect, type WarehouseError } from '../../../src/warehouse/index.ts'
import { harness } from './harness.ts'

const h = harness('varchar-bytes')
const tooLong = (n: number) => (e: unknown) => {
  const err = e as WarehouseError
  assert.equal(err.code, '22001')
  assert.equal(err.message, `value too long for type character varying(${n})`)
  return true
}

test('VARCHAR(12) takes 12 one-byte, 6 two-byte, 4 three-byte or 3 four-byte characters, and no more', async () => {
  await h.run('create table vb (id int, s varchar(12))')
  await h.run(`insert into vb values (1, '${'a'.repeat(12)}'), (2, '${'é'.repeat(6)}'), (3, '${'€'.repeat(4)}'), (4, '${'😀'.repeat(3)}')`)
  for (const s of ['é'.repeat(7), '€'.repeat(5), '😀'.repeat(4), 'a'.repeat(11) + 'é']) {
    await assert.rejects(h.run(`insert into vb values (9, '${s}')`), tooLong(12), s)
  }
  await assert.rejects(h.run(`update vb set s = s || 'é' where id = 2`), tooLong(12))
  assert.deepEqual(await h.rows('select id, octet_length(s) from vb order by id'), [['1', '12'], ['2', '12'], ['3', '12'], ['4', '12']])
})

test('extra characters that are all spaces are not an error', async () => {
  await h.run(`insert into vb values (5, '${'é'.repeat(6)}   ')`)
  assert.equal((await h.rows('select count(*) from vb where id = 5'))[0][0], '1')
})

test('the limit follows ALTER COLUMN TYPE, ADD COLUMN, CREATE TABLE LIKE and CREATE TABLE AS', async () => {
  await h.run('alter table vb alter column s type varchar(14)')
  await h.run(`insert into vb values (6, '${'é'.repeat(7)}')`)
  await assert.rejects(h.run(`insert into vb values (9, '${'é'.repeat(8)}')`), tooLong(14))
  await h.run('alter table vb add column t varchar(2)')
  await h.run("insert into vb values (7, 'x', 'é')")
  await assert.rejects(h.run("insert into vb values (9, 'x', 'éé')"), tooLong(2))
  await h.run('create table vb_like (like vb)')
  await assert.rejects(h.run("insert into vb_like values (9, 'x', 'éé')"), tooLong(2))
  await h.run('create table vb_as as select id, t from vb')
  await assert.rejects(h.run("insert into vb_as values (9, 'éé')"), tooLong(2))
})

test('tables created by a client not using the dialect (another application on a postgres target) are left alone', async () => {
  await h.session()
  const plain = await connect({ type: 'local', dir: join(h.root, 'warehouse') })
  try {
    await plain.query(`create table not_redshift (s varchar(2)); insert into not_redshift values ('éé')`)
    const [r] = await plain.query("select count(*) from pg_constraint where conrelid = 'not_redshift'::regclass")
    assert.equal(r.rows[0][0], '0')
  } finally {
    await plain.close()
  }
})

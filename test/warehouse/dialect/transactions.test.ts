// Transactions on the local warehouse as Redshift runs them: each transaction works on a snapshot taken at its
// first statement, and one that would overwrite rows a concurrent transaction changed fails instead.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { rewriteStatement } from '../../../src/warehouse/dialect/rewrite.ts'
import type { WarehouseError } from '../../../src/warehouse/index.ts'
import { localWarehouse, type RedshiftRunner } from './local-warehouse.ts'

const open = localWarehouse()
let s1: RedshiftRunner, s2: RedshiftRunner
before(async () => {
  s1 = await open()
  s2 = await open()
})

const serializationFailure = (e: unknown) => (e as WarehouseError).code === '40001'

// Redshift's isolation levels (Database Developer Guide, "Isolation levels in Amazon Redshift"): SERIALIZABLE
// and SNAPSHOT are both serializable isolation levels, SNAPSHOT being the default for new provisioned clusters
// (AWS What's New, 2024-05-22) and for Serverless; concurrent modifications to different rows of a table
// succeed, to the same rows they do not (What's New, 2022-05-17). A delete-then-insert upsert run twice at once
// must not leave a key twice, as READ COMMITTED does (the second DELETE waits, then finds the row gone, and
// does not see the one the first inserted).
test('two concurrent delete-then-insert upserts of one key: the second fails with 40001, the key stays once', async () => {
  await s1.run('create table upsert_target (id int primary key, v varchar(10))')
  await s1.run("insert into upsert_target values (1, 'old')")
  // both read first, as the sample's merge scripts do: their snapshots are taken before either writes
  for (const s of [s1, s2]) {
    await s.run('begin')
    assert.equal(await s.value('select count(*) from upsert_target'), '1')
  }
  await s1.run('delete from upsert_target where id = 1')
  // waits for s1's row lock, or runs after its commit; its failure is kept as soon as it comes
  const second = s2.run('delete from upsert_target where id = 1').then(() => 'deleted', (e: unknown) => e)
  await s1.run("insert into upsert_target values (1, 'first')")
  await s1.run('commit')
  const outcome = await second
  await s2.run('rollback')
  assert.ok(serializationFailure(outcome), String(outcome))
  assert.deepEqual(await s1.run('select id, v from upsert_target order by id'), [['1', 'first']])
})

test('a transaction reads the snapshot of its first statement, not rows committed after it', async () => {
  await s1.run('create table snapshot_reads (id int)')
  await s1.run('begin')
  assert.equal(await s1.value('select count(*) from snapshot_reads'), '0')
  await s2.run('insert into snapshot_reads values (1)')
  assert.equal(await s1.value('select count(*) from snapshot_reads'), '0')
  await s1.run('commit')
  assert.equal(await s1.value('select count(*) from snapshot_reads'), '1')
})

// BEGIN (SQL reference): "READ UNCOMMITTED, READ COMMITTED, and REPEATABLE READ have no operational impact and
// map to SERIALIZABLE in Amazon Redshift": the database's isolation level applies whatever BEGIN names.
test('BEGIN … ISOLATION LEVEL READ COMMITTED keeps the database\'s isolation', async () => {
  for (const begin of ['begin isolation level read committed', 'start transaction isolation level read uncommitted read write', 'begin transaction isolation level repeatable read']) {
    await s1.run(begin)
    assert.equal(await s1.value('show transaction_isolation'), 'repeatable read', begin)
    await s1.run('rollback')
  }
  assert.equal(rewriteStatement('begin read write, isolation level serializable'), 'begin read write')
  assert.equal(rewriteStatement('start transaction isolation level read committed, read only'), 'start transaction  read only')
  assert.equal(rewriteStatement('select isolation, level from t'), 'select isolation, level from t')
})

test('a database whose own default_transaction_isolation is serializable keeps it', async () => {
  await s1.run('create database serializable_db')
  await s1.run("alter database serializable_db set default_transaction_isolation to 'serializable'")
  const s3 = await open('serializable_db')
  await s3.run('begin')
  assert.equal(await s3.value('show transaction_isolation'), 'serializable')
  await s3.run('rollback')
})

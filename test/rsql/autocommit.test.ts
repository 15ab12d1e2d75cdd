import { test } from 'node:test'
import assert from 'node:assert/strict'
import { commandNoBegin } from '../../src/rsql/autocommit.ts'

test('AUTOCOMMIT off: the statements psql never wraps in an implicit BEGIN', () => {
  for (const sql of ['BEGIN', ' commit', '-- c\nEND;', '/* x */ rollback', 'abort', 'start transaction', 'PREPARE TRANSACTION \'t\'',
    'vacuum t', 'VACUUM', 'cluster', 'alter system set x = 1', 'discard all', 'reindex database d', 'reindex table concurrently t',
    'create database d', 'drop tablespace s', 'create index concurrently i on t (a)', 'create unique index concurrently i on t (a)', 'drop index concurrently i']) {
    assert.equal(commandNoBegin(sql), true, sql)
  }
  for (const sql of ['select 1', 'insert into t values (1)', 'prepare p as select 1', 'cluster t', 'create index i on t (a)',
    'create table database (a int)', 'drop table t', 'discard plans', 'savepoint s', 'alter table t add c int', 'copy t from stdin']) {
    assert.equal(commandNoBegin(sql), false, sql)
  }
})

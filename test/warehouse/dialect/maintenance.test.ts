// VACUUM, ANALYZE and MERGE: the rewrite in pairs, then on the local warehouse.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { ensureRedshiftCompat, rewriteStatement } from '../../../src/warehouse/dialect/rewrite.ts'
import { connect, WarehouseError } from '../../../src/warehouse/index.ts'
import { localWarehouse, type RedshiftRunner } from './local-warehouse.ts'

const pairs: [string, string][] = [
  ['VACUUM;', 'VACUUM'],
  ['vacuum full sales', 'VACUUM FULL sales'],
  ['vacuum sort only public.sales to 75 percent', 'VACUUM public.sales'],
  ['vacuum delete only sales to 100 percent boost', 'VACUUM sales'],
  ['vacuum reindex sales', 'VACUUM sales'],
  ['vacuum to 50 percent', 'VACUUM'],
  ['vacuum (verbose) sales', 'vacuum (verbose) sales'],
  ['ANALYZE VERBOSE;', 'ANALYZE VERBOSE'],
  ['analyze sales predicate columns', 'ANALYZE sales'],
  ['analyze sales (a, b) all columns', 'ANALYZE sales (a, b)'],
  ['analyze compression', 'SELECT * FROM redshift.analyze_compression(NULL, NULL)'],
  ['analyze compression s.sales (qty) comprows 1000', "SELECT * FROM redshift.analyze_compression('s.sales', ARRAY['qty']::text[])"],
  ['merge into t using s on t.id = s.id remove duplicates;',
    'WITH __rsqlflow_removed AS (DELETE FROM t USING s WHERE t.id = s.id) INSERT INTO t SELECT * FROM s'],
  ['merge into t using s on t.id = s.id when matched then update set v = s.v when not matched then insert values (s.id, s.v)',
    'merge into t using s on t.id = s.id when matched then update set v = s.v when not matched then insert values (s.id, s.v)'],
]

test('rewrites: before → after', () => {
  for (const [before, after] of pairs) assert.equal(rewriteStatement(before), after, before)
})

test('malformed forms fail with 42601 at the offending word', () => {
  const fails = (sql: string, message: RegExp, position: number) => assert.throws(() => rewriteStatement(sql), (e: unknown) =>
    e instanceof WarehouseError && e.code === '42601' && message.test(e.message) && e.position === position, sql)
  fails('vacuum sort sales', /expected SORT ONLY/, 13)
  fails('vacuum sales to 150 percent', /TO n PERCENT with n from 0 to 100/, 14)
  fails('analyze sales sideways', /syntax error at or near "sideways"/, 15)
})

let rs: RedshiftRunner
const open = localWarehouse()
before(async () => {
  rs = await open()
  await rs.run('create table sales (id int, region varchar(10) encode zstd, qty int, sold date) compound sortkey(sold)')
  await rs.run("insert into sales select g, 'r' || (g % 3), g * 2, date '2024-01-01' + g from generate_series(1, 50) g")
  await rs.run('delete from sales where id > 40')
})

test('every VACUUM and ANALYZE form runs; VACUUM inside a transaction block fails as in Redshift (25001)', async () => {
  for (const sql of ['vacuum', 'vacuum full sales', 'vacuum sort only sales', 'vacuum delete only sales to 90 percent boost', 'vacuum reindex sales',
    'analyze', 'analyze sales predicate columns', 'analyze sales (qty) all columns']) {
    await rs.run(sql)
  }
  const info: string[] = []
  await rs.session.query(rewriteStatement('analyze verbose sales'), { onNotice: n => info.push(n.message) })
  assert.ok(info.some(m => /analyzing "public\.sales"/.test(m)), info.join('\n'))
  assert.equal(await rs.value("select stats_off from svv_table_info where \"table\" = 'sales'"), '0.00')
  await rs.run('begin')
  await assert.rejects(rs.run('vacuum sales'), (e: unknown) => (e as WarehouseError).code === '25001' && /VACUUM cannot run inside a transaction block/.test((e as Error).message))
  await rs.run('rollback')
})

test('ANALYZE COMPRESSION answers with Redshift columns and an encoding per column', async () => {
  const [r] = await rs.session.query(rewriteStatement('analyze compression sales'))
  assert.deepEqual(r.fields.map(f => f.name), ['Table', 'Column', 'Encoding', 'Est_reduction_pct'])
  assert.deepEqual(r.rows.map(row => row.slice(0, 3)), [['sales', 'id', 'az64'], ['sales', 'region', 'zstd'], ['sales', 'qty', 'az64'], ['sales', 'sold', 'raw']])
  assert.deepEqual(await rs.run('analyze compression sales (qty)'), [['sales', 'qty', 'az64', null]])
})

test('MERGE REMOVE DUPLICATES replaces matches (duplicates too) and inserts the rest; full MERGE passes through', async () => {
  await rs.run('create table target (id int, v text)')
  await rs.run("insert into target values (1, 'old'), (1, 'old dup'), (2, 'keep')")
  await rs.run('create table source (id int, v text)')
  await rs.run("insert into source values (1, 'new'), (3, 'added')")
  await rs.run('merge into target using source on target.id = source.id remove duplicates')
  assert.deepEqual(await rs.run('select id, v from target order by id'), [['1', 'new'], ['2', 'keep'], ['3', 'added']])
  await rs.run("insert into source values (2, 'changed')")
  await rs.run('merge into target t using source s on t.id = s.id when matched then update set v = s.v when not matched then insert values (s.id, s.v)')
  assert.deepEqual(await rs.run('select id, v from target order by id'), [['1', 'new'], ['2', 'changed'], ['3', 'added']])
})

test('the compatibility schema installs once when several sessions start on a fresh database at the same time', async () => {
  await rs.run('create database fresh')
  const sessions = await Promise.all([open('fresh'), open('fresh'), open('fresh')])
  for (const r of sessions) assert.equal(await r.value("select datediff(day, '2024-01-01', '2024-03-01')"), '60')
  assert.equal(await sessions[0].value("select count(*) from pg_event_trigger where evtname like 'rsqlflow_%'"), '3')
})

test('a role that may not create the schema still runs plain SQL (the Redshift functions are then missing)', async () => {
  await rs.run('create database locked')
  await rs.run("create role etl_reader login password 'pw'")
  const admin = await open('locked')
  await admin.run('drop schema redshift cascade')
  await admin.run('revoke create on database locked from public')
  const { host, port } = admin.session.info
  const reader = await connect({ type: 'postgres', host, port, database: 'locked', user: 'etl_reader', password: 'pw' })
  try {
    await ensureRedshiftCompat(reader)
    assert.deepEqual((await reader.query('select 1'))[0].rows, [['1']])
    await assert.rejects(reader.query("select len('x')"), (e: unknown) => (e as WarehouseError).code === '42883')
  } finally { await reader.close() }
})

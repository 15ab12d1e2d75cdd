import { test } from 'node:test'
import assert from 'node:assert/strict'
import { WarehouseError } from '../../../src/warehouse/index.ts'
import { harness } from './harness.ts'

const h = harness('loaderr')
const DATA = '1|ok|2024-01-01|1.5\nx|bad int|2024-01-01|1\n3|this name is far too long|2024-01-01|1\n4|ok|2024-13-01|1\n5|ok|2024-01-01|abc\n|null key|2024-01-01|1\n7|extra|2024-01-01|1|more|cols\n8|ok|2024-01-01|1\n'

test('MAXERROR is exact: N bad rows load with MAXERROR N, fail with MAXERROR N-1', async () => {
  assert.deepEqual((await h.run('select pg_last_copy_count(), pg_last_copy_id()')).results[0].rows, [['0', '-1']]) // before any COPY
  await h.run('create table le (id int not null, name varchar(10), d date, n numeric(5,2))')
  await h.put('le.txt', DATA)
  await assert.rejects(h.run(`copy le from 's3://data/le.txt' maxerror 5`), (e: unknown) => {
    assert.ok(e instanceof WarehouseError)
    assert.equal(e.code, 'XX000')
    assert.equal(e.message, "Load into table 'le' failed.  Check 'stl_load_errors' system table for details.")
    assert.match(e.detail!, /code: {6}1202/)
    return true
  })
  assert.deepEqual(await h.rows('select count(*) from le'), [['0']])
  const { results, notices } = await h.run(`copy le from 's3://data/le.txt' maxerror as 6`)
  assert.equal(results[0].rowCount, '2')
  assert.deepEqual(notices.map(n => n.message), [
    "Load into table 'le' completed, 2 record(s) loaded successfully.",
    "Load into table 'le' completed, 6 record(s) could not be loaded.  Check 'stl_load_errors' system table for details.",
  ])
  assert.deepEqual(await h.rows('select id from le order by id'), [['1'], ['8']])
  assert.deepEqual((await h.run('select pg_last_copy_count()')).results[0].rows, [['2']])
})

test('stl_load_errors holds file, line, column, type, raw line, raw value, code and reason', async () => {
  const rows = await h.rows(`select trim(filename), line_number, trim(colname), trim(type), trim(col_length), trim(raw_line), trim(raw_field_value), err_code, trim(err_reason), query, session = pg_backend_pid(), tbl = 'le'::regclass::oid::int
    from redshift.stl_load_errors where query = redshift.pg_last_copy_id() order by line_number`)
  assert.deepEqual(rows.map(r => r.slice(0, 9)), [
    ['s3://data/le.txt', '2', 'id', 'int4', '', 'x|bad int|2024-01-01|1', 'x', '1207', "Invalid digit, Value 'x', Pos 0, Type: Integer"],
    ['s3://data/le.txt', '3', 'name', 'varchar', '10', '3|this name is far too long|2024-01-01|1', 'this name is far too long', '1204', 'String length exceeds DDL length'],
    ['s3://data/le.txt', '4', 'd', 'date', '', '4|ok|2024-13-01|1', '2024-13-01', '1205', "Invalid Date Format - Value '2024-13-01' does not match the DATEFORMAT"],
    ['s3://data/le.txt', '5', 'n', 'numeric', '5,2', '5|ok|2024-01-01|abc', 'abc', '1209', "Invalid decimal, Value 'abc'"],
    ['s3://data/le.txt', '6', 'id', 'int4', '', '|null key|2024-01-01|1', '', '1213', 'Missing data for not-null field'],
    ['s3://data/le.txt', '7', '', '', '', '7|extra|2024-01-01|1|more|cols', '', '1202', 'Extra column(s) found'],
  ])
  assert.ok(rows.every(r => r[10] === 't' && r[11] === 't'))
  // The failed COPY before recorded its rows under its own query id.
  const [[failed]] = await h.rows(`select count(*) from redshift.stl_load_errors where query < redshift.pg_last_copy_id()`)
  assert.equal(failed, '6')
})

test('integer overflow and a numeric too wide for its precision are rejected, not loaded wrong', async () => {
  await h.run('create table ov (a smallint, b bigint, c numeric(4,2))')
  await h.put('ov.txt', '32767|9223372036854775807|99.99\n32768|1|1\n1|9223372036854775808|1\n1|1|100\n-32768|-9223372036854775808|-99.999\n')
  const { results } = await h.run(`copy ov from 's3://data/ov.txt' maxerror 3`)
  assert.equal(results[0].rowCount, '2')
  const codes = await h.rows(`select err_code, trim(colname) from redshift.stl_load_errors where query = redshift.pg_last_copy_id() order by line_number`)
  assert.deepEqual(codes, [['1216', 'a'], ['1216', 'b'], ['1216', 'c']])
})

test('extra decimal places are truncated by default and rounded with ROUNDEC', async () => {
  await h.run('create table dec (n numeric(6,2))')
  await h.put('dec.txt', '1.239\n-0.005\n9999.999\n')
  await h.run(`copy dec from 's3://data/dec.txt'`)
  assert.deepEqual(await h.rows('select n::text from dec'), [['1.23'], ['0.00'], ['9999.99']])
  await h.run('truncate dec')
  await assert.rejects(h.run(`copy dec from 's3://data/dec.txt' roundec`), /failed/)
  await h.run(`copy dec from 's3://data/dec.txt' roundec maxerror 1`)
  assert.deepEqual(await h.rows('select n::text from dec'), [['1.24'], ['-0.01']])
})

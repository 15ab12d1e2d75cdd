import { test } from 'node:test'
import assert from 'node:assert/strict'
import { WarehouseError } from '../../../src/warehouse/index.ts'
import { harness, customerTbl, CUSTOMER_DDL } from './harness.ts'

const h = harness('copy')
const BZIP2 = 'QlpoOTFBWSZTWRHu6nsAAAHJgAAQOAAyxkQEIAAxAAAK2oaDan6oQoXHRmkPSC8Px8XckU4UJAR7up7A'
const ZSTD = 'KLUv/SQa0QAAMXxhbHBoYXwKMnxiZXRhfAozfGdhbW1hfArnQ+l/'

async function fresh(table: string, ddl: string) {
  await h.run(`drop table if exists ${table}; create table ${table} ${ddl}`)
}

test('the reference sample shape: lzop, | with a trailing |, IAM_ROLE and COMPUPDATE PRESET', async () => {
  await h.run(CUSTOMER_DDL)
  await h.put('customer.tbl.lzo', customerTbl(1, 10_000), 'lzop')
  const { results, notices } = await h.run(`COPY customer from 's3://data/customer.tbl.lzo'
iam_role 'arn:aws:iam::123456789012:role/DemoRedshift'
lzop delimiter '|' COMPUPDATE PRESET;`)
  assert.equal(results.length, 1)
  assert.equal(results[0].commandTag, 'COPY')
  assert.equal(results[0].rowCount, '10000')
  assert.deepEqual(notices, [{ severity: 'INFO', message: "Load into table 'customer' completed, 10000 record(s) loaded successfully." }])
  const [[count, keys, comment]] = await h.rows(`select count(*), count(distinct c_custkey), (select c_comment from customer where c_custkey = 7) from customer`)
  assert.equal(count, '10000')
  assert.equal(keys, '10000')
  assert.equal(comment, ' regular, express packages 7 nag carefully') // the leading space is kept
})

test('a key prefix loads every matching object; a missing prefix is named', async () => {
  await fresh('parts', '(id int, name varchar(10))')
  await h.put('parts/part-0001', '1|a\n2|b\n')
  await h.put('parts/part-0002', '3|c\n')
  await h.put('partsother/x', '9|z\n')
  const { results } = await h.run(`copy parts from 's3://data/parts/part-' credentials 'aws_access_key_id=AK;aws_secret_access_key=SK' region 'us-west-2'`)
  assert.equal(results[0].rowCount, '3')
  await assert.rejects(h.run(`copy parts from 's3://data/nothing-here'`), (e: unknown) => {
    assert.ok(e instanceof WarehouseError)
    assert.equal(e.message, "The specified S3 prefix 'nothing-here' does not exist")
    return true
  })
})

test('MANIFEST lists the objects; a missing mandatory entry fails', async () => {
  await fresh('parts', '(id int, name varchar(10))')
  await h.put('m/a.txt', '1|a\n')
  await h.put('m/b.txt', '2|b\n')
  await h.put('m/load.manifest', JSON.stringify({ entries: [{ url: 's3://data/m/a.txt', mandatory: true }, { url: 's3://data/m/b.txt' }, { url: 's3://data/m/gone.txt', mandatory: false }] }))
  const { results } = await h.run(`copy parts from 's3://data/m/load.manifest' access_key_id 'AK' secret_access_key 'SK' session_token 'T' manifest`)
  assert.equal(results[0].rowCount, '2')
  await h.put('m/bad.manifest', JSON.stringify({ entries: [{ url: 's3://data/m/gone.txt', mandatory: true }] }))
  await assert.rejects(h.run(`copy parts from 's3://data/m/bad.manifest' manifest`), /mandatory.*s3:\/\/data\/m\/gone\.txt/)
})

test('GZIP, BZIP2 and ZSTD decode in-process', async () => {
  await fresh('small', '(id int, name varchar(10))')
  await h.put('small.gz', '1|alpha|\n2|beta|\n3|gamma|\n', 'gzip')
  await h.put('small.bz2', Buffer.from(BZIP2, 'base64'))
  await h.put('small.zst', Buffer.from(ZSTD, 'base64'))
  for (const [key, option] of [['small.gz', 'gzip'], ['small.bz2', 'bzip2'], ['small.zst', 'zstd']]) {
    const { results } = await h.run(`copy small from 's3://data/${key}' ${option}`)
    assert.equal(results[0].rowCount, '3', option)
  }
  assert.deepEqual(await h.rows('select name, count(*) from small group by name order by name'), [['alpha', '3'], ['beta', '3'], ['gamma', '3']])
  await assert.rejects(h.run(`copy small from 's3://data/small.bz2' gzip`), /could not read "s3:\/\/data\/small\.bz2" as GZIP/)
})

test('CSV with QUOTE AS, IGNOREHEADER, quoted delimiters, doubled quotes and newlines', async () => {
  await fresh('people', '(id int, name varchar(30), note varchar(30))')
  await h.put('people.csv', 'id,name,note\n1,"Smith, Jane","said ""hi"""\n2,Bob,"two\nlines"\n3,,""\n')
  const { results } = await h.run(`copy people from 's3://data/people.csv' csv ignoreheader 1`)
  assert.equal(results[0].rowCount, '3')
  assert.deepEqual(await h.rows('select id, name, note from people order by id'), [['1', 'Smith, Jane', 'said "hi"'], ['2', 'Bob', 'two\nlines'], ['3', '', '']])
  await fresh('people', '(id int, name varchar(30), note varchar(30))')
  await h.put('people2.csv', "1;'a;b';x\n")
  await h.run(`copy people from 's3://data/people2.csv' csv quote as '''' delimiter ';'`)
  assert.deepEqual(await h.rows('select name from people'), [['a;b']])
})

test('FIXEDWIDTH cuts columns by width', async () => {
  await fresh('fixed', '(id int, code char(3), name varchar(10))')
  await h.put('fixed.txt', '  1ABCalpha     \n 22XYZbeta      \n')
  const { results } = await h.run(`copy fixed from 's3://data/fixed.txt' fixedwidth 'id:3,code:3,name:10' trimblanks`)
  assert.equal(results[0].rowCount, '2')
  assert.deepEqual(await h.rows('select id, code, name from fixed order by id'), [['1', 'ABC', 'alpha'], ['22', 'XYZ', 'beta']])
})

test("JSON 'auto', 'auto ignorecase' and a JSONPaths file", async () => {
  await fresh('events', '(id int, name varchar(20), tags varchar(50), ok boolean)')
  await h.put('events.json', '{"id": 1, "name": "a", "tags": ["x","y"], "ok": true}\n{"id": 2, "name": null}\n{"id":3,\n "name": "multi\\tline", "ok": false}')
  const { results } = await h.run(`copy events from 's3://data/events.json' json 'auto'`)
  assert.equal(results[0].rowCount, '3')
  assert.deepEqual(await h.rows('select id, name, tags, ok from events order by id'), [['1', 'a', '["x","y"]', 't'], ['2', null, null, null], ['3', 'multi\tline', null, 'f']])
  await fresh('events', '(id int, name varchar(20), tags varchar(50), ok boolean)')
  await h.put('events-upper.json', '{"ID": 5, "Name": "up"}')
  await h.run(`copy events from 's3://data/events-upper.json' format as json 'auto ignorecase'`)
  assert.deepEqual(await h.rows('select id, name from events'), [['5', 'up']])
  await fresh('events', '(id int, name varchar(20), tags varchar(50), ok boolean)')
  await h.put('paths.json', JSON.stringify({ jsonpaths: ['$.meta.id', "$['who']", '$.list[1]', '$.flag'] }))
  await h.put('nested.json', '{"meta": {"id": 9}, "who": "nested", "list": ["p", "q"], "flag": "t"}')
  await h.run(`copy events from 's3://data/nested.json' json 's3://data/paths.json'`)
  assert.deepEqual(await h.rows('select id, name, tags, ok from events'), [['9', 'nested', 'q', 't']])
})

test('NULL AS, EMPTYASNULL, BLANKSASNULL, TRIMBLANKS', async () => {
  await fresh('n', '(id int, a varchar(10), b varchar(10), c varchar(10))')
  await h.put('nulls.txt', '1|NULL||   \n2|\\N|x|y  \n')
  await h.run(`copy n from 's3://data/nulls.txt' null as 'NULL' emptyasnull blanksasnull`)
  assert.deepEqual(await h.rows('select id, a, b, c from n order by id'), [['1', null, null, null], ['2', '\\N', 'x', 'y  ']])
  await fresh('n', '(id int, a varchar(10), b varchar(10), c varchar(10))')
  await h.run(`copy n from 's3://data/nulls.txt' trimblanks`)
  assert.deepEqual(await h.rows('select id, a, b, c from n order by id'), [['1', 'NULL', '', ''], ['2', null, 'x', 'y']])
})

test('ACCEPTINVCHARS replaces invalid UTF-8; without it the row is rejected with 1220', async () => {
  await fresh('inv', '(id int, s varchar(10))')
  await h.put('inv.txt', Buffer.concat([Buffer.from('1|ok\n2|a'), Buffer.from([0xff, 0xfe]), Buffer.from('b\n')]))
  await h.run(`copy inv from 's3://data/inv.txt' acceptinvchars as '^'`)
  assert.deepEqual(await h.rows('select s from inv order by id'), [['ok'], ['a^^b']])
  await h.run(`copy inv from 's3://data/inv.txt' acceptinvchars`)
  assert.deepEqual(await h.rows(`select s from inv where id = 2 order by s`), [['a??b'], ['a^^b']])
  await assert.rejects(h.run(`copy inv from 's3://data/inv.txt'`), /Load into table 'inv' failed/)
  const [[code]] = await h.rows(`select err_code from redshift.stl_load_errors where query = redshift.pg_last_copy_id()`)
  assert.equal(code, '1220')
})

test('TRUNCATECOLUMNS cuts to the column length in bytes, never inside a character', async () => {
  await fresh('tr', '(id int, s varchar(4))')
  await h.put('tr.txt', '1|abcdefg\n2|ééé\n')
  await h.run(`copy tr from 's3://data/tr.txt' truncatecolumns`)
  assert.deepEqual(await h.rows('select s from tr order by id'), [['abcd'], ['éé']])
})

test('REMOVEQUOTES and ESCAPE keep delimiters and newlines inside values', async () => {
  await fresh('q', '(id int, s varchar(20))')
  await h.put('q.txt', '1|"a|b"\n2|"plain"\n')
  await h.run(`copy q from 's3://data/q.txt' removequotes`)
  assert.deepEqual(await h.rows('select s from q order by id'), [['a|b'], ['plain']])
  await fresh('q', '(id int, s varchar(20))')
  await h.put('e.txt', '1|a\\|b\n2|line\\\nnext\n3|back\\\\slash\n')
  await h.run(`copy q from 's3://data/e.txt' escape`)
  assert.deepEqual(await h.rows('select s from q order by id'), [['a|b'], ['line\nnext'], ['back\\slash']])
})

test("DATEFORMAT and TIMEFORMAT, including 'auto' and 'epochsecs'; ACCEPTANYDATE", async () => {
  await fresh('d', '(id int, d date, ts timestamp)')
  await h.put('d1.txt', '1|03/15/2024|15.03.2024 13:05:06\n')
  await h.run(`copy d from 's3://data/d1.txt' dateformat 'MM/DD/YYYY' timeformat 'DD.MM.YYYY HH24:MI:SS'`)
  await h.put('d2.txt', '2|2024-03-15|March 15, 2024 1:05 PM\n3|15-Mar-2024|2024-03-15T13:05:06.5\n')
  await h.run(`copy d from 's3://data/d2.txt' dateformat 'auto' timeformat 'auto'`)
  await h.put('d3.txt', '4|2024-03-15|1710507906\n')
  await h.run(`copy d from 's3://data/d3.txt' timeformat 'epochsecs'`)
  assert.deepEqual(await h.rows('select id, d::text, ts::text from d order by id'), [
    ['1', '2024-03-15', '2024-03-15 13:05:06'], ['2', '2024-03-15', '2024-03-15 13:05:00'],
    ['3', '2024-03-15', '2024-03-15 13:05:06.5'], ['4', '2024-03-15', '2024-03-15 13:05:06']])
  await h.put('d4.txt', '5|00/00/0000|garbage\n')
  await assert.rejects(h.run(`copy d from 's3://data/d4.txt' dateformat 'MM/DD/YYYY'`), /failed/)
  await h.run(`copy d from 's3://data/d4.txt' dateformat 'MM/DD/YYYY' acceptanydate`)
  assert.deepEqual(await h.rows('select d, ts from d where id = 5'), [[null, null]])
})

test('FILLRECORD loads short records; without it they are rejected', async () => {
  await fresh('f', '(id int, a varchar(5), b int)')
  await h.put('f.txt', '1|x|2\n2|y\n3\n')
  await assert.rejects(h.run(`copy f from 's3://data/f.txt'`), /failed/)
  await h.run(`copy f from 's3://data/f.txt' fillrecord`)
  assert.deepEqual(await h.rows('select id, a, b from f order by id'), [['1', 'x', '2'], ['2', 'y', null], ['3', '', null]])
})

test('a column list, IGNOREBLANKLINES, identity columns skipped, EXPLICIT_IDS, NOLOAD, STATUPDATE', async () => {
  await fresh('c', '(id int generated by default as identity, a varchar(5), b int)')
  await h.put('c.txt', 'x|1\n\ny|2\n')
  await h.run(`copy c from 's3://data/c.txt' ignoreblanklines statupdate off compupdate on`)
  assert.deepEqual(await h.rows('select id, a, b from c order by id'), [['1', 'x', '1'], ['2', 'y', '2']])
  await h.put('c2.txt', '7|z\n')
  await h.run(`copy c (b, a) from 's3://data/c2.txt'`)
  await h.put('c3.txt', '100|w|5\n')
  await h.run(`copy c from 's3://data/c3.txt' explicit_ids`)
  assert.deepEqual(await h.rows('select id, a, b from c where id > 2 order by id'), [['3', 'z', '7'], ['100', 'w', '5']])
  const { results } = await h.run(`copy c from 's3://data/c.txt' ignoreblanklines noload`)
  assert.equal(results[0].rowCount, '2')
  assert.deepEqual(await h.rows('select count(*) from c'), [['4']])
})

test('COPY in a statement batch with other SQL; an unsupported option is named', async () => {
  await fresh('b', '(id int)')
  await h.put('b.txt', '1\n2\n')
  const { results } = await h.run(`truncate b; copy b from 's3://data/b.txt'; select count(*) from b`)
  assert.deepEqual(results.map(r => r.commandTag), ['TRUNCATE TABLE', 'COPY', 'SELECT 1'])
  assert.deepEqual(results[2].rows, [['2']])
  await assert.rejects(h.run(`copy b from 's3://data/b.txt' shapefile`), (e: unknown) => {
    assert.equal((e as WarehouseError).code, '0A000')
    assert.match((e as Error).message, /COPY format SHAPEFILE is not supported/)
    return true
  })
  await assert.rejects(h.run(`copy b from 's3://data/b.txt' frobnicate`), /COPY option "frobnicate" is not supported/)
  await assert.rejects(h.run(`copy no_such_table from 's3://data/b.txt'`), (e: unknown) => (e as WarehouseError).code === '42P01')
})

test('rows sent as they came (in runs, rewritten in place) load the same as rows sent field by field', async () => {
  // Three files: TPC-H lines ending with a delimiter, the same without it, and LZOP. Some lines need the
  // field-by-field path (escapes, NULLs, a number with blanks) or are rejected, between runs and across chunks.
  const lines = customerTbl(1, 30_000).split('\n').slice(0, -1).map((l, i) => {
    if (i % 997 === 5) return l.replace('Customer#', 'Cust\\omer#')
    if (i % 1999 === 7) return l.replace(/\|[^|]*\|BUILDING/, '||BUILDING')
    if (i % 2999 === 11) return l.replace(/^(\d+)/, ' $1 ')
    if (i % 4999 === 13) return l.replace(/^(\d+)/, 'x$1')
    return l
  })
  const tpch = lines.join('\n') + '\n'
  const bare = lines.map(l => l.slice(0, -1)).join('\n') + '\n'
  // (Distinct names: a COPY from 'x.tbl' would also load 'x.tbl.lzo', as Redshift's key prefixes do.)
  await h.put('same/tpch.tbl', tpch)
  await h.put('same/bare.tbl', bare)
  await h.put('same/packed.tbl.lzo', tpch, 'lzop')
  for (const [file, options] of [['same/tpch.tbl', ''], ['same/bare.tbl', ''], ['same/packed.tbl.lzo', 'lzop']]) {
    await h.run(`drop table if exists customer; ${CUSTOMER_DDL}; drop table if exists reference; create table reference (like customer)`)
    const fast = await h.run(`copy customer from 's3://data/${file}' ${options} delimiter '|' maxerror 100`)
    // TRIMBLANKS changes nothing in these rows (no trailing blanks) but turns the one-piece path off.
    const general = await h.run(`copy reference from 's3://data/${file}' ${options} delimiter '|' maxerror 100 trimblanks`)
    assert.equal(fast.results[0].rowCount, general.results[0].rowCount, file)
    assert.equal(fast.results[0].rowCount, String(30_000 - 6), file) // the six x-prefixed keys are rejected
    assert.deepEqual(await h.rows('select (select count(*) from (table customer except all table reference) a), (select count(*) from (table reference except all table customer) b)'), [['0', '0']], file)
  }
  assert.deepEqual(await h.rows(`select c_name from customer where c_custkey = 6`), [['Cust\\omer#000000006']])
})

test('a value the server refuses mid-stream fails the COPY with its SQLSTATE, and the session goes on', async () => {
  await fresh('tokens', '(id int, token uuid)')
  // About 6 MB: more than the COPY stream may hold before parsing waits for the server.
  const good = '6f1c0a52-2d4b-4c55-9a51-3b5ad0c5b001'
  let text = ''
  for (let i = 1; i <= 120_000; i++) text += `${i}|${i === 50 ? 'not-a-uuid' : good}\n`
  await h.put('tokens.txt', text)
  await assert.rejects(h.run(`copy tokens from 's3://data/tokens.txt' delimiter '|'`), (e: unknown) => {
    assert.ok(e instanceof WarehouseError)
    assert.equal(e.code, '22P02')
    assert.match(e.message, /^Load into table 'tokens' failed: invalid input syntax for type uuid: "not-a-uuid"/)
    return true
  })
  assert.deepEqual(await h.rows('select count(*) from tokens'), [['0']])
  const { results } = await h.run(`copy tokens from 's3://data/tokens.txt' delimiter '|' maxerror 0 noload`)
  assert.equal(results[0].rowCount, '120000') // NOLOAD checks only what Redshift checks: the uuid text passes
})

test('COPY and UNLOAD fold quoted names as the session does; SET enable_case_sensitive_identifier TO true keeps their case', async () => {
  await h.run('create table "Staged" ("Id" int, "Name" varchar(10))')
  await h.put('staged.txt', '1|a\n2|b\n')
  await h.run(`copy "Staged" ("Id", "Name") from 's3://data/staged.txt'`)
  assert.deepEqual(await h.rows('select id, name from staged order by id'), [['1', 'a'], ['2', 'b']])
  await h.run(`unload ('select "Id" from "Staged" order by 1') to 's3://data/staged-out/' header parallel off`)
  await h.run('set enable_case_sensitive_identifier to true')
  await h.run('create table "Kept" ("Id" int)')
  await h.put('kept.txt', '7\n')
  await h.run(`copy "Kept" ("Id") from 's3://data/kept.txt'`)
  assert.deepEqual(await h.rows(`select relname from pg_class where relname in ('Kept', 'kept')`), [['Kept']])
  assert.deepEqual(await h.rows('select "Id" from "Kept"'), [['7']])
  await h.run('reset enable_case_sensitive_identifier')
  await assert.rejects(h.run('select * from "Kept"'), (e: unknown) => (e as WarehouseError).code === '42P01')
})

// COPY's DELIMITER (Database Developer Guide, Data format parameters): "such as … a tab ( \t ) … ASCII characters can
// also be represented in octal, using the format '\ddd'".
test("DELIMITER '\\t' is a tab and '\\ddd' an octal character", async () => {
  await fresh('tabbed', '(id int, name varchar(10))')
  await h.put('tabbed.tsv', '1\ta|b\n2\tc\n')
  await h.put('caret.txt', '3^d\n')
  assert.equal((await h.run(`copy tabbed from 's3://data/tabbed.tsv' delimiter '\\t'`)).results[0].rowCount, '2')
  assert.equal((await h.run(`copy tabbed from 's3://data/caret.txt' delimiter as '\\136'`)).results[0].rowCount, '1')
  assert.deepEqual(await h.rows('select id, name from tabbed order by id'), [['1', 'a|b'], ['2', 'c'], ['3', 'd']])
})

// Redshift functions and query syntax: the rewrite in before/after pairs, then run on the local
// warehouse against the answers Redshift's documentation gives.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { rewriteStatement } from '../../../src/warehouse/dialect/rewrite.ts'
import { WarehouseError } from '../../../src/warehouse/index.ts'
import { localWarehouse, type RedshiftRunner } from './local-warehouse.ts'

const pairs: [string, string][] = [
  ['select nvl(a, b, 0) from t', 'SELECT COALESCE(a, b, 0) FROM t'],
  ["select decode(x, 1, 'one', 2, 'two', 'many') from t",
    "SELECT CASE WHEN x IS NOT DISTINCT FROM 1 THEN 'one' WHEN x IS NOT DISTINCT FROM 2 THEN 'two' ELSE 'many' END FROM t"],
  ["select decode(x, 1, 'one') from t", "SELECT CASE WHEN x IS NOT DISTINCT FROM 1 THEN 'one' END FROM t"],
  ["select listagg(name, ', ') within group (order by name desc) from t", "SELECT string_agg(name::text, ', ' ORDER BY name DESC) FROM t"],
  ['select listagg(distinct name) from t', "SELECT string_agg(DISTINCT name::text, '') FROM t"],
  ["select listagg(distinct name, ',') within group (order by name desc) from t", "SELECT string_agg(DISTINCT name::text, ',' ORDER BY name::text DESC) FROM t"],
  ['select dateadd(day, 1, sysdate)', "SELECT dateadd('day', 1, redshift.sysdate())"],
  ["select datediff(qtr, a, b), datepart(w, a) from t", "SELECT datediff('qtr', a, b), date_part('w', a) FROM t"],
  ['select top 10 * from t order by a', 'SELECT * FROM t ORDER BY a LIMIT 10'],
  ['select a from t minus select a from u', 'select a from t EXCEPT select a from u'],
  ['delete t where a = 1', 'delete FROM t where a = 1'],
  ['select "MyCol" as "Total" from "Sales".t', 'select "mycol" as "total" from "sales".t'],
  ['select a::decimal, cast(b as numeric), c::numeric(5, 2), 1 as decimal from t', 'select a::numeric(18,0), cast(b as numeric(18,0)), c::numeric(5, 2), 1 as decimal from t'],
  ['create table #stage (id int)', 'create TEMP table "#stage" (id int)'],
  ['select a into #s from #t where #t.a > 0', 'select a into TEMP "#s" from "#t" where "#t".a > 0'],
  ['select convert(decimal(10, 2), a), convert(varchar, b) from t', 'select CAST(a AS decimal(10, 2)), CAST(b AS varchar) from t'],
  ['create procedure p() nonatomic as $$ begin null; end $$ language plpgsql', 'create procedure p()  as $$ begin null; end $$ language plpgsql'],
  ['create materialized view m backup no distkey(a) auto refresh yes as select a from t', 'create materialized view m as select a from t'],
  ['select cast(a as nvarchar(10)), a::varchar(max) from t', 'select cast(a as varchar(10)), a::varchar(65535) from t'],
  ["select datepart(dw, a), date_part('dayofyear', a) from t", "SELECT date_part('dow', a), date_part('doy', a) FROM t"],
  ['select avg(a) from t', 'SELECT redshift.avg(avg(a), min(a)) FROM t'],
  ['select extract(epoch from a) from t', "SELECT redshift.date_part('epoch', a) FROM t"],
  ['select median(a) from t', 'SELECT redshift.median(percentile_cont(0.5) WITHIN GROUP (ORDER BY a)) FROM t'],
  ['select ratio_to_report(a) over (partition by b) from t', 'SELECT redshift.ratio_to_report(a, sum(a) OVER (PARTITION BY b)) FROM t'],
  ['select lag(a) ignore nulls over (order by b) from t',
    'SELECT redshift.lag(array_agg(a) FILTER (WHERE a IS NOT NULL) OVER (ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 1) FROM t'],
  ['select first_value(a ignore nulls) over (order by b) from t',
    'SELECT redshift.first_value(array_agg(a) FILTER (WHERE a IS NOT NULL) OVER (ORDER BY b)) FROM t'],
  ['select approximate count(distinct a) from t', 'select count(distinct a) from t'],
  ['create or replace view s.v as select a from s.t with no schema binding', 'create or replace view s.v as select a from s.t '],
  ["set query_group to 'etl'", "set redshift.query_group to 'etl'"],
  ['reset wlm_query_slot_count', 'reset redshift.wlm_query_slot_count'],
  ["select regexp_replace(phone, '[^0-9]') from t", "SELECT regexp_replace(phone, '[^0-9]', '', 'g') FROM t"],
  ["select regexp_replace(a, 'x', 'y', 2, 'ip') from t", "SELECT regexp_replace(a, 'x', 'y', 2, 0, 'i') FROM t"],
  ["select regexp_substr(a, '(x)(y)', 1, 2, 'e') from t", "SELECT regexp_substr(a, '(x)(y)', 1, 2, '', 1) FROM t"],
  ['select distinct top 3 a from t', 'SELECT DISTINCT a FROM t LIMIT 3'],
  ['select a from (select top 1 a from t) s', 'SELECT a FROM ( SELECT a FROM t LIMIT 1 ) AS s'],
  ['select * from t qualify row_number() over (partition by a order by b) = 1',
    'SELECT (__rsqlflow_q.__rsqlflow_row).* FROM ( SELECT t AS __rsqlflow_row, row_number() OVER (PARTITION BY a ORDER BY b) = 1 AS __rsqlflow_keep FROM t ) AS __rsqlflow_q WHERE __rsqlflow_q.__rsqlflow_keep'],
  ['select a, b x from t qualify rank() over (order by b) <= 2 order by a limit 5',
    'SELECT __rsqlflow_q.__rsqlflow_c1 AS a, __rsqlflow_q.x AS x FROM ( SELECT a AS __rsqlflow_c1, b AS x, rank() OVER (ORDER BY b) <= 2 AS __rsqlflow_keep FROM t ORDER BY a ) AS __rsqlflow_q WHERE __rsqlflow_q.__rsqlflow_keep LIMIT 5'],
]

test('rewrites: before → after', () => {
  for (const [before, after] of pairs) assert.equal(rewriteStatement(before), after, before)
})

test('plain SQL and SQL whose Redshift words sit in strings or comments is returned untouched', () => {
  for (const sql of [
    "insert into t values (1, 'abc')",
    "select 'nvl(a, b) top 10' as s -- decode(x, 1, 2)",
    'select getdate(), len(a), charindex(a, b), nvl2(a, 1, 2) from t', // SQL functions in the redshift schema
    "select decode('aGk=', 'base64')", // Postgres' own two-argument decode stays
    'select 1 as minus, approximate from t', 'set statement_timeout to 0', 'select "lower" from t', 'create user "Bob" password \'x\'', "select 5 # 3, 'customer#42'",
  ]) assert.equal(rewriteStatement(sql), sql)
})

test('unsupported forms fail naming the construct (0A000); malformed ones with 42601', () => {
  const code = (sql: string, expected: string, message: RegExp) => assert.throws(() => rewriteStatement(sql), (e: unknown) => {
    assert.ok(e instanceof WarehouseError)
    assert.equal(e.code, expected)
    assert.match(e.message, message)
    return true
  }, sql)
  code('select * from a join b on a.id = b.id qualify row_number() over () = 1', '0A000', /^QUALIFY with \* over more than one table is not supported/)
  code('select listagg(a, \',\') within group (order by a) over (partition by b) from t', '0A000', /^LISTAGG … WITHIN GROUP .* as a window function \(OVER\) is not supported/)
  code('select top x a from t', '42601', /^TOP takes a positive integer literal/)
  code('select top 2 a from t limit 3', '42601', /^TOP and LIMIT cannot be used in the same query/)
  code('select nvl(a) from t', '42601', /^NVL takes at least two arguments/)
  code('select median(a) over (partition by b) from t', '0A000', /^MEDIAN as a window function \(OVER\) is not supported/)
  code('select rank() ignore nulls over (order by a) from t', '0A000', /^IGNORE NULLS in RANK is not supported/)
})

let rs: RedshiftRunner
const open = localWarehouse()
before(async () => {
  rs = await open()
  await rs.run('create table fruit (id int, name varchar(20), kind varchar(10), price numeric(6,2))')
  await rs.run(`insert into fruit values (1, 'apple', 'pome', 1.20), (2, 'pear', 'pome', 0.90), (3, 'cherry', 'drupe', 4.00),
    (4, 'plum', 'drupe', 2.50), (5, 'fig', null, 3.10)`)
})

test('DATEADD and DATEDIFF give Redshift answers (boundaries crossed, month ends clipped)', async () => {
  const cases: [string, string][] = [
    ["select dateadd(month, 18, '2008-02-28')", '2009-08-28 00:00:00'],
    ["select dateadd(day, 30, '2008-02-28')", '2008-03-29 00:00:00'],
    ["select dateadd(month, 1, '2008-01-31')", '2008-02-29 00:00:00'],
    ["select dateadd(qtr, -1, '2024-05-15 10:00:00')", '2024-02-15 10:00:00'],
    ["select dateadd('mins', 90, '2024-01-01 23:00:00'::timestamp)", '2024-01-02 00:30:00'],
    ["select datediff(week, '2009-01-01', '2009-12-31')", '52'],
    ["select datediff(day, '2008-02-28 23:59:59', '2008-02-29 00:00:01')", '1'],
    ["select datediff(year, '2008-12-31', '2009-01-01')", '1'],
    ["select datediff(qtr, '1998-07-01', '1998-12-31')", '1'],
    ["select datediff(month, '2024-01-31', '2024-02-01')", '1'],
    ["select datediff(hour, '2024-01-01 10:59:59', '2024-01-01 11:00:00')", '1'],
    ["select datediff(minute, '2024-01-01 11:00:00', '2024-01-01 10:58:30')", '-2'],
    ["select datediff(second, '2024-01-01 11:00:00.9', '2024-01-01 11:00:01.1')", '1'],
  ]
  for (const [sql, expected] of cases) assert.equal(await rs.value(sql), expected, sql)
  await assert.rejects(rs.run("select dateadd(fortnight, 1, '2024-01-01')"), (e: unknown) => (e as WarehouseError).code === '22023' && /date part "fortnight" is not recognized/.test((e as Error).message))
})

test('NVL, NVL2, DECODE (NULL matches NULL), LEN, CHARINDEX', async () => {
  assert.equal(await rs.value('select nvl(null, null, 3)'), '3')
  assert.equal(await rs.value("select nvl2(null::int, 'set', 'unset')"), 'unset')
  assert.equal(await rs.value("select nvl2(5, 'set', 'unset')"), 'set')
  assert.deepEqual(await rs.run("select name, decode(kind, 'pome', 'P', 'drupe', 'D', null, 'none', '?') from fruit order by id"),
    [['apple', 'P'], ['pear', 'P'], ['cherry', 'D'], ['plum', 'D'], ['fig', 'none']])
  assert.equal(await rs.value("select decode('aGk=', 'base64')"), '\\x6869')
  assert.equal(await rs.value("select len('abc  '::char(6))"), '3')
  assert.equal(await rs.value("select len('abc  '::varchar)"), '5')
  assert.equal(await rs.value("select charindex('dog', 'fish dog')"), '6')
  assert.equal(await rs.value("select charindex('cat', 'fish dog')"), '0')
})

test('GETDATE, SYSDATE, DATE_TRUNC, CONVERT_TIMEZONE: timestamps without time zone, in UTC', async () => {
  assert.equal(await rs.value('select pg_typeof(getdate())::text'), 'timestamp without time zone')
  assert.doesNotMatch((await rs.value('select getdate()'))!, /\./) // whole seconds, as Redshift prints
  assert.equal(await rs.value('select pg_typeof(sysdate)::text'), 'timestamp without time zone')
  assert.equal(await rs.value('select current_user_id = (select usesysid from pg_user where usename = current_user)'), 't')
  assert.equal(await rs.value("select sysdate = (now() at time zone 'UTC')"), 't')
  assert.equal(await rs.value("select date_trunc('week', '2024-01-10'::date)"), '2024-01-08 00:00:00')
  assert.equal(await rs.value("select date_trunc('qtr', '2024-05-10'::date)"), '2024-04-01 00:00:00')
  assert.equal(await rs.value("select convert_timezone('UTC', 'America/New_York', '2008-03-05 12:25:29')"), '2008-03-05 07:25:29')
  assert.equal(await rs.value("select convert_timezone('America/Los_Angeles', '2008-08-21 07:23:51')"), '2008-08-21 00:23:51')
})

test('LISTAGG WITHIN GROUP, TOP and QUALIFY give the rows Redshift returns', async () => {
  assert.deepEqual(await rs.run("select kind, listagg(name, ', ') within group (order by name) from fruit where kind is not null group by kind order by kind"),
    [['drupe', 'cherry, plum'], ['pome', 'apple, pear']])
  assert.deepEqual(await rs.run('select top 2 name from fruit order by price desc'), [['cherry'], ['fig']])
  assert.equal(await rs.value("select listagg(distinct nvl(kind, 'none'), ',') within group (order by nvl(kind, 'none')) from fruit"), 'drupe,none,pome')
  assert.deepEqual(await rs.run('select * from fruit qualify row_number() over (partition by kind order by price) = 1 order by id'),
    [['2', 'pear', 'pome', '0.90'], ['4', 'plum', 'drupe', '2.50'], ['5', 'fig', null, '3.10']])
  const [r] = await rs.session.query(rewriteStatement('select kind, name, price as p from fruit f qualify rank() over (partition by kind order by price desc) = 1 order by kind limit 2'))
  assert.deepEqual(r.fields.map(f => f.name), ['kind', 'name', 'p'])
  assert.deepEqual(r.rows, [['drupe', 'cherry', '4.00'], ['pome', 'apple', '1.20']])
})

test('QUALIFY: the examples of Redshift\'s QUALIFY documentation give its rows', async () => {
  await rs.run(`create table store_sales (ss_sold_date date, ss_sold_time time, ss_item text, ss_sales_price float)`)
  await rs.run(`insert into store_sales values ('2022-01-01', '09:00:00', 'Product 1', 100.0), ('2022-01-01', '11:00:00', 'Product 2', 500.0),
    ('2022-01-01', '15:00:00', 'Product 3', 20.0), ('2022-01-01', '17:00:00', 'Product 4', 1000.0), ('2022-01-01', '18:00:00', 'Product 5', 30.0),
    ('2022-01-02', '10:00:00', 'Product 6', 5000.0), ('2022-01-02', '16:00:00', 'Product 7', 5.0)`)
  assert.deepEqual(await rs.run(`SELECT * FROM store_sales ss WHERE ss_sold_time > time '12:00:00'
    QUALIFY row_number() OVER (PARTITION BY ss_sold_date ORDER BY ss_sales_price DESC) <= 2 ORDER BY ss_sold_date, ss_sold_time`), [
    ['2022-01-01', '17:00:00', 'Product 4', '1000'], ['2022-01-01', '18:00:00', 'Product 5', '30'], ['2022-01-02', '16:00:00', 'Product 7', '5']])
  assert.deepEqual(await rs.run(`SELECT * FROM store_sales ss
    QUALIFY last_value(ss_item) OVER (PARTITION BY ss_sold_date ORDER BY ss_sold_time ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) = ss_item
    ORDER BY ss_sold_date`), [['2022-01-01', '18:00:00', 'Product 5', '30'], ['2022-01-02', '16:00:00', 'Product 7', '5']])
})

test('a script that sets its own search_path keeps the Redshift functions', async () => {
  await rs.run('create schema staging')
  await rs.run('set search_path to staging, public')
  assert.equal(await rs.value("select charindex('b', 'abc')"), '2')
  assert.equal(await rs.value('show search_path'), 'staging, public, redshift')
  await rs.run('reset search_path')
  assert.equal(await rs.value('select len(name) from fruit where id = 1'), '5')
})

test('ADD_MONTHS, MONTHS_BETWEEN, LAST_DAY, NEXT_DAY, TRUNC of a timestamp, DATE_PART_YEAR', async () => {
  const cases: [string, string][] = [
    ["select add_months('2008-03-31', 1)", '2008-04-30 00:00:00'],
    // ADD_MONTHS function: the last day of a month stays the last day of the month.
    ["select add_months('2008-02-29'::date, 1)", '2008-03-31 00:00:00'],
    ["select add_months('2008-01-15 10:00:00', -1)", '2007-12-15 10:00:00'],
    ["select months_between('1969-01-18', '1969-03-18')", '-2'],
    ["select months_between('2014-09-30', '2014-08-31')", '1'],
    ["select round(months_between('2008-12-25 15:00:00', '2008-01-21 19:30:00'), 2)", '11.12'],
    ["select round(months_between('2008-12-01 19:30:00', '2008-01-03 15:00:00'), 2)", '10.94'],
    ["select last_day('2004-02-12'::date)", '2004-02-29'],
    ["select next_day('2014-08-20', 'Tuesday')", '2014-08-26'],
    ["select next_day('2014-08-26'::date, 'tu')", '2014-09-02'],
    ["select trunc('2011-07-21 10:32:40.123'::timestamp)", '2011-07-21'],
    ['select trunc(111.86, 1)', '111.8'],
    ["select date_part_year('2008-01-05'::date)", '2008'],
  ]
  for (const [sql, expected] of cases) assert.equal(await rs.value(sql), expected, sql)
  assert.equal(await rs.value('select trunc(sysdate) = current_date'), 't')
  await assert.rejects(rs.run("select next_day('2014-08-20', 't')"), (e: unknown) => (e as WarehouseError).code === '22023')
})

test('REPLICATE, STRTOL, NVL2 of literals, FUNC_SHA1, SHA2, SOUNDEX, DIFFERENCE', async () => {
  assert.equal(await rs.value("select replicate('ab', 3)"), 'ababab')
  for (const [sql, expected] of [["select strtol('0xf', 16)", '15'], ["select strtol('abcd1234', 16)", '2882343476'], ["select strtol('1234567', 8)", '342391'],
    ["select strtol('110101', 2)", '53'], ["select strtol('', 10)", '0'], ["select strtol('  -12z', 10)", '-12']]) assert.equal(await rs.value(sql), expected, sql)
  assert.equal(await rs.value("select nvl2('a', 'b', 'c')"), 'b')
  assert.deepEqual(await rs.run("select nvl2(kind, 'set', 'unset') from fruit where id in (1, 5) order by id"), [['set'], ['unset']])
  const hex = (algorithm: string) => createHash(algorithm).update('Amazon Redshift').digest('hex')
  assert.equal(await rs.value("select func_sha1('Amazon Redshift')"), hex('sha1'))
  assert.equal(await rs.value("select sha2('Amazon Redshift', 256)"), hex('sha256'))
  assert.equal(await rs.value("select sha2('Amazon Redshift', 512)"), hex('sha512'))
  assert.deepEqual(await rs.run("select soundex('Amazon'), soundex('AWS Amazon'), soundex('+-*/%'), soundex('smyth'), difference('smith', 'smyth')"),
    [['A525', 'A252', '', 'S530', '4']])
})

test('JSON functions on VARCHAR columns, with null_if_invalid', async () => {
  await rs.run(`create table events (id int, payload varchar(200))`)
  await rs.run(`insert into events values (1, '{"a":{"b":"x"},"arr":[1,2,3]}'), (2, '{"a":{"b":"y"}}'), (3, null)`)
  assert.deepEqual(await rs.run("select json_extract_path_text(payload, 'a', 'b'), json_array_length(json_extract_path_text(payload, 'arr'), true) from events order by id"),
    [['x', '3'], ['y', null], [null, null]])
  assert.equal(await rs.value(`select json_extract_path_text('{"f2":{"f3":1},"f4":{"f5":99,"f6":"star"}}', 'f4', 'f6')`), 'star')
  assert.equal(await rs.value(`select json_extract_path_text('{"f2":{"f3":1},"f4":{"f5":99,"f6":"star"}', 'f4', 'f6', true)`), null)
  await assert.rejects(rs.run(`select json_extract_path_text('{"f2":{"f3":1},"f4":{"f5":99,"f6":"star"}', 'f4', 'f6')`), (e: unknown) => (e as WarehouseError).code === '22P02')
  assert.equal(await rs.value("select json_extract_array_element_text('[111,112,113]', 2)"), '113')
  assert.equal(await rs.value(`select json_extract_array_element_text('["a",["b",1,["c",2,3,null,]]]', 1, true)`), null)
  assert.equal(await rs.value(`select json_array_length('[11,12,13,{"f1":21,"f2":[25,26]},14]')`), '5')
  assert.deepEqual(await rs.run(`select is_valid_json('{"a":2}'), is_valid_json('{{}}'), is_valid_json('[1,2,3]'), is_valid_json_array('[1,2]'), is_valid_json_array('{"a":1}')`),
    [['t', 'f', 'f', 't', 'f']])
})

test('REGEXP_REPLACE replaces every match; REGEXP_* parameters c, i, e, p', async () => {
  assert.equal(await rs.value("select regexp_replace('(555) 123-4567', '[^0-9]', '')"), '5551234567')
  assert.equal(await rs.value("select regexp_replace('DonecFri@example.com', '@.*[.](org|gov|com)$')"), 'DonecFri')
  assert.equal(await rs.value("select regexp_replace('the fox', 'FOX', 'quick brown fox', 1, 'i')"), 'the quick brown fox')
  assert.equal(await rs.value("select regexp_replace('aaa', 'a', 'b', 2)"), 'abb')
  assert.equal(await rs.value("select regexp_substr('abc123def456', '([a-z]+)([0-9]+)', 1, 2, 'e')"), 'def')
  assert.equal(await rs.value("select regexp_instr('abc123def456', '([a-z]+)([0-9]+)', 1, 2, 0, 'e')"), '7')
  assert.equal(await rs.value("select regexp_count('abcabc', 'B', 1, 'i')"), '2')
  assert.equal(await rs.value("select regexp_replace('aaa', 'a', 'b', 'g')"), 'bbb') // Postgres flags in the fourth argument still work
})

test('MINUS, APPROXIMATE COUNT(DISTINCT), late-binding views, SET query_group', async () => {
  assert.deepEqual(await rs.run("select kind from fruit where kind is not null minus select 'pome' order by 1"), [['drupe']])
  assert.equal(await rs.value('select approximate count(distinct kind) from fruit'), '2')
  await rs.run('create view public.fruit_names as select name from public.fruit with no schema binding')
  assert.equal(await rs.value('select count(*) from fruit_names'), '5')
  await rs.run("set query_group to 'nightly'")
  assert.equal(await rs.value('show query_group'), 'nightly')
  await rs.run('set wlm_query_slot_count to 3')
  await rs.run('reset query_group')
})

test('AVG of integers is a truncated BIGINT; MEDIAN, RATIO_TO_REPORT; IGNORE NULLS in window functions', async () => {
  // AVG function: "BIGINT for any integer type argument".
  assert.deepEqual(await rs.run('select avg(x), avg(x::bigint), avg(-x), avg(x::float), pg_typeof(avg(x))::text from (values (1), (2), (2)) v(x)'),
    [['1', '1', '-1', '1.6666666666666667', 'bigint']])
  const [r] = await rs.session.query(rewriteStatement('select avg(price), median(price) from fruit'))
  assert.deepEqual(r.fields.map(f => f.name), ['avg', 'median'])
  assert.deepEqual(r.rows, [['2.3400000000000000', '2.5']])
  assert.deepEqual(await rs.run('select id, ratio_to_report(price) over (partition by kind) from fruit where kind is not null order by id'),
    [['1', '0.57142857142857142857'], ['2', '0.42857142857142857143'], ['3', '0.61538461538461538462'], ['4', '0.38461538461538461538']])
  await rs.run('create table readings (t int, v int)')
  await rs.run('insert into readings values (1, 10), (2, null), (3, null), (4, 40), (5, null)')
  assert.deepEqual(await rs.run(`select t, lag(v) ignore nulls over (order by t), lead(v) ignore nulls over (order by t),
      last_value(v ignore nulls) over (order by t rows between unbounded preceding and current row),
      first_value(v) ignore nulls over (order by t desc rows between unbounded preceding and unbounded following)
    from readings order by t`), [
    ['1', null, '40', '10', '40'], ['2', '10', '40', '10', '40'], ['3', '10', '40', '10', '40'], ['4', '10', null, '40', '40'], ['5', '40', null, '40', '40']])
})

test('DELETE without FROM, NVARCHAR and VARCHAR(MAX) casts, DATE_PART(dw), NVL in a procedure body', async () => {
  await rs.run('create temp table gone (a int)')
  await rs.run('insert into gone values (1), (2)')
  await rs.run('delete gone where a = 1')
  assert.equal(await rs.value('select count(*) from gone'), '1')
  assert.deepEqual(await rs.run("select cast('abc' as nvarchar(2)), 'abc'::varchar(max)"), [['ab', 'abc']])
  assert.deepEqual(await rs.run("select datepart(dw, '2024-05-05'::date), date_part('dayofyear', '2024-02-01'::date)"), [['0', '32']])
  await rs.run(`create procedure fill_gone(n int) as $$ begin insert into gone values (nvl(n, -1)); end; $$ language plpgsql`)
  await rs.run('call fill_gone(null)')
  assert.equal(await rs.value('select max(a) from gone where a < 0'), '-1')
})

test('EXTRACT gives integers (and ms/us the fraction of the second), named date_part as in Redshift', async () => {
  const [r] = await rs.session.query(rewriteStatement(`select extract(epoch from '2008-02-27 05:14:16'::timestamp),
    extract(second from timestamp '2008-02-27 05:14:16.5'), extract(ms from timestamp '2009-09-09 12:08:43.101'),
    extract(minute from timestamp '2009-09-09 12:08:43'), extract(week from '2008-02-27'::date), extract(hour from time '10:11:12')`))
  assert.deepEqual(r.fields.map(f => f.name), ['date_part', 'date_part', 'date_part', 'date_part', 'date_part', 'date_part'])
  // EXTRACT function: milliseconds from '…12:08:43.101' are 101 (Postgres counts 43101).
  assert.deepEqual(r.rows, [['1204089256', '16', '101', '8', '9', '10']])
  assert.equal(await rs.value("select extract(year from timestamptz '1997-12-01 07:37:16-08')"), '1997')
})

test('CONCAT is NULL when an argument is NULL, as || is', async () => {
  // CONCAT function: "if one or both expressions is null, the result of the concatenation is null" (Postgres skips NULLs).
  const [r] = await rs.session.query(rewriteStatement("select concat('December 25, ', '2008'), concat(kind, name) from fruit where id in (1, 5) order by id"))
  assert.deepEqual(r.fields.map(f => f.name), ['concat', 'concat'])
  assert.deepEqual(r.rows, [['December 25, 2008', 'pomeapple'], ['December 25, 2008', null]])
  assert.equal(await rs.value("select concat(1, 'x')"), '1x')
})

test('ROUND and TRUNC of a DOUBLE PRECISION to n places; TO_DATE with is_strict', async () => {
  assert.deepEqual(await rs.run('select round(1.2345::float, 2), trunc(1.2345::float8, 2), round(1.235, 2), pg_typeof(round(price, 1))::text from fruit where id = 1'),
    [['1.23', '1.23', '1.24', 'numeric']])
  assert.equal(await rs.value("select to_date('20010630', 'YYYYMMDD', true)"), '2001-06-30')
})

test('#temp tables, CONVERT(type, expr), NONATOMIC procedures, materialized view attributes', async () => {
  await rs.run('create table #picked (id int, name varchar(20))')
  await rs.run("insert into #picked select id, name from fruit where price > 2")
  assert.deepEqual(await rs.run('select #picked.name from #picked order by #picked.id'), [['cherry'], ['plum'], ['fig']])
  assert.equal(await rs.value("select relpersistence from pg_class where relname = '#picked'"), 't')
  assert.deepEqual(await rs.run("select convert(integer, 12.7), convert(decimal(10, 2), '1.234')"), [['13', '1.23']])
  await rs.run('create procedure tick() nonatomic as $$ begin commit; end; $$ language plpgsql')
  await rs.run('call tick()')
  await rs.run('create materialized view fruit_kinds backup no diststyle even auto refresh yes as select distinct kind from fruit')
  assert.equal(await rs.value('select count(*) from fruit_kinds'), '3')
})

test('DECIMAL without a size is DECIMAL(18,0), as in Redshift: casts and columns round to whole numbers', async () => {
  // Numeric types: "The default precision, if not specified, is 18 ... The default scale, if not specified, is 0."
  assert.deepEqual(await rs.run("select 1.5::decimal, cast(2.5 as numeric), convert(decimal, 3.5), 1.55::decimal(5,1)"), [['2', '3', '4', '1.6']])
  await rs.run('create table amounts (a decimal, b numeric(10,2))')
  await rs.run('insert into amounts values (1.5, 1.555)')
  assert.deepEqual(await rs.run('select * from amounts'), [['2', '1.56']])
})

test('quoted identifiers fold to lower case, as in Redshift: "MyCol" is mycol, also as a result column name', async () => {
  // enable_case_sensitive_identifier (default false): CREATE TABLE "MixedCasedTable2" then MixedCasedTable2 → already exists.
  await rs.run('create table "MixedCasedTable" ("MixedCasedColumn" int)')
  await rs.run('insert into MixedCasedTable values (1)')
  const [r] = await rs.session.query(rewriteStatement('select "MixedCasedColumn" as "Total", MixedCasedColumn from "MixedCasedTable"'))
  assert.deepEqual(r.fields.map(f => f.name), ['total', 'mixedcasedcolumn'])
  assert.deepEqual(r.rows, [['1', '1']])
  assert.equal(rewriteStatement('select "Col" from "T"', { caseSensitive: true }), 'select "Col" from "T"')
})

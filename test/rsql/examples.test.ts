// The worked examples of the RSQL spec (§8), run against a real local warehouse.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { rsql, tempProject } from './helpers.ts'

const project = tempProject()
const t = project.target
before(async () => {
  const r = await rsql(t, `
create table lineitem (l_orderkey int);
insert into lineitem select g from generate_series(1, 150) g;
create table customer (c_custkey int);
insert into customer values (1), (2);
create table orders (o_orderkey int);
create table category (catid int, catname text);
create table accounts (id int, name text);
insert into accounts values (1, 'a'), (2, 'b'), (3, 'c');
`)
  assert.equal(r.stderr, '')
})
after(() => project.cleanup())

test('E1: ACTIVITYCOUNT = 0 after an empty SELECT', async () => {
  const r = await rsql(t, `select viewname, schemaname
from pg_views
where schemaname = 'not_existing_schema';
\\if :ACTIVITYCOUNT = 0
\\remark 'views do not exist'
\\endif
`)
  assert.equal(r.stdout, ' viewname | schemaname \n----------+------------\n(0 rows)\n\nviews do not exist\n')
  assert.equal(r.exitCode, 0)
})

test('E2: \\rset errorlevel; a failing statement is reported on stderr and the script goes on', async () => {
  const r = await rsql(t, '\\rset errorlevel 42P01 severity 0\n\nselect * from tbl;\n\nselect 1 as col;\n\n\\echo exit\n\\quit\n', { name: 'e2.sql' })
  assert.equal(r.stdout, 'Errorlevel is on.\n col \n-----\n   1\n(1 row)\n\nexit\n')
  assert.equal(r.stderr, 'rsql:e2.sql:3: ERROR:  relation "tbl" does not exist\nLINE 1: select * from tbl;\n                      ^\n')
  assert.equal(r.exitCode, 0)
})

test('E4: \\rset maxerror 0 is the default', async () => {
  const r = await rsql(t, '\\rset maxerror 0\n\nselect 1 as col;\n\n\\quit\n')
  assert.equal(r.stdout, 'Maxerror is default.\n col \n-----\n   1\n(1 row)\n\n')
})

test('E9: \\exit 15 exits with 15 and runs nothing after it', async () => {
  const r = await rsql(t, '\\exit 15\n\\echo never\n')
  assert.equal(r.exitCode, 15)
  assert.equal(r.stdout, '')
})

test('E10: \\export report sends SELECT results to the file; the console shows the count', async () => {
  const file = join(project.root, 'accounts.out')
  const r = await rsql(t, `\\export report file='${file}'\nselect * from accounts order by id;\n\\export reset\nselect 1 as after_reset;\n`)
  assert.equal(r.stdout, '(exported 3 rows)\n after_reset \n-------------\n           1\n(1 row)\n\n')
  assert.equal(readFileSync(file, 'utf8'), ' id | name \n----+------\n  1 | a\n  2 | b\n  3 | c\n(3 rows)\n\n')
})

test('E13: \\remark breaks lines at //', async () => {
  const r = await rsql(t, "\\remark 'hello//world'\n\\remark Starting...\n")
  assert.equal(r.stdout, 'hello\nworld\nStarting...\n')
})

test('E14: \\run file=… runs a script; skip=n skips its first n lines', async () => {
  writeFileSync(join(project.root, 'test.sql'), 'select count(*) as lineitem_cnt from lineitem;\nselect count(*) as customer_cnt from customer;\nselect count(*) as orders_cnt from orders;\n')
  const all = await rsql(t, '\\run file=test.sql\n', { cwd: project.root })
  assert.equal(all.stdout, ' lineitem_cnt \n--------------\n          150\n(1 row)\n\n customer_cnt \n--------------\n            2\n(1 row)\n\n orders_cnt \n------------\n          0\n(1 row)\n\n')
  const skipped = await rsql(t, '\\run file=test.sql skip=2\n', { cwd: project.root })
  assert.equal(skipped.stdout, '2 records skipped in RUN file.\n orders_cnt \n------------\n          0\n(1 row)\n\n')
})

test('E15: \\os runs a shell command; its output is the script\'s', async () => {
  const r = await rsql(t, '\\os echo from-the-shell\n\\! echo bang\n')
  assert.equal(r.stdout, 'from-the-shell\nbang\n')
})

test('E16: \\goto inside \\if jumps over labels, printing ignored/processed', async () => {
  const r = await rsql(t, `select count(*) as cnt from lineitem \\gset
select :cnt as cnt;
\\if :cnt > 100
    \\goto LABELB
\\endif

\\label LABELA
\\remark 'this is label LABELA'
\\label LABELB
\\remark 'this is label LABELB'
`)
  assert.equal(r.stdout, ' cnt \n-----\n 150\n(1 row)\n\n\\label LABELA ignored\n\\label LABELB processed\nthis is label LABELB\n')
  assert.equal(r.exitCode, 0)
})

test('E17: an unconditional \\goto skips statements and meta-commands', async () => {
  const r = await rsql(t, `select count(*) from lineitem limit 5;
\\goto LABELB
\\remark "this step was skipped by goto label";
select 1/0;
\\label LABELA
\\remark 'this is label LABELA'
\\label LABELB
\\remark 'this is label LABELB'
`)
  assert.equal(r.stdout, ' count \n-------\n   150\n(1 row)\n\n\\label LABELA ignored\n\\label LABELB processed\nthis is label LABELB\n')
  assert.equal(r.stderr, '')
})

test('E18: \\if / \\elseif / \\else on a \\gset value', async () => {
  const script = (q: number) => `select ${q} as query \\gset
select :query as query;
\\if :query > 1000000
    \\remark 'Query id is greater than 1000000'
\\elseif :query = 1000000
    \\remark 'Query id is equal than 1000000'
\\else
    \\remark 'Query id is less than 1000000'
\\endif
`
  assert.equal((await rsql(t, script(994803))).stdout, ' query  \n--------\n 994803\n(1 row)\n\nQuery id is less than 1000000\n')
  assert.match((await rsql(t, script(1000000))).stdout, /Query id is equal than 1000000\n$/)
  assert.match((await rsql(t, script(2000000))).stdout, /Query id is greater than 1000000\n$/)
})

test('E19: the ERRORCODE branch after success and after failure', async () => {
  const branch = `\\if :'ERRORCODE' = '00000'
    \\remark 'The statement was executed without error'
\\else
    \\remark :LAST_ERROR_MESSAGE
\\endif
`
  assert.equal((await rsql(t, 'select 1 \\gset\n' + branch)).stdout, 'The statement was executed without error\n')
  assert.equal((await rsql(t, 'select * from tbl;\n' + branch)).stdout, 'relation "tbl" does not exist\n')
})

const e25 = (statement: string) => `\\echo ' ------------------------------- '
\\echo 'rsql_blog_script_1.sh job started'
begin ;
/* SET QUERY Group */
SET application_name to 'rsql_blog_querygroup';
\\echo '\\n ----Creating the rsql_blog schema--------- \\n'
${statement}
\\if :ERROR <> 0
 \\echo 'Create Schema Statement Failed with Below Details'
 \\echo 'Error Code -'
 \\echo :ERRORCODE
 \\remark :LAST_ERROR_MESSAGE
 \\exit 21
\\else
 \\echo :ACTIVITYCOUNT
 \\remark '\\n **** Statement Executed Successfully **** \\n'
\\endif
commit ;
\\echo '\\n ********** JOB COMPLETED SUCCESSFULLY *********** \\n'
\\exit 0
`

test('E25: the AWS orchestration sample exits 0 on success and 21 on failure', async () => {
  const ok = await rsql(t, e25('CREATE SCHEMA if not exists rsql_blog ;'))
  assert.equal(ok.exitCode, 0)
  assert.equal(ok.stdout, ' ------------------------------- \nrsql_blog_script_1.sh job started\nBEGIN\nSET\n\n ----Creating the rsql_blog schema--------- \n\nCREATE SCHEMA\n0\n\n **** Statement Executed Successfully **** \n\nCOMMIT\n\n ********** JOB COMPLETED SUCCESSFULLY *********** \n\n')
  const bad = await rsql(t, e25('CREATE SCHEMA pg_bad ;'))
  assert.equal(bad.exitCode, 21)
  assert.match(bad.stdout, /Create Schema Statement Failed with Below Details\nError Code -\n42939\nunacceptable schema name "pg_bad"\n$/)
})

test('E26: the serverless framework COPY check exits 1 with the error code', async () => {
  const script = `copy customer_stage from '/nonexistent/customer.tbl'
delimiter '|';

\\if :ERROR <> 0
  \\remark 'Customer staging finished with error:' :ERRORCODE
  \\remark :LAST_ERROR_MESSAGE
  \\exit 1
\\endif

\\remark 'Customer staging finished OK'
\\exit 0
`
  const r = await rsql(t, script)
  assert.equal(r.exitCode, 1)
  assert.equal(r.stdout, 'Customer staging finished with error: 42P01\nrelation "customer_stage" does not exist\n')
})

test('E27: ACTIVITYCOUNT with a \\goto in both branches (labels with trailing spaces)', async () => {
  const script = (table: string) => `SELECT * FROM ${table};

\\if :ACTIVITYCOUNT = 0
 \\remark '****No data found****'
 \\goto LETSQUIT 
\\else
 \\remark '****Data found****'
 \\goto LETSDOSOMETHING 
\\endif 

\\label LETSQUIT 
\\remark '****We are quitting****'
\\exit 0 

\\label LETSDOSOMETHING 
\\remark '****We are doing it****'
\\exit 0
`
  const empty = await rsql(t, script('public.category'))
  assert.equal(empty.stdout, ' catid | catname \n-------+---------\n(0 rows)\n\n****No data found****\n\\label LETSQUIT processed\n****We are quitting****\n')
  const full = await rsql(t, script('accounts'))
  assert.match(full.stdout, /\(3 rows\)\n\n\*\*\*\*Data found\*\*\*\*\n\\label LETSQUIT ignored\n\\label LETSDOSOMETHING processed\n\*\*\*\*We are doing it\*\*\*\*\n$/)
  assert.equal(full.exitCode, 0)
})

test('E7: \\rset width without a value shows the setting', async () => {
  const r = await rsql(t, '\\echo Starting...\n\\rset width\n\\rset width 50\n\\rset width\n\\quit\n\\echo Finishing...\n')
  assert.equal(r.stdout, 'Starting...\nTarget width is 75.\nTarget width is 50.\nTarget width is 50.\n')
})

test('E5: \\pset waits for \\rset rformat on; rformat off goes back to the default format', async () => {
  const q = 'select 500 as id, \'x\' as s;\n'
  const r = await rsql(t, `\\pset expanded on\n${q}\\rset rformat\n${q}\\rset rformat off\n${q}`)
  assert.equal(r.stdout, [
    'Expanded display is on. (Changes will take effect after RFORMAT is switched ON)',
    ' id  | s ', '-----+---', ' 500 | x', '(1 row)', '',
    'Rformat is on.',
    '-[ RECORD 1 ]', 'id | 500', 's  | x', '',
    'Rformat is off.',
    ' id  | s ', '-----+---', ' 500 | x', '(1 row)', '', ''].join('\n'))
})

test('\\rset keywords ignore case; an unknown setting is an error naming it', async () => {
  const r = await rsql(t, '\\RSET MAXERROR 5\n\\rset TitleDashes on\n\\rset bogus 1\n', { name: 'rs.sql' })
  assert.equal(r.stdout, 'Maxerror is 5.\nTitledashes is on.\n')
  assert.equal(r.stderr, 'rsql:rs.sql:3: error: \\rset: unknown setting: bogus\n')
})

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { gunzipSync } from 'node:zlib'
import { WarehouseError } from '../../../src/warehouse/index.ts'
import { harness } from './harness.ts'

const h = harness('unload')

async function read(key: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of await h.objects.get(`s3://data/${key}`)) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}
async function keys(prefix: string): Promise<string[]> {
  const out: string[] = []
  for await (const o of h.objects.list('data', prefix)) out.push(o.key)
  return out
}

test('setup', async () => {
  await h.run(`create table u (id int, name varchar(20), note varchar(20)); insert into u values (1, 'a', null), (2, 'b|c', 'say "x"'), (3, 'tab	here', 'back\\\\slash')`) // '\\' is one backslash in a Redshift literal
})

test('default UNLOAD: | delimited, parallel file naming, NULL as empty, INFO notice and row count', async () => {
  const { results, notices } = await h.run(`unload ('select * from u order by id') to 's3://data/u1/u_' iam_role 'arn:aws:iam::1:role/r'`)
  assert.equal(results[0].commandTag, 'UNLOAD')
  assert.equal(results[0].rowCount, '3')
  assert.deepEqual(notices.map(n => n.message), ['UNLOAD completed, 3 record(s) unloaded successfully.'])
  assert.deepEqual(await keys('u1/'), ['u1/u_0000_part_00'])
  assert.equal((await read('u1/u_0000_part_00')).toString(), '1|a|\n2|b|c|say "x"\n3|tab\there|back\\slash\n')
})

test('PARALLEL OFF, HEADER, DELIMITER, NULL AS, ESCAPE, ADDQUOTES', async () => {
  await h.run(`unload ('select * from u order by id') to 's3://data/u2/x' parallel off header delimiter as ',' null as 'NULL' escape`)
  assert.deepEqual(await keys('u2/'), ['u2/x000'])
  assert.equal((await read('u2/x000')).toString(), 'id,name,note\n1,a,NULL\n2,b|c,say \\"x\\"\n3,tab\there,back\\\\slash\n')
  await h.run(`unload ('select id, name from u where id = 1') to 's3://data/u3/x' parallel false addquotes`)
  assert.equal((await read('u3/x000')).toString(), '"1"|"a"\n')
})

test('CSV quotes what needs quoting; GZIP compresses and names .gz', async () => {
  await h.run(`unload ('select * from u order by id') to 's3://data/u4/c_' format as csv header gzip parallel off`)
  assert.deepEqual(await keys('u4/'), ['u4/c_000.gz'])
  assert.equal(gunzipSync(await read('u4/c_000.gz')).toString(), 'id,name,note\n1,a,\n2,b|c,"say ""x"""\n3,tab\there,back\\slash\n')
})

test('an existing destination needs ALLOWOVERWRITE', async () => {
  await assert.rejects(h.run(`unload ('select 1') to 's3://data/u1/u_'`), (e: unknown) => {
    assert.ok(e instanceof WarehouseError)
    assert.match(e.message, /^Specified unload destination on S3 is not empty/)
    return true
  })
  await h.run(`unload ('select 42') to 's3://data/u1/u_' allowoverwrite`)
  assert.equal((await read('u1/u_0000_part_00')).toString(), '42\n')
})

test('MANIFEST [VERBOSE] lists the files; MAXFILESIZE splits them; the files load back with COPY', async () => {
  await h.run(`create table big as select g as id, repeat('x', 200) as pad from generate_series(1, 60000) g`)
  const { results } = await h.run(`unload ('select * from big order by id') to 's3://data/u5/big_' maxfilesize 5 mb manifest verbose`)
  assert.equal(results[0].rowCount, '60000')
  const files = await keys('u5/')
  assert.deepEqual(files, ['u5/big_0000_part_00', 'u5/big_0000_part_01', 'u5/big_0000_part_02', 'u5/big_manifest'])
  const manifest = JSON.parse((await read('u5/big_manifest')).toString())
  assert.deepEqual(manifest.entries.map((e: { url: string }) => e.url), files.slice(0, 3).map(k => `s3://data/${k}`))
  assert.equal(manifest.meta.record_count, 60000)
  for (const e of manifest.entries) assert.ok(e.meta.content_length <= 5 * 1024 * 1024)
  await h.run('create table big2 (id int, pad varchar(200))')
  const back = await h.run(`copy big2 from 's3://data/u5/big_manifest' manifest`)
  assert.equal(back.results[0].rowCount, '60000')
  assert.deepEqual(await h.rows('select count(*), sum(id) from big2'), [['60000', String(60000 * 60001 / 2)]])
})

test('an unsupported UNLOAD option is named', async () => {
  await assert.rejects(h.run(`unload ('select 1') to 's3://data/u9/' parquet`), /UNLOAD option "parquet" is not supported/)
})

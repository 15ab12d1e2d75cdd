import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { LzopCompress } from '../../../src/objects/index.ts'
import { harness, customerTbl, CUSTOMER_DDL } from './harness.ts'

const h = harness('stream')
const ROWS = 400_000 // about 50 MB of text

test('COPY streams: a file far larger than the memory it may use loads without holding it', async () => {
  await h.run(CUSTOMER_DDL)
  await h.session()
  function* chunks() { for (let i = 1; i <= ROWS; i += 20_000) yield Buffer.from(customerTbl(i, Math.min(i + 19_999, ROWS))) }
  await h.objects.put('s3://data/big/customer.tbl.lzo', Readable.from(chunks()).pipe(new LzopCompress({ name: 'customer.tbl' })))
  global.gc?.()
  const before = process.memoryUsage()
  let peak = before.rss
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 10)
  const { results } = await h.run(`copy customer from 's3://data/big/customer.tbl.lzo' lzop delimiter '|'`)
  clearInterval(sampler)
  assert.equal(results[0].rowCount, String(ROWS))
  const growth = (peak - before.rss) / 1024 / 1024
  // The text is ~50 MB; holding it (as bytes, or worse as strings) would grow RSS by far more than this bound.
  assert.ok(growth < 40, `RSS grew by ${growth.toFixed(0)} MB while loading ~50 MB`)
  assert.deepEqual(await h.rows('select count(*), max(c_custkey) from customer'), [[String(ROWS), String(ROWS)]])
})

// The dialect rewrite's cost on the statements a load sends: 10,000 INSERTs into the local warehouse,
// sent as written (the baseline) and through rewriteStatement, in the same run; plus the cost of
// statements that do need the parse tree. Prints ratios, not absolute goals.
import { mkdtempSync, rmSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, stopLocalServer } from '../src/warehouse/index.ts'
import { ensureRedshiftCompat, rewriteStatement } from '../src/warehouse/dialect/rewrite.ts'

const rows = Number(process.env.ROWS ?? 10_000)
const root = mkdtempSync(join(tmpdir(), 'rsqlflow-bench-rewrite-'))
chmodSync(root, 0o755)
const dir = join(root, 'warehouse')
const insert = (i: number) => `insert into bench values (${i}, 'customer#${i}', ${i * 0.01}, '2024-01-01')`

try {
  const s = await connect({ type: 'local', dir })
  await ensureRedshiftCompat(s)
  await s.query('create table bench (id int, name varchar(40), bal numeric(12,2), d date)')
  const run = async (label: string, send: (i: number) => string) => {
    await s.query('truncate bench')
    const t = performance.now()
    for (let i = 0; i < rows; i++) await s.query(send(i))
    const ms = performance.now() - t
    console.log(`${label.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms`)
    return ms
  }
  // Alternate the two and keep each one's best, so warm-up and table growth favour neither.
  const plain: number[] = []
  const rewritten: number[] = []
  for (let round = 0; round < 2; round++) {
    plain.push(await run('INSERTs as written', insert))
    rewritten.push(await run('INSERTs through the rewrite', i => rewriteStatement(insert(i))))
  }
  console.log(`ratio rewrite/plain: ${(Math.min(...rewritten) / Math.min(...plain)).toFixed(3)}x (${rows} INSERTs, best of 2)`)

  let t = performance.now()
  for (let i = 0; i < rows; i++) rewriteStatement(insert(i))
  const perPlain = (performance.now() - t) * 1000 / rows
  t = performance.now()
  const n = 1000
  for (let i = 0; i < n; i++) rewriteStatement(`select nvl(name, 'x${i}'), decode(id, ${i}, 'a', 'b') from bench qualify row_number() over (order by id) = 1`)
  const perTree = (performance.now() - t) * 1000 / n
  console.log(`rewrite of a plain INSERT: ${perPlain.toFixed(2)} µs; of a statement needing the parse tree: ${perTree.toFixed(0)} µs (${(perTree / perPlain).toFixed(0)}x)`)
  await s.close()
} finally {
  await stopLocalServer(dir)
  rmSync(root, { recursive: true, force: true })
}

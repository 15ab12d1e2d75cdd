#!/usr/bin/env node
// npm run conformance: scores `rsqlflow states exec --jsonl` with the shared ASL judge and fails when
// tier 1 drops below the floor in conformance/asl-floor.json (a ratchet: `--ratchet` raises it).
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const shared = process.env.RSQLFLOW_SHARED ?? join(root, '..', 'shared')
const judge = join(shared, 'conformance', 'asl', 'judge.mjs')
const cases = join(shared, 'conformance', 'asl', 'cases')
const floorFile = join(root, 'conformance', 'asl-floor.json')

if (!existsSync(judge) || !existsSync(cases)) {
  console.log(`conformance: skipped — the shared ASL corpus is not present (looked for ${join('..', 'shared', 'conformance', 'asl')})`)
  process.exit(0)
}
const engine = `node ${JSON.stringify(join(root, 'bin', 'rsqlflow.js'))} states exec --jsonl`
const args = [judge, cases, '--engine', engine, ...process.argv.slice(2).filter((a) => a !== '--ratchet')]
const run = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
process.stdout.write(run.stdout)
if (run.status !== 0) process.exit(run.status ?? 1)
const m = /^tier1: (\d+) passed, (\d+) failed/m.exec(run.stdout)
if (!m) {
  console.error('conformance: the judge printed no tier-1 line')
  process.exit(1)
}
const passed = Number(m[1])
const total = passed + Number(m[2])
const floor = existsSync(floorFile) ? JSON.parse(readFileSync(floorFile, 'utf8')) : { tier1: 0 }
if (passed < floor.tier1) {
  console.error(`conformance: tier 1 fell to ${passed}/${total}, below the floor of ${floor.tier1} (conformance/asl-floor.json)`)
  process.exit(1)
}
if (process.argv.includes('--ratchet') && passed > floor.tier1) {
  writeFileSync(floorFile, JSON.stringify({ ...floor, tier1: passed, cases: total }, null, 2) + '\n')
  console.log(`conformance: floor raised to ${passed}`)
}
console.log(`conformance: tier 1 ${passed}/${total} (floor ${floor.tier1})`)

// The bins' choice between dist/ and the sources (bin/launch.js, scripts/build.mjs), on a tiny copy of the
// package: no dist runs the sources through tsx; after a build dist runs; a source changed after the
// build makes dist stale; RSQLFLOW_DIST forces either.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('../../', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'rsqlflow-launch-'))
after(() => rmSync(root, { recursive: true, force: true }))

for (const dir of ['bin', 'scripts', 'src/cli', 'src/rsql']) mkdirSync(join(root, dir), { recursive: true })
copyFileSync(join(repo, 'bin/launch.js'), join(root, 'bin/launch.js'))
copyFileSync(join(repo, 'bin/rsql.js'), join(root, 'bin/rsql.js'))
copyFileSync(join(repo, 'scripts/build.mjs'), join(root, 'scripts/build.mjs'))
symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'))
writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'probe', type: 'module' }))
// the probe entry reports which file runs, and imports a module with a relative .ts import
writeFileSync(join(root, 'src/cli/rsql.ts'), [
  "import { where } from '../rsql/where.ts'",
  'export async function main(argv: string[]): Promise<number> {',
  "  process.stdout.write(where(import.meta.url) + ' ' + argv.join(','))",
  '  return 0',
  '}',
].join('\n'))
writeFileSync(join(root, 'src/cli/rsqlflow.ts'), 'export async function main(): Promise<number> { return 0 }\n')
writeFileSync(join(root, 'src/rsql/where.ts'), "export const where = (url: string): string => url.includes('/dist/') ? 'dist' : 'src'\n")

const run = (env: Record<string, string> = {}) => execFileSync(process.execPath, [join(root, 'bin/rsql.js'), 'a', 'b'], {
  encoding: 'utf8', env: { ...process.env, RSQLFLOW_DIST: '', ...env },
})

test('without dist the sources run through tsx; after a build dist runs', () => {
  assert.equal(run(), 'src a,b')
  const out = execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { encoding: 'utf8' })
  assert.match(out, /build: 3 files → dist\//)
  assert.equal(run(), 'dist a,b')
  assert.equal(run({ RSQLFLOW_DIST: '0' }), 'src a,b')
})

test('a source the entry loads, changed after the build, makes dist stale; RSQLFLOW_DIST=1 still runs it', () => {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')])
  assert.equal(run(), 'dist a,b')
  const later = new Date(Date.now() + 60_000)
  utimesSync(join(root, 'src/rsql/where.ts'), later, later)
  assert.equal(run(), 'src a,b')
  assert.equal(run({ RSQLFLOW_DIST: '1' }), 'dist a,b')
})

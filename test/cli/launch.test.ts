// The bins' choice between dist/ and the sources (bin/launch.js, scripts/build.mjs), on a tiny copy of the
// package: no dist runs the sources through tsx; after a build the rsql bundle runs (the per-file build
// when there is no bundle); a source changed after the build makes dist stale; RSQLFLOW_DIST forces either.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
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
// the probe entry reports which file runs (from its stack: the bundle keeps import.meta.url at the
// per-file build), the package name read relative to import.meta.url, whether pg loaded Node's fetch
// (its Cloudflare probe), and its arguments
writeFileSync(join(root, 'src/cli/rsql.ts'), [
  "import { readFileSync } from 'node:fs'",
  "import pg from 'pg'",
  "import { where } from '../rsql/where.ts'",
  'export async function main(argv: string[]): Promise<number> {',
  "  const name = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string }).name",
  "  const fetchLoaded = (process as unknown as { moduleLoadList: string[] }).moduleLoadList.some(m => m.includes('undici'))",
  "  process.stdout.write([where(new Error().stack ?? ''), name, typeof pg.Client, `fetch:${fetchLoaded}`, argv.join(',')].join(' '))",
  '  return 0',
  '}',
].join('\n'))
writeFileSync(join(root, 'src/cli/rsqlflow.ts'), 'export async function main(): Promise<number> { return 0 }\n')
writeFileSync(join(root, 'src/rsql/where.ts'),
  "export const where = (stack: string): string => stack.includes('/dist/bundle/') ? 'bundle' : stack.includes('/dist/') ? 'dist' : 'src'\n")
const build = () => execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { encoding: 'utf8' })
const rest = ' probe function fetch:false a,b'
interface Build { bundles: Record<string, { file: string; packages: string[] }> }
const run = (env: Record<string, string> = {}) => execFileSync(process.execPath, [join(root, 'bin/rsql.js'), 'a', 'b'], {
  encoding: 'utf8', env: { ...process.env, RSQLFLOW_DIST: '', ...env },
})

test('without dist the sources run through tsx; after a build the rsql bundle runs', () => {
  assert.equal(run(), 'src' + rest)
  assert.match(build(), /build: 3 files → dist\/, rsql bundled/)
  assert.equal(run(), 'bundle' + rest)
  assert.equal(run({ RSQLFLOW_DIST: '0' }), 'src' + rest)
})

test('a source the entry loads, changed after the build, makes dist stale; RSQLFLOW_DIST=1 still runs it', () => {
  build()
  assert.equal(run(), 'bundle' + rest)
  const later = new Date(Date.now() + 60_000)
  utimesSync(join(root, 'src/rsql/where.ts'), later, later)
  assert.equal(run(), 'src' + rest)
  assert.equal(run({ RSQLFLOW_DIST: '1' }), 'bundle' + rest)
})

test('a build without the bundle (no esbuild) runs the per-file build', () => {
  const earlier = new Date(Date.now() - 60_000)
  utimesSync(join(root, 'src/rsql/where.ts'), earlier, earlier)
  build()
  const file = join(root, 'dist/BUILD')
  const { bundles, ...others } = JSON.parse(readFileSync(file, 'utf8')) as Build
  assert.equal(bundles['cli/rsql'].file, 'bundle/rsql/rsql.js')
  writeFileSync(file, JSON.stringify(others))
  rmSync(join(root, 'dist/bundle'), { recursive: true })
  assert.equal(run(), 'dist' + rest)
})

test('a package inside the bundle, installed again after the build, runs the per-file build', () => {
  build()
  const file = join(root, 'dist/BUILD')
  const built = JSON.parse(readFileSync(file, 'utf8')) as Build
  assert.ok(built.bundles['cli/rsql'].packages.some(p => p.endsWith('node_modules/pg/package.json')))
  // the probe's own package.json stands in for pg's (the tree's node_modules is shared with the repo)
  built.bundles['cli/rsql'].packages = ['package.json']
  writeFileSync(file, JSON.stringify(built))
  assert.equal(run(), 'bundle' + rest)
  writeFileSync(join(root, 'package.json'), readFileSync(join(root, 'package.json')))
  assert.equal(run(), 'dist' + rest)
  assert.equal(run({ RSQLFLOW_DIST: '1' }), 'bundle' + rest)
})

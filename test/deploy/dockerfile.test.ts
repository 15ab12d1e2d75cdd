// The runtime image cannot be built here (no Docker engine): what can be checked statically is.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DOCKERFILE, IMAGE_CONTEXT_EXCLUDE, PACKAGE_ROOT } from '../../src/deploy/index.ts'

const text = readFileSync(join(PACKAGE_ROOT, DOCKERFILE), 'utf8')
const instructions = text.split('\n').filter(l => l.trim() && !l.startsWith('#'))
  .join('\n').replace(/\\\n\s*/g, ' ').split('\n').map(l => { const [op, ...rest] = l.trim().split(/\s+/); return { op: op.toUpperCase(), args: rest.join(' ') } })
const all = (op: string) => instructions.filter(i => i.op === op)

test('based on Node 20 slim, and the only stage', () => {
  const from = all('FROM')
  assert.equal(from.length, 1)
  assert.match(from[0].args, /^node:20(\.\d+)*-(bookworm-|bullseye-)?slim$/)
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'))
  assert.match(pkg.engines.node, /^>=20/)
})

test('the entrypoint is rsqlflow fetch-and-run in exec form, and the rsqlflow command is installed', () => {
  const entry = all('ENTRYPOINT')
  assert.equal(entry.length, 1)
  assert.deepEqual(JSON.parse(entry[0].args), ['rsqlflow', 'fetch-and-run'])
  assert.equal(all('CMD').length, 0)
  assert.ok(all('RUN').some(r => /ln -s \S*bin\/rsqlflow\.js \/usr\/local\/bin\/rsqlflow/.test(r.args)))
  const bin = readFileSync(join(PACKAGE_ROOT, 'bin/rsqlflow.js'), 'utf8')
  assert.match(bin.split('\n')[0], /^#!\/usr\/bin\/env node/)
})

test('runs as a non-root user, set after the last RUN', () => {
  const users = instructions.map((ins, i) => ({ ...ins, i })).filter(x => x.op === 'USER')
  assert.equal(users.length, 1)
  assert.doesNotMatch(users[0].args, /^(root|0)(:|$)/)
  const lastRun = Math.max(...instructions.map((ins, i) => (ins.op === 'RUN' ? i : -1)))
  assert.ok(users[0].i > lastRun)
})

test('installs production dependencies from the lock file only', () => {
  assert.ok(all('RUN').some(r => /npm ci\b.*--omit=dev/.test(r.args)))
  assert.ok(!all('RUN').some(r => /npm install\b|curl|wget/.test(r.args)), 'nothing fetched outside the lock file')
})

test('every COPY source exists in the package and survives the build-context filter', () => {
  const sources = all('COPY').flatMap(c => c.args.split(/\s+/).slice(0, -1)).filter(a => !a.startsWith('--'))
  assert.ok(sources.length >= 4)
  const kept = (rel: string) => {
    // Docker ignore semantics for these simple patterns: the last matching pattern wins.
    let excluded = false
    for (const p of IMAGE_CONTEXT_EXCLUDE) {
      const negate = p.startsWith('!')
      const pattern = (negate ? p.slice(1) : p).replace(/\/$/, '')
      const re = new RegExp(`^${pattern.replace(/\*\*\//g, '(.*/)?').replace(/\*/g, '[^/]*')}(/|$)`)
      if (re.test(rel)) excluded = !negate
    }
    return !excluded
  }
  for (const src of sources) {
    assert.ok(existsSync(join(PACKAGE_ROOT, src)), `${src} exists`)
    assert.ok(kept(src.replace(/^\.\//, '')), `${src} is in the build context`)
  }
  for (const out of ['node_modules', 'test', '.rsqlflow', 'bench']) assert.ok(!kept(out), `${out} is left out`)
  assert.ok(statSync(join(PACKAGE_ROOT, 'bin/rsqlflow.js')).isFile())
})

// The console ships built (web/dist is committed, the server needs no build step): the build must match the sources.
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { sourceHash, WEB_DIR } from '../../web/source-hash.ts'

test('the committed web/dist was built from the web/src in the tree (npm run build:web)', () => {
  const recorded = readFileSync(join(WEB_DIR, 'dist', 'source-hash.txt'), 'utf8').trim()
  assert.equal(recorded, sourceHash(), 'web/src changed since the last build: run npm run build:web and commit web/dist')
})

test('index.html loads only assets that exist, from the same origin', () => {
  const html = readFileSync(join(WEB_DIR, 'dist', 'index.html'), 'utf8')
  const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(m => m[1]!)
  assert.ok(refs.some(r => r.endsWith('.js')), 'a script')
  for (const ref of refs) {
    assert.match(ref, /^\/assets\/[\w.-]+$/, `${ref} is a local asset (no CDN)`)
    assert.ok(existsSync(join(WEB_DIR, 'dist', ref)), `${ref} exists`)
  }
  assert.doesNotMatch(readFileSync(join(WEB_DIR, 'dist', refs.find(r => r.endsWith('.css'))!), 'utf8'), /@import|url\(https?:/, 'no fonts or styles from the network')
})

test('the console renders text only: no raw HTML, no eval', () => {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap(e => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
  for (const file of walk(join(WEB_DIR, 'src'))) {
    const text = readFileSync(file, 'utf8')
    assert.doesNotMatch(text, /dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(/, file)
  }
})

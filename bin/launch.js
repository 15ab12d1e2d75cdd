// What the bins run: the precompiled build (dist/, made by `npm run build` and by `prepare` on
// `npm install`/`npm ci`) when it is there and current, else the TypeScript sources through tsx.
// Current: none of the source files the entry can load (listed in dist/BUILD) changed after the
// build. RSQLFLOW_DIST=0 always runs the sources, RSQLFLOW_DIST=1 runs dist when it is there (benchmarks).
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Imports `src/<entry>.ts` (e.g. `cli/rsql`), or its build `dist/<entry>.js`. */
export async function load(entry) {
  if (distIsCurrent(entry)) return import(new URL(`../dist/${entry}.js`, import.meta.url).href)
  const { register } = await import('tsx/esm/api')
  register()
  return import(new URL(`../src/${entry}.ts`, import.meta.url).href)
}

function distIsCurrent(entry) {
  if (process.env.RSQLFLOW_DIST === '0') return false
  let build
  try {
    build = JSON.parse(readFileSync(join(root, 'dist', 'BUILD'), 'utf8'))
  } catch {
    return false
  }
  const files = build.entries?.[entry]
  if (!files) return false
  if (process.env.RSQLFLOW_DIST === '1') return true
  try {
    for (const f of files) if (statSync(join(root, 'src', f)).mtimeMs > build.builtAt) return false
  } catch {
    return false // a source file was removed
  }
  return true
}

// What the bins run: the precompiled build (dist/, made by `npm run build` and by `prepare` on
// `npm install`/`npm ci`) when it is there and current, else the TypeScript sources through tsx.
// Current: none of the source files the entry can load (listed in dist/BUILD) changed after the
// build. RSQLFLOW_DIST=0 always runs the sources, RSQLFLOW_DIST=1 runs dist when it is there (benchmarks).
// The rsql entry's build includes a bundle (dist/bundle/rsql/, see scripts/build.mjs): it runs instead of
// the per-file build whenever that would run and none of the packages inside it was installed since.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Which build of `src/<entry>.ts` load() runs: 'bundle' (dist/bundle/, one file with its chunks),
 * 'dist' (the per-file build) or 'src' (the sources through tsx). */
export function pick(entry) {
  const build = currentBuild(entry)
  if (!build) return 'src'
  return build.bundles?.[entry] && bundleIsCurrent(build.bundles[entry], build.builtAt) ? 'bundle' : 'dist'
}

/** The bundle holds copies of packages (pg): one reinstalled after the build leaves it behind. */
function bundleIsCurrent(bundle, builtAt) {
  if (process.env.RSQLFLOW_DIST === '1') return true
  try {
    for (const f of bundle.packages) if (statSync(join(root, f)).ctimeMs > builtAt) return false
  } catch {
    return false // a package was removed
  }
  return true
}

/** Imports `src/<entry>.ts` (e.g. `cli/rsql`), or its build: the bundle or `dist/<entry>.js`. */
export async function load(entry, how = pick(entry)) {
  if (how === 'bundle') return import(new URL(`../dist/${currentBuild(entry).bundles[entry].file}`, import.meta.url).href)
  if (how === 'dist') return import(new URL(`../dist/${entry}.js`, import.meta.url).href)
  const { register } = await import('tsx/esm/api')
  register()
  return import(new URL(`../src/${entry}.ts`, import.meta.url).href)
}

const builds = new Map()
function currentBuild(entry) {
  if (!builds.has(entry)) builds.set(entry, readCurrentBuild(entry))
  return builds.get(entry)
}

/** dist/BUILD when dist holds a current build of the entry, else undefined. */
function readCurrentBuild(entry) {
  if (process.env.RSQLFLOW_DIST === '0') return undefined
  let build
  try {
    build = JSON.parse(readFileSync(join(root, 'dist', 'BUILD'), 'utf8'))
  } catch {
    return undefined
  }
  const files = build.entries?.[entry]
  if (!files) return undefined
  if (process.env.RSQLFLOW_DIST === '1') return build
  try {
    for (const f of files) if (statSync(join(root, 'src', f)).mtimeMs > build.builtAt) return undefined
  } catch {
    return undefined // a source file was removed
  }
  return build
}

/**
 * A reader that goes away (`rsql -c '…' | head -1`) kills a C program such as psql with SIGPIPE: the shell sees
 * 141 and nothing is printed. Node.js ignores SIGPIPE and reports EPIPE as an error event on the stream, a stack
 * trace when unhandled: the bins end the same quiet way, with the same status.
 */
export function exitQuietlyOnBrokenPipe() {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', err => {
      if (err.code === 'EPIPE') process.exit(141) // 128 + SIGPIPE
      if (stream.listenerCount('error') > 1) return // another listener handles it (rsql's output reports a full disk as psql)
      throw err
    })
  }
}

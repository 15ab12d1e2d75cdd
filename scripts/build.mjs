#!/usr/bin/env node
// `npm run build` (and `prepare`): src/**/*.ts → dist/**/*.js, transpiled file by file (no type check:
// that is `npm run typecheck`), relative `.ts` imports rewritten to `.js`. Other files under src
// (samples, the Dockerfile) are copied, so paths relative to import.meta.url resolve as in src.
// dist/BUILD lists, per bin entry, the source files it can load (relative imports, static and dynamic,
// followed) and the copied files: the bins (bin/launch.js) run dist only while none of them changed
// after the build, else the sources through tsx. dist only saves start-up time (tsx's ~0.5 s and more).
// The rsql entry is also bundled (dist/bundle/rsql/, see bundle() below), listed in BUILD's `bundles`.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, normalize, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const src = join(root, 'src')
const out = join(root, 'dist')

let ts
try {
  ts = (await import('typescript')).default
} catch {
  console.log('build: typescript is not installed (a production install): the bins run the sources through tsx')
  process.exit(0)
}

const started = Date.now()
const tmp = `${out}.tmp-${process.pid}`
rmSync(tmp, { recursive: true, force: true })
const compilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  rewriteRelativeImportExtensions: true,
  allowImportingTsExtensions: true,
  esModuleInterop: true,
  useDefineForClassFields: true,
  sourceMap: false,
}
const ENTRIES = ['cli/rsql', 'cli/rsqlflow']
// packages inside the rsql bundle: pg, pg-copy-streams and their dependencies, loaded by every run (the
// others load lazily or not at all, and stay external; bundling them saved nothing measurable)
const BUNDLED = /^(pg|pg-.*|postgres-.*|pgpass|split2|xtend)$/
const imports = new Map() // source file (relative to src) → the relative files it imports
const copied = []
let files = 0
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue
  const from = join(entry.parentPath ?? entry.path, entry.name)
  const rel = relative(src, from)
  if (rel.endsWith('.d.ts')) continue
  if (rel.endsWith('.ts')) {
    const r = ts.transpileModule(readFileSync(from, 'utf8'), { compilerOptions, fileName: from, reportDiagnostics: true })
    const errors = (r.diagnostics ?? []).filter(d => d.category === ts.DiagnosticCategory.Error)
    if (errors.length > 0) {
      console.error(`build: ${rel}: ${ts.flattenDiagnosticMessageText(errors[0].messageText, '\n')}`)
      rmSync(tmp, { recursive: true, force: true })
      process.exit(1)
    }
    write(join(tmp, rel.slice(0, -3) + '.js'), r.outputText)
    imports.set(rel, ts.preProcessFile(readFileSync(from, 'utf8'), true, true).importedFiles
      .map(f => f.fileName).filter(f => /^\.\.?\//.test(f)).map(f => normalize(join(dirname(rel), f))))
    files++
  } else {
    mkdirSync(dirname(join(tmp, rel)), { recursive: true })
    copyFileSync(from, join(tmp, rel))
    copied.push(rel)
  }
}
const entries = {}
for (const entry of ENTRIES) {
  const seen = new Set([`${entry}.ts`])
  for (const file of seen) for (const next of imports.get(file) ?? []) seen.add(next)
  entries[entry] = [...seen, ...copied].sort()
}
const bundles = await bundle(tmp)
write(join(tmp, 'BUILD'), JSON.stringify({ builtAt: started, files, entries, bundles }) + '\n')
rmSync(out, { recursive: true, force: true })
renameSync(tmp, out)
const bundled = Object.keys(bundles).length > 0 ? ', rsql bundled' : ''
console.log(`build: ${files} files → dist/${bundled} in ${((Date.now() - started) / 1000).toFixed(1)} s`)

// The rsql bin starts from one esbuild bundle of its build (dist/bundle/rsql/): one file read at start-up
// instead of ~100, pg and its small dependencies inside. Code splitting keeps the lazily imported modules
// (S3, the dialect's parser and codecs, the Redshift clients) as chunks loaded on first use; the other
// packages stay external, resolved from node_modules. import.meta.url in a bundled file is rewritten to
// the URL of that file's per-file build, so paths relative to it resolve as in dist (and src).
async function bundle(dir) {
  let esbuild
  try {
    esbuild = await import('esbuild')
  } catch {
    console.log('build: esbuild is not installed: the rsql bin runs the per-file build')
    return {}
  }
  const outdir = join(dir, 'bundle', 'rsql')
  // pg probes for Cloudflare Workers when it loads (see bin/rsql.js): in the bundle its `navigator` is
  // Node's own (Node 21+) or a stand-in that says Node.js, so the probe never builds a fetch Response
  const navigator = join(dir, 'bundle-navigator.js')
  writeFileSync(navigator, 'export const navigator = globalThis.navigator ?? { userAgent: `Node.js/${process.versions.node}` }\n')
  const inDist = file => !relative(dir, file).startsWith('..') && !file.includes(`${sep}node_modules${sep}`)
  let metafile
  try {
    ({ metafile } = await esbuild.build({
      entryPoints: { rsql: join(dir, 'cli', 'rsql.js') }, absWorkingDir: root, metafile: true,
      outdir, bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20',
      logLevel: 'silent', legalComments: 'none', inject: [navigator],
      // bundled CommonJS (pg) requires Node's modules: the ESM output needs a `require` for them
      banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
      plugins: [{
        name: 'rsqlflow',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, ({ path }) => {
            const name = path.split('/').slice(0, path.startsWith('@') ? 2 : 1).join('/')
            return BUNDLED.test(name) ? undefined : { external: true }
          })
          build.onLoad({ filter: /\.js$/ }, ({ path }) => {
            if (!inDist(path)) return undefined
            const text = readFileSync(path, 'utf8')
            if (/\bimport\.meta\.(?!url\b)/.test(text)) throw new Error(`${relative(dir, path)} uses import.meta beyond import.meta.url`)
            const url = `new URL(${JSON.stringify(relative(outdir, path).split(sep).join('/'))}, import.meta.url).href`
            return { contents: text.replace(/\bimport\.meta\.url\b/g, url), loader: 'js' }
          })
        },
      }],
    }))
  } catch (e) {
    console.log(`build: the rsql bundle failed, the rsql bin runs the per-file build: ${e.errors?.[0]?.text ?? e.message}`)
    rmSync(join(dir, 'bundle'), { recursive: true, force: true })
    return {}
  } finally {
    rmSync(navigator, { force: true })
  }
  // the packages inside, by their package.json (relative to the root): a package installed after the
  // build makes the bundle stale (bin/launch.js then runs the per-file build, which imports node_modules)
  const packages = new Set(Object.keys(metafile.inputs)
    .map(input => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.split(sep).join('/'))?.[1])
    .filter(Boolean).map(dir => `${dir}/package.json`))
  return { 'cli/rsql': { file: 'bundle/rsql/rsql.js', packages: [...packages].sort() } }
}

function write(path, text) {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
}


#!/usr/bin/env node
// `npm run build` (and `prepare`): src/**/*.ts → dist/**/*.js, transpiled file by file (no type check:
// that is `npm run typecheck`), relative `.ts` imports rewritten to `.js`. Other files under src
// (samples, the Dockerfile) are copied, so paths relative to import.meta.url resolve as in src.
// dist/BUILD lists, per bin entry, the source files it can load (relative imports, static and dynamic,
// followed) and the copied files: the bins (bin/launch.js) run dist only while none of them changed
// after the build, else the sources through tsx. dist only saves start-up time (tsx's ~0.5 s and more).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
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
write(join(tmp, 'BUILD'), JSON.stringify({ builtAt: started, files, entries }) + '\n')
rmSync(out, { recursive: true, force: true })
renameSync(tmp, out)
console.log(`build: ${files} files → dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`)

function write(path, text) {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
}


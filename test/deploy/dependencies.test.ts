// An installed rsqlflow (`npm install rsqlflow`) gets its dependencies, not its devDependencies: every package
// src/ loads at run time (imports, and require.resolve of a tool such as the CDK CLI that `deploy` spawns)
// must be a dependency.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'

const root = new URL('../../', import.meta.url).pathname
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e => e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [])
}

const packageOf = (specifier: string) => specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!

test('every package src/ imports or resolves at run time is a dependency (deploy spawns the CDK CLI from aws-cdk)', () => {
  const used = new Map<string, string>()
  for (const file of files(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8')
    // type-only imports vanish at run time
    const patterns = [/^\s*import\s+(?!type\b)[^'"]*?from\s+'([^'.][^']*)'/gm, /^\s*import\s+'([^'.][^']*)'/gm, /\bimport\(\s*'([^'.][^']*)'\s*\)/g, /\b(?:require\.resolve|import\.meta\.resolve)\(\s*'([^'.][^']*)'\s*\)/g]
    for (const re of patterns) for (const m of text.matchAll(re)) used.set(packageOf(m[1]!), file.slice(root.length))
  }
  assert.ok(used.has('aws-cdk'), 'deploy resolves the CDK CLI')
  const missing = [...used].filter(([name]) => !name.startsWith('node:') && !builtinModules.includes(name) && !Object.hasOwn(pkg.dependencies, name))
  assert.deepEqual(missing, [], 'packages src/ needs that an installed rsqlflow would lack')
})

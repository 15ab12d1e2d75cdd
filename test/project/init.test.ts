// `init` writes a `$schema` an editor resolves offline: a path from the project to the JSON Schema file that exists.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { checkConfigText, initProject } from '../../src/project/index.ts'
import { TPCH_SAMPLE_DIR } from '../../src/samples/index.ts'

const root = await mkdtemp(join(tmpdir(), 'rsqlflow-init-'))
after(() => rm(root, { recursive: true, force: true }))
const packageSchema = JSON.parse(await readFile(new URL('../../schema/rsqlflow.schema.json', import.meta.url), 'utf8')) as unknown

async function schemaOf(dir: string): Promise<string> {
  const text = await readFile(join(dir, 'rsqlflow.json'), 'utf8')
  assert.deepEqual(checkConfigText(text).problems, [], 'validate accepts the $schema init wrote')
  const ref = (JSON.parse(text) as { $schema: string }).$schema
  assert.match(ref, /^\.{1,2}\//, 'a path relative to rsqlflow.json, as editors resolve it')
  assert.deepEqual(JSON.parse(await readFile(resolve(dir, ref), 'utf8')), packageSchema, `${ref} is the package's schema`)
  return ref
}

test('without rsqlflow in the project\'s node_modules (global install, npx), $schema leads to the schema of the rsqlflow that ran init', async () => {
  await initProject(join(root, 'plain'))
  assert.match(await schemaOf(join(root, 'plain')), /\/schema\/rsqlflow\.schema\.json$/)
})

test('with rsqlflow installed in the project, $schema is ./node_modules/rsqlflow/schema/rsqlflow.schema.json', async () => {
  const dir = join(root, 'installed')
  await mkdir(join(dir, 'node_modules', 'rsqlflow', 'schema'), { recursive: true })
  await writeFile(join(dir, 'node_modules', 'rsqlflow', 'schema', 'rsqlflow.schema.json'), JSON.stringify(packageSchema))
  await initProject(dir)
  assert.equal(await schemaOf(dir), './node_modules/rsqlflow/schema/rsqlflow.schema.json')
})

test('init --sample tpch rewrites the sample\'s $schema the same way, keeping the rest of its rsqlflow.json', async () => {
  const dir = join(root, 'sample')
  await initProject(dir, { sampleDir: TPCH_SAMPLE_DIR })
  await schemaOf(dir)
  const copied = JSON.parse(await readFile(join(dir, 'rsqlflow.json'), 'utf8')) as Record<string, unknown>
  const original = JSON.parse(await readFile(join(TPCH_SAMPLE_DIR, 'rsqlflow.json'), 'utf8')) as Record<string, unknown>
  assert.deepEqual({ ...copied, $schema: undefined }, { ...original, $schema: undefined })
})

test('init into a folder with a .gitignore appends .rsqlflow/ to it once, keeping its lines', async () => {
  const dir = join(root, 'has-gitignore')
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, '.gitignore'), 'node_modules/\n*.log') // no newline at the end
  const r = await initProject(dir)
  assert.deepEqual(r.gitignoreAdded, ['.rsqlflow/'])
  assert.ok(!r.files.includes('.gitignore'), 'the .gitignore was not written anew')
  assert.equal(await readFile(join(dir, '.gitignore'), 'utf8'), 'node_modules/\n*.log\n.rsqlflow/\n')

  const again = join(root, 'has-entry')
  await mkdir(again, { recursive: true })
  await writeFile(join(again, '.gitignore'), 'dist\n/.rsqlflow\n')
  assert.deepEqual((await initProject(again)).gitignoreAdded, [], 'an entry written as /.rsqlflow counts')
  assert.equal(await readFile(join(again, '.gitignore'), 'utf8'), 'dist\n/.rsqlflow\n')

  const fresh = join(root, 'no-gitignore')
  const created = await initProject(fresh)
  assert.ok(created.files.includes('.gitignore'))
  assert.deepEqual(created.gitignoreAdded, [])
  assert.equal(await readFile(join(fresh, '.gitignore'), 'utf8'), '.rsqlflow/\n')
})

import { appendFile, cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { DEFAULT_ACCOUNT_ID, DEFAULT_JOB_DEFINITION, DEFAULT_JOB_QUEUE } from './config.ts'
import { ConfigError } from './errors.ts'
import { checkConfigText } from './load.ts'
import { CONFIG_FILE, STATE_DIR } from './paths.ts'

export interface InitOptions {
  /** The project name (default: the folder's name, made a valid name). */
  name?: string
  /** Copy this sample project folder instead of writing the starter files. */
  sampleDir?: string
}

export interface InitResult {
  dir: string
  name: string
  /** Files written, relative to dir. */
  files: string[]
  /** Lines appended to a .gitignore the folder already had (empty when it had them all, or had none). */
  gitignoreAdded: string[]
}

/** A valid project name from a folder name: lower case, hyphens for anything else. */
export function projectNameFrom(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 42).replace(/-+$/, '')
  return name.length >= 2 ? name : 'rsqlflow-project'
}

/** Scaffolds a project: rsqlflow.json, workflows/, scripts/, data/, and a .gitignore for .rsqlflow/. */
export async function initProject(dirIn: string, options: InitOptions = {}): Promise<InitResult> {
  const dir = resolve(dirIn)
  if (options.name !== undefined) {
    // checked before anything is written: a project whose own rsqlflow.json fails validation helps no one
    const bad = checkConfigText(JSON.stringify({ name: options.name })).problems.find(p => p.path === 'name')
    if (bad) throw new ConfigError('ValidationException', [{ file: '--name', path: '', message: `${JSON.stringify(options.name)}: ${bad.message}` }])
  }
  const existing = await stat(dir).catch(() => undefined)
  if (existing && !existing.isDirectory()) throw new ConfigError('ValidationException', [{ file: dirIn, path: '', message: 'exists and is not a folder; nothing was changed' }])
  if (await exists(join(dir, CONFIG_FILE))) {
    throw new ConfigError('ProjectExists', [{ file: CONFIG_FILE, path: '', message: `already exists in ${dir}; nothing was changed` }])
  }
  await mkdir(dir, { recursive: true })
  const files: string[] = []
  const write = async (rel: string, text: string) => {
    await mkdir(join(dir, rel, '..'), { recursive: true })
    await writeFile(join(dir, rel), text, { flag: 'wx' }).then(() => files.push(rel), (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err // a file the user already has is kept as it is
    })
  }
  let name: string
  if (options.sampleDir) {
    await cp(options.sampleDir, dir, { recursive: true, force: false, errorOnExist: false })
    const text = await readFile(join(dir, CONFIG_FILE), 'utf8')
    name = (JSON.parse(text) as { name: string }).name
    const schema = JSON.stringify(await schemaReference(dir))
    await writeFile(join(dir, CONFIG_FILE), text.replace(/("\$schema"\s*:\s*)"(?:[^"\\]|\\.)*"/, (_, key: string) => key + schema))
    files.push(CONFIG_FILE, 'workflows/', 'scripts/')
    await mkdir(join(dir, 'data'), { recursive: true })
  } else {
    name = options.name ?? projectNameFrom(basename(dir))
    await write(CONFIG_FILE, JSON.stringify({ $schema: await schemaReference(dir), name }, null, 2) + '\n')
    await write('workflows/hello.asl.json', JSON.stringify(helloWorkflow(name), null, 2) + '\n')
    await write('scripts/hello.sql', HELLO_SQL)
    await write('data/README.md', 'Files here are published to the data bucket under the same relative key (`rsqlflow publish`).\n')
  }
  const gitignoreAdded: string[] = []
  const ignored = await readFile(join(dir, '.gitignore'), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined
    throw err
  })
  if (ignored === undefined) await write('.gitignore', GITIGNORE.join('\n') + '\n')
  else {
    // an existing .gitignore keeps its lines; the store and warehouse data must still stay out of git
    const have = new Set(ignored.split(/\r?\n/).map(ignoreEntry))
    gitignoreAdded.push(...GITIGNORE.filter(l => !have.has(ignoreEntry(l))))
    if (gitignoreAdded.length) {
      const sepLine = ignored === '' || ignored.endsWith('\n') ? '' : '\n'
      await appendFile(join(dir, '.gitignore'), sepLine + gitignoreAdded.join('\n') + '\n')
    }
  }
  return { dir, name, files, gitignoreAdded }
}

/** The lines init writes into a project's .gitignore. */
const GITIGNORE = [`${STATE_DIR}/`]

/** A .gitignore line as the entry it names: `/.rsqlflow/`, `.rsqlflow/` and `.rsqlflow` are one. */
const ignoreEntry = (line: string) => line.trim().replace(/^\//, '').replace(/\/$/, '')

/** The package's JSON Schema of rsqlflow.json (src/project and dist/project sit at the same depth). */
export const SCHEMA_FILE = fileURLToPath(new URL('../../schema/rsqlflow.schema.json', import.meta.url))

/**
 * The `$schema` of a new rsqlflow.json, for editors to resolve offline: the project's own install
 * (`./node_modules/rsqlflow/…`) when it has one, otherwise a path relative to the project to the schema of the
 * rsqlflow that runs (a global install, npx, a checkout), or its file URL when no relative path leads there.
 */
async function schemaReference(dir: string): Promise<string> {
  const local = 'node_modules/rsqlflow/schema/rsqlflow.schema.json'
  if (await exists(join(dir, local))) return `./${local}`
  const rel = relative(dir, SCHEMA_FILE)
  if (isAbsolute(rel)) return pathToFileURL(SCHEMA_FILE).href // another drive
  const posix = rel.split(sep).join('/')
  return posix.startsWith('../') ? posix : `./${posix}`
}

const HELLO_SQL = `-- A first RSQL script. fetch-and-run substitutes the job's declared variables such as \${DATA_BUCKET_NAME}
-- before the script runs; the script's exit code decides whether the Batch job succeeds.

select current_date as today, '\${DATA_BUCKET_NAME}' as data_bucket;
\\if :ERROR <> 0
  \\remark 'hello failed:' :ERRORCODE
  \\remark :LAST_ERROR_MESSAGE
  \\exit 1
\\endif

\\remark 'hello from rsqlflow'
\\exit 0
`

function helloWorkflow(name: string): object {
  return {
    Comment: 'Runs scripts/hello.sql as an AWS Batch job',
    StartAt: 'hello',
    States: {
      hello: {
        Type: 'Task',
        Resource: 'arn:aws:states:::batch:submitJob.sync',
        Parameters: {
          JobName: 'hello',
          JobQueue: DEFAULT_JOB_QUEUE,
          JobDefinition: DEFAULT_JOB_DEFINITION,
          ContainerOverrides: {
            Environment: [
              { Name: 'BATCH_SCRIPT_LOCATION', Value: `s3://${name}-scripts/hello.sql` },
              { Name: 'DATA_BUCKET_NAME', Value: `${name}-data` },
              { Name: 'COPY_IAM_ROLE_ARN', Value: `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:role/${name}-copy` },
            ],
          },
        },
        End: true,
      },
    },
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false)
}

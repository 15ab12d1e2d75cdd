import { readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { applyDefaults, type ProjectConfig } from './config.ts'
import { checkReferences } from './checks.ts'
import { findProjectDir } from './discover.ts'
import { ConfigError, jsonSyntaxProblem, locateProblems, type ConfigProblem } from './errors.ts'
import { validateSchema, type Schema } from './json-schema.ts'
import { CONFIG_FILE, projectPaths, type ProjectPaths } from './paths.ts'

/** A workflow file: `workflows/etl.asl.json` is the state machine `etl`. */
export interface WorkflowFile {
  name: string
  /** Absolute path. */
  file: string
  /** Relative to the project folder, with `/`: `workflows/etl.asl.json`. */
  path: string
}

export interface Project {
  dir: string
  config: ProjectConfig
  paths: ProjectPaths
  workflows: WorkflowFile[]
}

export const WORKFLOW_SUFFIX = '.asl.json'

let schemaCache: Schema | undefined
/** The shipped JSON Schema of `rsqlflow.json`. */
export function projectSchema(): Schema {
  schemaCache ??= JSON.parse(readFileSync(new URL('../../schema/rsqlflow.schema.json', import.meta.url), 'utf8')) as Schema
  return schemaCache
}

/** Every problem with a config text: JSON syntax, then the schema, then references between entries. */
export function checkConfigText(text: string, options: { file?: string; workflows?: string[] } = {}): { raw?: Record<string, unknown>; problems: ConfigProblem[] } {
  const file = options.file ?? CONFIG_FILE
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    return { problems: [jsonSyntaxProblem(file, text, err)] }
  }
  const schemaProblems = validateSchema(raw, projectSchema()).map(p => ({ file, ...p }))
  if (schemaProblems.length) return { problems: locateProblems(schemaProblems, text, file) }
  const obj = raw as Record<string, unknown>
  return { raw: obj, problems: locateProblems(checkReferences(obj, file, options.workflows), text, file) }
}

/** Parses and validates a config text; throws a ConfigError naming every problem. */
export function parseConfig(text: string, options: { file?: string; workflows?: string[] } = {}): ProjectConfig {
  const { raw, problems } = checkConfigText(text, options)
  if (problems.length || !raw) throw new ConfigError('ValidationException', problems)
  return applyDefaults(raw)
}

/**
 * A problem with a field of the project's rsqlflow.json found after loading (a DSN, a URL the runtime reads),
 * located at the field's line and column as the loading's problems are.
 */
export function configFieldError(project: { paths: ProjectPaths }, path: string, message: string, options?: { cause?: unknown }): ConfigError {
  let problems: ConfigProblem[] = [{ file: CONFIG_FILE, path, message }]
  try {
    problems = locateProblems(problems, readFileSync(project.paths.configFile, 'utf8'), CONFIG_FILE)
  } catch { /* gone since it was loaded: the field alone still names it */ }
  return new ConfigError('ValidationException', problems, options)
}

/** The workflow files of a project folder, sorted by name. */
export async function listWorkflows(dir: string): Promise<WorkflowFile[]> {
  const folder = join(dir, 'workflows')
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => [])
  return entries
    .filter(e => e.isFile() && e.name.endsWith(WORKFLOW_SUFFIX))
    .map(e => ({ name: e.name.slice(0, -WORKFLOW_SUFFIX.length), file: join(folder, e.name), path: `workflows/${e.name}` }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** Every file under a folder, as keys relative to it with `/` separators, sorted. */
export async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries
    .filter(e => e.isFile())
    .map(e => relative(folder, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split(sep).join('/'))
    .sort()
}

/**
 * Loads the project at `dir`, or the one found walking up from `cwd` when `dir` is not given.
 * Throws a ConfigError (`ProjectNotFound`, or `ValidationException` with every problem).
 */
export async function loadProject(options: { dir?: string; cwd?: string } = {}): Promise<Project> {
  const cwd = options.cwd ?? process.cwd()
  const dir = options.dir !== undefined ? resolve(cwd, options.dir) : findProjectDir(cwd)
  if (dir === undefined) {
    throw new ConfigError('ProjectNotFound', [{
      file: CONFIG_FILE, path: '',
      message: 'not found in the current folder or any parent folder (create a project with "rsqlflow init")',
    }])
  }
  const paths = projectPaths(dir)
  let text: string
  try {
    text = await readFile(paths.configFile, 'utf8')
  } catch (err) {
    throw new ConfigError('ProjectNotFound', [{ file: CONFIG_FILE, path: '', message: `could not read ${paths.configFile}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` }], { cause: err })
  }
  const workflows = await listWorkflows(dir)
  const config = parseConfig(text, { workflows: workflows.map(w => w.name) })
  return { dir, config, paths, workflows }
}

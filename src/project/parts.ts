// rsqlflow.json with problems still has parts the other checks can read: `rsqlflow validate` reports every problem
// in one go instead of in waves (the schema's first, the DSN, triggers and schedules only once it passes).
import { checkReferences } from './checks.ts'
import { applyDefaults, type ProjectConfig } from './config.ts'
import { CONFIG_FILE } from './paths.ts'
import { fieldPath, jsonSyntaxProblem, locateProblems, type ConfigProblem } from './errors.ts'
import { projectSchema } from './load.ts'
import { validateSchema } from './json-schema.ts'

export interface ConfigParts {
  /** Every problem the schema and the reference checks find. */
  problems: ConfigProblem[]
  /**
   * The configuration of the valid parts, defaults applied: a field with a problem is left out (an array entry with
   * one is a hole, so the others keep their index); undefined when the file is not a JSON object.
   */
  config?: ProjectConfig
  /** Whether the field (`schedules[1].scheduleExpression`) is one no problem was found at, inside or above. */
  valid(path: string): boolean
}

/** Checks a config text as `checkConfigText`, and keeps what the other checks can still read. */
export function checkConfigParts(text: string, options: { file?: string; workflows?: string[] } = {}): ConfigParts {
  const file = options.file ?? CONFIG_FILE
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    return { problems: [jsonSyntaxProblem(file, text, err)], valid: () => false }
  }
  const schemaProblems = validateSchema(raw, projectSchema()).map(p => ({ file, ...p }))
  if (!isObj(raw)) return { problems: locateProblems(schemaProblems, text, file), valid: () => false }
  const pruned = structuredClone(raw)
  for (const p of schemaProblems) remove(pruned, p.path)
  const clash = (path: string) => schemaProblems.some(p => related(path, p.path))
  const problems = [...schemaProblems, ...checkReferences(pruned, file, options.workflows).filter(p => !clash(p.path))]
  return { problems: locateProblems(problems, text, file), config: applyDefaults(pruned), valid: path => !problems.some(p => related(path, p.path)) }
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Whether one field is the other, or inside it. */
function related(a: string, b: string): boolean {
  return within(a, b) || within(b, a)
}
function within(path: string, outer: string): boolean {
  return outer === '' || path === outer || path.startsWith(`${outer}.`) || path.startsWith(`${outer}[`)
}

/** Leaves the field out: a property is deleted, an array entry becomes a hole. */
function remove(root: Obj, path: string): void {
  const keys = fieldPath(path)
  let node: unknown = root
  for (const key of keys.slice(0, -1)) {
    node = (node as Record<string | number, unknown> | undefined)?.[key]
    if (typeof node !== 'object' || node === null) return
  }
  if (keys.length) delete (node as Record<string | number, unknown>)[keys[keys.length - 1]]
}

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  checkConfigParts, CONFIG_FILE, findProjectDir, jsonSyntaxProblem, listFiles, listWorkflows, locateProblems, pointerPath, projectPaths, resourceName,
  type ConfigParts, type ConfigProblem, type ProjectConfig,
} from '../project/index.ts'
import { validateDefinition } from '../states/data/index.ts'
import { checkScriptBytes } from '../rsql/index.ts'
import { compileEventPattern, parseScheduleExpression } from '../integrations/index.ts'
import { warehouseTarget } from './warehouse-target.ts'

export interface ValidationReport {
  dir: string
  workflows: number
  scripts: number
  problems: ConfigProblem[]
}

/**
 * Checks a whole project at once: rsqlflow.json, every workflow (the States Language validator, then the
 * resources it names: job queues, job definitions, topics, state machines, scripts), and every RSQL script.
 * A field with a problem does not hold back the checks of the others: each check runs when its input is valid.
 */
export async function validateProject(dirOrCwd: string): Promise<ValidationReport> {
  const dir = findProjectDir(dirOrCwd) ?? dirOrCwd
  const paths = projectPaths(dir)
  const problems: ConfigProblem[] = []
  const workflows = await listWorkflows(dir)
  const scripts = (await listFiles(paths.scripts)).filter(f => f.endsWith('.sql'))

  let known: Known | undefined
  const text = await readFile(paths.configFile, 'utf8').catch(() => undefined)
  if (text === undefined) {
    problems.push({ file: CONFIG_FILE, path: '', message: `not found in ${dirOrCwd} or any parent folder` })
  } else {
    const parts = checkConfigParts(text, { workflows: workflows.map(w => w.name) })
    problems.push(...parts.problems)
    if (parts.config) {
      problems.push(...locateProblems(checkRuntime(parts, { dir, config: parts.config, paths, workflows }), text, CONFIG_FILE))
      known = knownNames(parts.config, parts.valid)
    }
  }

  for (const w of workflows) {
    const source = await readFile(w.file, 'utf8')
    let definition: unknown
    try {
      definition = JSON.parse(source)
    } catch (err) {
      problems.push(jsonSyntaxProblem(w.path, source, err))
      continue
    }
    const found = validateDefinition(definition)
    const located: ConfigProblem[] = found.map(p => ({ file: w.path, path: p.pointer || '/', message: p.message }))
    if (!found.length && known) located.push(...checkResources(definition, w.path, known, workflows.map(x => x.name), new Set(scripts)))
    problems.push(...locateProblems(located, source, w.path, pointerPath))
  }

  for (const s of scripts) {
    for (const p of checkScriptBytes(await readFile(join(paths.scripts, s)))) problems.push({ file: `scripts/${s}:${p.line}`, path: '', message: p.message })
  }
  return { dir, workflows: workflows.length, scripts: scripts.length, problems }
}

/**
 * What only the runtime reads, checked as the server and the commands would: DSN, event patterns, schedules; each
 * where rsqlflow.json's checks found its fields valid (an entry they left out is a hole, skipped).
 */
function checkRuntime({ config, valid }: ConfigParts, project: Parameters<typeof warehouseTarget>[0]): ConfigProblem[] {
  const out: ConfigProblem[] = []
  const at = (path: string, err: unknown) => out.push({ file: CONFIG_FILE, path, message: (err as Error).message })
  if (valid('warehouse')) {
    try { warehouseTarget(project) } catch (e) {
      out.push(...((e as { problems?: ConfigProblem[] }).problems ?? [{ file: CONFIG_FILE, path: 'warehouse', message: (e as Error).message }]))
    }
  }
  config!.triggers.forEach((t, i) => {
    if (!valid(`triggers[${i}].eventPattern`)) return
    try { compileEventPattern(t.eventPattern) } catch (e) { at(`triggers[${i}].eventPattern`, e) }
  })
  config!.schedules.forEach((s, i) => {
    const tz = s.scheduleExpressionTimezone
    if (!valid(`schedules[${i}].scheduleExpressionTimezone`)) return
    if (tz !== undefined && !knownTimeZone(tz)) return at(`schedules[${i}].scheduleExpressionTimezone`, new Error(`unknown time zone "${tz}"`))
    if (!valid(`schedules[${i}].scheduleExpression`)) return
    try { parseScheduleExpression(s.scheduleExpression, tz) } catch (e) { at(`schedules[${i}].scheduleExpression`, e) }
  })
  return out
}

/** The names workflows may give: each kind only when every entry's name is valid (else a reference may be to one left out). */
interface Known { queues?: string[]; definitions?: string[]; topics?: string[]; scriptsBucket?: string }

function knownNames(config: ProjectConfig, valid: (path: string) => boolean): Known {
  const names = (kind: 'jobQueues' | 'jobDefinitions' | 'topics') => {
    const list: { name: string }[] = config[kind]
    for (let i = 0; i < list.length; i++) if (!(i in list) || !valid(`${kind}[${i}].name`)) return undefined
    return list.map(x => x.name) // (a kind invalid as a whole was left out: its default entries fail the check above)
  }
  return {
    queues: names('jobQueues'), definitions: names('jobDefinitions'), topics: names('topics'),
    // the scripts bucket is named after the project unless buckets.scripts names it
    scriptsBucket: valid('buckets.scripts') && valid('name') ? config.buckets.scripts : undefined,
  }
}

function knownTimeZone(tz: string): boolean {
  try { new Intl.DateTimeFormat('en-US', { timeZone: tz }); return true } catch { return false }
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The names a workflow gives statically (not through `.$` paths) must exist in the project. */
function checkResources(definition: unknown, file: string, known: Known, workflows: string[], scripts: Set<string>): ConfigProblem[] {
  const out: ConfigProblem[] = []
  const { queues, definitions, topics } = known
  const scriptsPrefix = known.scriptsBucket === undefined ? undefined : `s3://${known.scriptsBucket}/`
  const visitStates = (states: unknown, pointer: string) => {
    if (!isObj(states)) return
    for (const [name, state] of Object.entries(states)) {
      if (!isObj(state)) continue
      const at = `${pointer}/${escape(name)}`
      const resource = typeof state.Resource === 'string' ? state.Resource : ''
      const args = (isObj(state.Parameters) ? state.Parameters : isObj(state.Arguments) ? state.Arguments : undefined)
      const argsAt = `${at}/${isObj(state.Parameters) ? 'Parameters' : 'Arguments'}`
      if (args && resource.includes(':states:::batch:submitJob')) {
        named(args.JobQueue, queues, 'job queue', `${argsAt}/JobQueue`)
        named(args.JobDefinition, definitions, 'job definition', `${argsAt}/JobDefinition`)
        scriptLocations(args, argsAt)
      }
      if (args && resource.includes(':states:::sns:publish')) named(args.TopicArn, topics, 'topic', `${argsAt}/TopicArn`)
      if (args && resource.includes(':states:::states:startExecution')) named(args.StateMachineArn, workflows, 'workflow', `${argsAt}/StateMachineArn`)
      if (Array.isArray(state.Branches)) state.Branches.forEach((b, i) => isObj(b) && visitStates(b.States, `${at}/Branches/${i}/States`))
      for (const key of ['ItemProcessor', 'Iterator']) {
        const p = state[key]
        if (isObj(p)) visitStates(p.States, `${at}/${key}/States`)
      }
    }
  }
  const named = (value: unknown, known: string[] | undefined, kind: string, pointer: string) => {
    if (typeof value !== 'string' || value.includes('{%') || known === undefined) return
    const name = resourceName(value)
    if (!known.includes(name)) out.push({ file, path: pointer, message: `unknown ${kind} "${name}" (${known.length ? `rsqlflow.json has ${known.map(k => `"${k}"`).join(', ')}` : `none in rsqlflow.json`})` })
  }
  // BATCH_SCRIPT_LOCATION given as a literal or as States.Format('s3://{}/key', …) names a script of the project.
  const scriptLocations = (args: Obj, pointer: string) => {
    if (scriptsPrefix === undefined) return
    const env = isObj(args.ContainerOverrides) && Array.isArray(args.ContainerOverrides.Environment) ? args.ContainerOverrides.Environment : []
    env.forEach((e, i) => {
      if (!isObj(e) || e.Name !== 'BATCH_SCRIPT_LOCATION') return
      let key: string | undefined
      if (typeof e.Value === 'string' && e.Value.startsWith(scriptsPrefix)) key = e.Value.slice(scriptsPrefix.length)
      const m = typeof e['Value.$'] === 'string' ? /^States\.Format\('s3:\/\/\{\}\/([^'{}]+)'/.exec(e['Value.$']) : null
      if (m) key = m[1]
      if (key !== undefined && !scripts.has(key)) {
        out.push({ file, path: `${pointer}/ContainerOverrides/Environment/${i}`, message: `script "scripts/${key}" does not exist` })
      }
    })
  }
  if (isObj(definition)) visitStates(definition.States, '/States')
  return out
}

function escape(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1')
}

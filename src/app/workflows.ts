import { readFile } from 'node:fs/promises'
import { ConfigError, type Project } from '../project/index.ts'
import { compile, InvalidDefinition, type CompiledMachine, type ExecutionResult, type HistoryEvent, type StatesEngine } from '../states/index.ts'

export interface WorkflowRun {
  executionArn: string
  name: string
  workflow: string
  /** Every history event so far, in order. */
  events: HistoryEvent[]
  done: Promise<ExecutionResult>
  stop(error?: string, cause?: string): void
}

export interface StartWorkflowOptions {
  input?: unknown
  /** The execution name (default: a UUID). */
  name?: string
  /** Called with each history event as it is appended. */
  onEvent?: (event: HistoryEvent) => void
}

const compiled = new WeakMap<Project, Map<string, { text: string; machine: CompiledMachine }>>()

/** Compiles `workflows/<name>.asl.json` (cached while the file is unchanged); errors name the file. */
export async function loadWorkflow(project: Project, name: string): Promise<CompiledMachine> {
  const w = project.workflows.find(x => x.name === name)
  if (!w) {
    const known = project.workflows.map(x => x.name)
    throw new ConfigError('ValidationException', [{
      file: `workflows/${name}.asl.json`, path: '',
      message: `no such workflow (${known.length ? `the project has ${known.map(k => `"${k}"`).join(', ')}` : 'workflows/ is empty'})`,
    }])
  }
  const text = await readFile(w.file, 'utf8')
  let cache = compiled.get(project)
  if (!cache) compiled.set(project, cache = new Map())
  const hit = cache.get(name)
  if (hit?.text === text) return hit.machine
  let machine: CompiledMachine
  try {
    machine = compile(JSON.parse(text))
  } catch (err) {
    if (err instanceof SyntaxError) throw new ConfigError('ValidationException', [{ file: w.path, path: '', message: `invalid JSON: ${err.message}` }])
    if (err instanceof InvalidDefinition) {
      throw new ConfigError('ValidationException', err.problems.map(p => ({ file: w.path, path: p.pointer || '/', message: p.message })))
    }
    throw err
  }
  cache.set(name, { text, machine })
  return machine
}

/** Starts an execution of a project's workflow on the engine; history events are kept and reported. */
export async function startWorkflow(engine: StatesEngine, project: Project, workflow: string, options: StartWorkflowOptions = {}): Promise<WorkflowRun> {
  const machine = await loadWorkflow(project, workflow)
  const events: HistoryEvent[] = []
  const running = engine.start({
    machine, stateMachineName: workflow, name: options.name, input: options.input ?? {}, details: true,
    history: { append(event) { events.push(event); options.onEvent?.(event) } },
  })
  return {
    executionArn: running.executionArn,
    name: running.executionArn.split(':').pop()!,
    workflow,
    events,
    done: running.done,
    stop: (error, cause) => { engine.stop(running.executionArn, error, cause) },
  }
}

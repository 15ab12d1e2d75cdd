import { readFile } from 'node:fs/promises'
import { ConfigError, jsonSyntaxProblem, locateProblems, pointerPath, type Project } from '../project/index.ts'
import { validateDefinition, type ExecutionResult, type HistoryEvent, type StatesService } from '../states/index.ts'

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
  /** Called with each history event as it is stored. */
  onEvent?: (event: HistoryEvent) => void
}

/** Reads and validates `workflows/<name>.asl.json`; every problem names the file, its line and column, and the JSON pointer. */
export async function readWorkflow(project: Project, name: string): Promise<unknown> {
  const w = project.workflows.find(x => x.name === name)
  if (!w) {
    const known = project.workflows.map(x => x.name)
    throw new ConfigError('ValidationException', [{
      file: `workflows/${name}.asl.json`, path: '',
      message: `no such workflow (${known.length ? `the project has ${known.map(k => `"${k}"`).join(', ')}` : 'workflows/ is empty'})`,
    }])
  }
  const text = await readFile(w.file, 'utf8')
  let definition: unknown
  try {
    definition = JSON.parse(text)
  } catch (err) {
    throw new ConfigError('ValidationException', [jsonSyntaxProblem(w.path, text, err)])
  }
  const problems = validateDefinition(definition)
  if (problems.length) {
    throw new ConfigError('ValidationException', locateProblems(problems.map(p => ({ file: w.path, path: p.pointer || '/', message: p.message })), text, w.path, pointerPath))
  }
  return definition
}

/** Execution events by ARN, fed by the service's onEvent: a run registers before it starts so no event is missed. */
export class EventRouter {
  private readonly listeners = new Map<string, Set<(e: HistoryEvent) => void>>()
  readonly dispatch = (executionArn: string, event: HistoryEvent): void => {
    for (const listener of this.listeners.get(executionArn) ?? []) listener(event)
  }
  listen(executionArn: string, listener: (e: HistoryEvent) => void): () => void {
    const set = this.listeners.get(executionArn) ?? new Set()
    set.add(listener)
    this.listeners.set(executionArn, set)
    return () => {
      set.delete(listener)
      if (!set.size && this.listeners.get(executionArn) === set) this.listeners.delete(executionArn)
    }
  }
}

/** Registers the workflow (the file is the definition) and starts an execution on the durable service. */
export async function startWorkflow(service: StatesService, router: EventRouter, project: Project, workflow: string, options: StartWorkflowOptions = {}): Promise<WorkflowRun> {
  const definition = await readWorkflow(project, workflow)
  service.createStateMachine(workflow, definition)
  const name = options.name ?? crypto.randomUUID()
  const executionArn = service.engine.executionArn(workflow, name)
  const events: HistoryEvent[] = []
  const off = router.listen(executionArn, e => { events.push(e); options.onEvent?.(e) })
  try {
    service.startExecution(workflow, { name, input: options.input ?? {} })
  } catch (err) {
    off()
    throw err
  }
  return {
    executionArn,
    name,
    workflow,
    events,
    done: service.waitFor(executionArn).finally(off),
    stop: (error, cause) => { service.stopExecution(executionArn, { error, cause }) },
  }
}

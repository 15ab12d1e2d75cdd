/**
 * The composition root: one runtime built from a project — store, object store, warehouse target,
 * batch, notify, the States Language engine with its integrations, triggers and schedules. The CLI
 * and the server build their App here and talk to the rooms through it.
 */
import { openObjectStore, type ObjectStore } from './objects/index.ts'
import type { Project } from './project/index.ts'
import { connect, redshiftDialectSession, type Session, type WarehouseTarget } from './warehouse/index.ts'
import { createBatch, type Batch, type BatchConfig } from './batch/index.ts'
import { createNotify, type Notify } from './notify/index.ts'
import { IntegrationRegistry, StatesService, type HistoryEvent } from './states/index.ts'
import { openStore, storeSecret, type Store } from './store/index.ts'
import { batchSubmitJobOptions, createTriggers, nestedExecutions, registerIntegrations, type Triggers } from './integrations/index.ts'
import { objectAccess } from './app/object-access.ts'
import { trackJobs, type JobSubmittedListener } from './app/job-tracking.ts'
import { EventRouter, readWorkflow, startWorkflow, type StartWorkflowOptions, type WorkflowRun } from './app/workflows.ts'
import { warehouseTarget } from './app/warehouse-target.ts'
import { stopExecution, watchStopRequests, type StopOptions, type StopOutcome } from './app/stop-execution.ts'
import { runDemo as runDemoWith, type DemoEvent, type DemoOptions, type DemoResult } from './app/demo.ts'

export { validateProject, type ValidationReport } from './app/validate.ts'
export { warehouseTarget } from './app/warehouse-target.ts'
export { publishProject, ensureBucket, type PublishedObject, type PublishOptions } from './app/publish.ts'
export { readWorkflow, type WorkflowRun, type StartWorkflowOptions } from './app/workflows.ts'
export type { StopOptions, StopOutcome } from './app/stop-execution.ts'
export { DEMO_DIR, type DemoOptions, type DemoEvent, type DemoResult } from './app/demo.ts'

/** Runs the sample TPC-H pipeline end to end (see src/app/demo.ts). */
export function runDemo(options: DemoOptions, report?: (e: DemoEvent) => void): Promise<DemoResult> {
  return runDemoWith(options, project => createApp(project), report)
}

export interface AppLogger { warn(message: string, fields?: Record<string, unknown>): void }

export interface AppOptions {
  logger?: AppLogger
  /** Environment for DSN lookup (ODBCINI, HOME) and RSPASSWORD; defaults to the process's. */
  env?: Record<string, string | undefined>
  /**
   * Resume executions the store shows RUNNING (after a crash). Only the process that owns the runtime (the
   * server) should: another CLI process would run them a second time.
   */
  recover?: boolean
  /**
   * Start the project's triggers (object-created rules) and schedules. Like recovery, this belongs to the one
   * long-lived process (the server); a short CLI command would fire schedules only while it runs.
   */
  triggers?: boolean
  /**
   * close() leaves the executions this runtime started running in the store, for the next start's recovery
   * (the server, which owns recovery); otherwise it stops them, as no other process would carry them on.
   */
  leaveRunningOnClose?: boolean
  /** Where this runtime's APIs are served (the server's address): SNS confirmation and unsubscribe links point there. */
  endpointUrl?: string
}

export interface App {
  project: Project
  objects: ObjectStore
  /** Where SQL runs. */
  warehouse: WarehouseTarget
  /** Opens a warehouse session that speaks Redshift (COPY/UNLOAD through the object store on PostgreSQL targets). */
  openSession(applicationName?: string): Promise<Session>
  store: Store
  batch: Batch
  notify: Notify
  /** Step Functions over the durable store, with the Batch and SNS integrations registered. */
  states: StatesService
  /** The triggers and schedules, when started (`options.triggers`). */
  triggers?: Triggers
  /** Reports each Batch job a Task state submits (for live progress: the job's log tail). */
  onJobSubmitted(listener: JobSubmittedListener): () => void
  /** Reports each history event of one execution run by this runtime as it is stored (a redrive's progress). */
  onExecutionEvent(executionArn: string, listener: (event: HistoryEvent) => void): () => void
  /** Starts an execution of `workflows/<workflow>.asl.json`. */
  startWorkflow(workflow: string, options?: StartWorkflowOptions): Promise<WorkflowRun>
  /**
   * StopExecution from any process: an execution another live process runs is stopped by that process (asked
   * through the store, see app/stop-execution.ts); one whose process died is closed here.
   */
  stopExecution(executionArn: string, options?: StopOptions): Promise<StopOutcome>
  /**
   * A random secret the project keeps in its store, the same across restarts and processes, another project's
   * differing (the API signs its page tokens with `secret('page-tokens')`, so a token survives a server restart).
   */
  secret(name: string): Uint8Array
  close(): Promise<void>
}

export async function createApp(project: Project, options: AppOptions = {}): Promise<App> {
  const { config } = project
  const env = options.env ?? process.env
  const objects = openObjectStore(config.objectStore, project.dir, { account: config.accountId, region: config.region })
  const warehouse = warehouseTarget(project, env)
  const speaksRedshift = warehouse.type === 'redshift' || warehouse.type === 'redshift-data'
  const openSession = async (applicationName = 'rsqlflow') => {
    const session = await connect(warehouse, applicationName)
    return speaksRedshift ? session : redshiftDialectSession(session, objects)
  }
  const store = openStore(project.paths.store)
  const batch = createBatch({
    store, objects, warehouse: () => openSession('rsqlflow fetch-and-run'), cwd: project.dir, logger: options.logger,
    config: batchConfig(project), partition: { region: config.region, accountId: config.accountId },
  })
  const notify = createNotify({
    store, region: config.region, accountId: config.accountId, smtp: config.smtp, outboxDir: project.paths.outbox,
    topics: config.topics, logger: options.logger, endpointUrl: options.endpointUrl,
  })
  const integrations = new IntegrationRegistry()
  const jobListeners = new Set<JobSubmittedListener>()
  const router = new EventRouter()
  const states = new StatesService(store, {
    integrations, region: config.region, account: config.accountId, objects: objectAccess(objects), onEvent: router.dispatch,
  })
  registerIntegrations(integrations, {
    notify,
    states: nestedExecutions(states),
    warehouse: { openSession: () => openSession('rsqlflow data-api') },
  })
  integrations.register('arn:aws:states:::batch:submitJob', trackJobs(batch, jobListeners), batchSubmitJobOptions)
  // every workflow of the project is a state machine, so nested executions (states:startExecution) find them
  for (const w of project.workflows) {
    // a workflow that cannot be read is left out, said (a server would otherwise list it nowhere, silently)
    const definition = await readWorkflow(project, w.name).catch(e => { options.logger?.warn(`${(e as Error)?.message ?? String(e)} (not loaded)`) })
    if (definition !== undefined) states.createStateMachine(w.name, definition)
  }
  if (options.recover) states.recover()
  const unwatch = watchStopRequests(states)
  const started = new Set<string>()
  const start = async (workflow: string, runOptions?: StartWorkflowOptions) => {
    const run = await startWorkflow(states, router, project, workflow, runOptions)
    started.add(run.executionArn)
    run.done.finally(() => started.delete(run.executionArn)).catch(() => {})
    return run
  }
  const triggers = options.triggers
    ? createTriggers({
      store, objects, logger: options.logger, rules: config.triggers, schedules: config.schedules,
      start: async (workflow, input) => ({ executionArn: (await start(workflow, { input })).executionArn }),
    })
    : undefined
  const secrets = new Map<string, Uint8Array>()
  return {
    project, objects, warehouse, openSession, store, batch, notify, states,
    onJobSubmitted(listener) { jobListeners.add(listener); return () => { jobListeners.delete(listener) } },
    onExecutionEvent: (executionArn, listener) => router.listen(executionArn, listener),
    triggers,
    startWorkflow: start,
    stopExecution: (executionArn, stopOptions) => stopExecution(states, executionArn, stopOptions),
    secret(name) {
      let value = secrets.get(name)
      if (!value) secrets.set(name, value = storeSecret(store.db, name))
      return value
    },
    async close() {
      unwatch()
      await triggers?.close()
      if (!options.leaveRunningOnClose) for (const arn of started) states.engine.stop(arn, 'States.Aborted', 'the runtime is closing')
      await states.engine.idle()
      await batch.close({ wait: false })
      await notify.close()
      store.close()
    },
  }
}


export type { JobSubmittedListener }

function batchConfig(project: Project): BatchConfig {
  const c = project.config
  return {
    computeEnvironments: c.computeEnvironments.map(ce => ({ name: ce.name, maxvCpus: ce.maxvCpus, state: ce.state })),
    jobQueues: c.jobQueues.map(q => ({ name: q.name, priority: q.priority, state: q.state, computeEnvironmentOrder: q.computeEnvironmentOrder })),
    jobDefinitions: c.jobDefinitions.map(d => ({
      name: d.name, executor: d.executor, parameters: d.parameters, containerProperties: d.containerProperties as never,
      retryStrategy: d.retryStrategy as never, timeout: d.timeout, tags: d.tags,
    })),
  }
}

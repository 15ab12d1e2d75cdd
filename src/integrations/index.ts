import type { Batch } from '../batch/index.ts'
import type { Notify } from '../notify/index.ts'
import { batchSubmitJob, batchSubmitJobOptions } from './batch.ts'
import { snsPublish } from './sns.ts'
import { statesStartExecution, statesStartExecutionOptions, type NestedExecutions } from './states.ts'
import { RedshiftDataService, redshiftDataSdk, type DataApiWarehouse } from './redshift-data.ts'
import type { Registry } from './types.ts'

export { batchSubmitJob, batchSubmitJobOptions, findSubmittedJob, TASK_KEY_VARIABLE } from './batch.ts'
export { snsPublish } from './sns.ts'
export { statesStartExecution, statesStartExecutionOptions, executionNameFor, nestedExecutions, type NestedExecutions, type StatesServiceLike, type ExecutionDescription } from './states.ts'
export { RedshiftDataService, redshiftDataSdk, bindParameters, DataApiError, type DataApiWarehouse } from './redshift-data.ts'
export { compileEventPattern, matchesEventPattern, InvalidEventPattern } from './event-pattern.ts'
export { parseScheduleExpression, InvalidScheduleExpression, type Schedule } from './schedule-expression.ts'
export { createTriggers, Triggers, triggerMigrations, type TriggerRule, type ScheduleConfig, type StartWorkflow, type Firing, type TriggersOptions } from './triggers.ts'
export { toCamel, toPascal } from './recase.ts'
export type { Registry } from './types.ts'

export interface IntegrationServices {
  batch?: Batch
  notify?: Notify
  states?: NestedExecutions
  warehouse?: DataApiWarehouse
}

/**
 * Registers the Task resources into the states engine's registry; each service is optional, and a
 * resource whose service is missing is simply not registered. Returns a function that unregisters them.
 */
export function registerIntegrations(registry: Registry, services: IntegrationServices): () => void {
  const off: (() => void)[] = []
  if (services.batch) off.push(registry.register('arn:aws:states:::batch:submitJob', batchSubmitJob(services.batch), batchSubmitJobOptions))
  if (services.notify) off.push(registry.register('arn:aws:states:::sns:publish', snsPublish(services.notify)))
  if (services.states) off.push(registry.register('arn:aws:states:::states:startExecution', statesStartExecution(services.states), statesStartExecutionOptions))
  let dataApi: RedshiftDataService | undefined
  if (services.warehouse) {
    dataApi = new RedshiftDataService(services.warehouse)
    off.push(registry.register('arn:aws:states:::aws-sdk:redshiftdata:*', redshiftDataSdk(dataApi)))
  }
  return () => { for (const f of off) f(); void dataApi?.close() }
}

import type { ContainerProperties, ExecutorName, JobTimeout, RetryStrategy } from './types.ts'
import type { BatchResources } from './resources.ts'
import { BatchError } from './errors.ts'

/** The batch part of `rsqlflow.json` (see the project contract). */
export interface BatchConfig {
  computeEnvironments?: { name: string; maxvCpus: number; state?: 'ENABLED' | 'DISABLED' }[]
  jobQueues?: { name: string; priority?: number; computeEnvironmentOrder: string[]; state?: 'ENABLED' | 'DISABLED' }[]
  jobDefinitions?: {
    name: string
    executor?: ExecutorName
    parameters?: Record<string, string>
    containerProperties?: ContainerProperties
    retryStrategy?: RetryStrategy
    timeout?: JobTimeout
    tags?: Record<string, string>
  }[]
}

/** Creates the configured compute environments, queues and job definitions; errors name the config field. */
export function applyBatchConfig(resources: BatchResources, config: BatchConfig, file = 'rsqlflow.json'): void {
  const at = (where: string, fn: () => void) => {
    try { fn() } catch (e) {
      if (e instanceof BatchError) throw new BatchError(e.code, e.message, `${file}: ${where}${e.location ? ` (${e.location})` : ''}`)
      throw e
    }
  }
  config.computeEnvironments?.forEach((ce, i) => at(`computeEnvironments[${i}]`, () =>
    resources.createComputeEnvironment({ computeEnvironmentName: ce.name, maxvCpus: ce.maxvCpus, state: ce.state })))
  config.jobQueues?.forEach((q, i) => at(`jobQueues[${i}]`, () => resources.createJobQueue({
    jobQueueName: q.name, priority: q.priority ?? 1, state: q.state,
    computeEnvironmentOrder: q.computeEnvironmentOrder.map((name, order) => ({ order: order + 1, computeEnvironment: name })),
  })))
  config.jobDefinitions?.forEach((d, i) => at(`jobDefinitions[${i}]`, () => resources.registerJobDefinition({
    jobDefinitionName: d.name, executor: d.executor, parameters: d.parameters, containerProperties: d.containerProperties,
    retryStrategy: d.retryStrategy, timeout: d.timeout, tags: d.tags,
  }, `jobDefinitions[${i}]`)))
}

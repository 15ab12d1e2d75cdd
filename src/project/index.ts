export type {
  ProjectConfig, RawProjectConfig, WarehouseConfig, ObjectStoreConfig, ComputeEnvironmentConfig, JobQueueConfig,
  JobDefinitionConfig, EvaluateOnExitConfig, KeyValuePair, TopicConfig, SubscriptionConfig, SmtpConfig,
  TriggerConfig, ScheduleConfig,
} from './config.ts'
export { applyDefaults, DEFAULT_REGION, DEFAULT_ACCOUNT_ID, DEFAULT_COMPUTE_ENVIRONMENT, DEFAULT_JOB_QUEUE, DEFAULT_JOB_DEFINITION } from './config.ts'
export { ConfigError, formatProblem, jsonSyntaxProblem, locateProblems, pointerPath, type ConfigProblem } from './errors.ts'
export { findJsonError, lineColumn } from './json-position.ts'
export { checkConfigParts, type ConfigParts } from './parts.ts'
export { findProjectDir } from './discover.ts'
export { CONFIG_FILE, STATE_DIR, projectPaths, type ProjectPaths } from './paths.ts'
export {
  loadProject, parseConfig, configFieldError, checkConfigText, listWorkflows, listFiles, projectSchema, WORKFLOW_SUFFIX,
  type Project, type WorkflowFile,
} from './load.ts'
export { stateMachineArn, topicArn, jobQueueArn, jobDefinitionArn, resourceName } from './arns.ts'
export { validateSchema, type Schema, type SchemaProblem } from './json-schema.ts'
export { initProject, projectNameFrom, type InitOptions, type InitResult } from './init.ts'

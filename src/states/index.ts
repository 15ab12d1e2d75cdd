// The door of the States Language engine.
export { compile, InvalidDefinition } from './compile.ts'
export type { CompiledMachine, CompiledState, StateType } from './compile.ts'
export { StatesEngine, runExecution } from './engine.ts'
export type { EngineOptions, StartOptions, RunningExecution } from './engine.ts'
export { EXECUTION_STATUSES, Execution } from './execution.ts'
export type { ExecutionResult, ExecutionStatus, ObjectAccess } from './execution.ts'
export { systemClock, VirtualClock } from './clock.ts'
export type { Clock } from './clock.ts'
export { HISTORY_EVENT_TYPES, MemoryHistory, TypeOnlyHistory, detailsKey } from './history.ts'
export type { HistoryEvent, HistoryEventType, HistorySink, EventMeta } from './history.ts'
export {
  IntegrationRegistry,
  TaskError,
  defaultIntegrations,
  parseResource,
  registerIntegration,
} from './integrations/registry.ts'
export type { IntegrationHandler, IntegrationOptions, IntegrationPattern, TaskInvocation } from './integrations/registry.ts'
export { TaskDoesNotExist, TaskTokens } from './integrations/tokens.ts'
export { MockConfigError, mockResolver } from './mock-config.ts'
export type { MockConfigFile, MockResolver } from './mock-config.ts'
export { execCase, execJsonl, DEFAULT_FIXED_CLOCK } from './exec-jsonl.ts'
export type { ExecCase, ExecLine } from './exec-jsonl.ts'
export { validateFile, validateText } from './validate-file.ts'
export { isStatesName, StatesService, StatesApiError } from './service.ts'
export type { DescribeExecution, ServiceOptions } from './service.ts'
export { StoreHistory } from './store-history.ts'
export { buildRecorded } from './replay.ts'
export type { FileProblem } from './validate-file.ts'
export { StatesError, validateDefinition } from './data/index.ts'
export type { Problem } from './data/index.ts'

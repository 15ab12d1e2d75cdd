// Which fields each state type accepts, and which belong to only one query language.

export const STATE_TYPES = ['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'] as const
export type StateType = (typeof STATE_TYPES)[number]

const COMMON = ['Type', 'Comment', 'QueryLanguage']
const FLOW = ['Next', 'End']
const IO = ['InputPath', 'OutputPath', 'Output', 'Assign']

export const allowedFields: { [T in StateType]: string[] } = {
  Pass: [...COMMON, ...FLOW, ...IO, 'Parameters', 'Result', 'ResultPath'],
  Task: [
    ...COMMON, ...FLOW, ...IO, 'Resource', 'Parameters', 'Arguments', 'ResultSelector', 'ResultPath', 'Retry', 'Catch',
    'TimeoutSeconds', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath', 'Credentials',
  ],
  Choice: [...COMMON, 'InputPath', 'OutputPath', 'Output', 'Assign', 'Choices', 'Default'],
  Wait: [...COMMON, ...FLOW, ...IO, 'Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'],
  Succeed: [...COMMON, 'InputPath', 'OutputPath', 'Output'],
  Fail: [...COMMON, 'Error', 'ErrorPath', 'Cause', 'CausePath'],
  Parallel: [...COMMON, ...FLOW, ...IO, 'Branches', 'Parameters', 'Arguments', 'ResultSelector', 'ResultPath', 'Retry', 'Catch'],
  Map: [
    ...COMMON, ...FLOW, ...IO, 'ItemProcessor', 'Iterator', 'ItemsPath', 'Items', 'ItemSelector', 'Parameters', 'ItemReader',
    'ItemBatcher', 'ResultWriter', 'ResultSelector', 'ResultPath', 'Retry', 'Catch', 'MaxConcurrency', 'MaxConcurrencyPath',
    'ToleratedFailureCount', 'ToleratedFailureCountPath', 'ToleratedFailurePercentage', 'ToleratedFailurePercentagePath', 'Label',
  ],
}

/** Fields of JSONPath states only. */
export const JSONPATH_ONLY = new Set([
  'InputPath', 'OutputPath', 'Parameters', 'ResultSelector', 'ResultPath', 'ItemsPath', 'SecondsPath', 'TimestampPath',
  'TimeoutSecondsPath', 'HeartbeatSecondsPath', 'ErrorPath', 'CausePath', 'MaxConcurrencyPath', 'ToleratedFailureCountPath',
  'ToleratedFailurePercentagePath', 'Iterator',
])

/** Fields of JSONata states only. */
export const JSONATA_ONLY = new Set(['Arguments', 'Output', 'Items'])

/** Fields whose value is a JSONPath (checked for syntax in JSONPath states). */
export const PATH_FIELDS = ['InputPath', 'OutputPath', 'ItemsPath', 'SecondsPath', 'TimestampPath', 'TimeoutSecondsPath', 'HeartbeatSecondsPath', 'MaxConcurrencyPath', 'ToleratedFailureCountPath', 'ToleratedFailurePercentagePath']

export const TOP_LEVEL_FIELDS = ['StartAt', 'States', 'Comment', 'Version', 'TimeoutSeconds', 'QueryLanguage']

export const RETRIER_FIELDS = ['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'JitterStrategy', 'Comment']
export const CATCHER_FIELDS = ['ErrorEquals', 'Next', 'ResultPath', 'Output', 'Assign', 'Comment']

/** AWS's predefined error names (Retry/Catch may also name any custom error). */
export const STATES_ERRORS = new Set([
  'States.ALL', 'States.DataLimitExceeded', 'States.ExceedToleratedFailureThreshold', 'States.HeartbeatTimeout', 'States.Http.Socket',
  'States.IntrinsicFailure', 'States.ItemReaderFailed', 'States.NoChoiceMatched', 'States.ParameterPathFailure', 'States.Permissions',
  'States.ResultPathMatchFailure', 'States.ResultWriterFailed', 'States.Runtime', 'States.TaskFailed', 'States.Timeout',
  'States.BranchFailed', 'States.QueryEvaluationError',
])

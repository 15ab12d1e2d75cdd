import { ArnFormat, type Stack } from 'aws-cdk-lib'
import { DeployError } from './errors.ts'
import type { MappedDefinition } from './map-definition.ts'
import type { Permission } from './nag.ts'
import type { WarehouseEndpoint } from './warehouse.ts'

/** Deployed ARNs by local name, and the keys and warehouse the integrations touch. */
export interface WorkflowResources {
  jobQueues: Record<string, string>
  jobDefinitions: Record<string, string>
  topics: Record<string, string>
  stateMachines: Record<string, string>
  topicKeyArn: string
  warehouse: WarehouseEndpoint
}

/** The Task resources a deployed workflow may use: the integrations rsqlflow runs locally. */
export const SUPPORTED_INTEGRATIONS = [
  'batch:submitJob', 'batch:submitJob.sync', 'sns:publish',
  'states:startExecution', 'states:startExecution.sync', 'states:startExecution.sync:2', 'aws-sdk:redshiftdata:*',
] as const

/**
 * Least-privilege statements for one workflow's role, from the integrations its file uses and the
 * resources it names (all of the project's resources of a kind when the file names none statically,
 * e.g. a `JobQueue.$` path). Throws for a Task resource AWS would run but rsqlflow cannot.
 */
export function workflowStatements(stack: Stack, file: string, mapped: MappedDefinition, r: WorkflowResources): Permission[] {
  const used = new Set<string>()
  for (const use of mapped.integrations) {
    const m = /^arn:aws:states:::(.+)$/.exec(use.resource)
    const integration = m?.[1]
    const known = integration !== undefined && (
      (SUPPORTED_INTEGRATIONS as readonly string[]).includes(integration) || /^aws-sdk:redshiftdata:[a-zA-Z]+$/.test(integration))
    if (!known) {
      throw new DeployError('UnsupportedIntegration', `task resource "${use.resource}" is not supported (supported: ${SUPPORTED_INTEGRATIONS.join(', ')})`, `${file}#${use.pointer}`)
    }
    used.add(integration)
  }
  const pick = (kind: 'jobQueues' | 'jobDefinitions' | 'topics' | 'stateMachines') => {
    const named = [...mapped.references[kind]]
    return (named.length ? named : Object.keys(r[kind])).map(n => r[kind][n]).sort()
  }
  const arn = (service: string, resource: string, resourceName: string, sep = ArnFormat.COLON_RESOURCE_NAME) =>
    stack.formatArn({ service, resource, resourceName, arnFormat: sep })
  const statements: Permission[] = []
  const add = (sid: string, actions: string[], resources: string[], why?: string) => statements.push({ sid, actions, resources, why })
  const has = (prefix: string) => [...used].some(u => u === prefix || u.startsWith(`${prefix}.`) || u.startsWith(`${prefix}:`))

  if (has('batch:submitJob')) {
    const definitions = pick('jobDefinitions')
    add('SubmitJobs', ['batch:SubmitJob'], [...pick('jobQueues'), ...definitions, ...definitions.map(d => `${d}:*`)],
      'a job definition is submitted by name, which runs its latest revision')
    if ([...used].includes('batch:submitJob.sync')) {
      add('StopJobs', ['batch:TerminateJob'], [arn('batch', 'job', '*', ArnFormat.SLASH_RESOURCE_NAME)],
        'job ids are only known at run time; Step Functions stops the jobs of a stopped or failed execution')
      add('DescribeJobs', ['batch:DescribeJobs'], ['*'], 'batch:DescribeJobs has no resource type, IAM accepts only "*"')
      add('BatchJobEvents', ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'], [arn('events', 'rule', 'StepFunctionsGetEventsForBatchJobsRule', ArnFormat.SLASH_RESOURCE_NAME)])
    }
  }
  if (used.has('sns:publish')) {
    add('PublishNotifications', ['sns:Publish'], pick('topics'))
    add('EncryptNotifications', ['kms:GenerateDataKey', 'kms:Decrypt'], [r.topicKeyArn])
  }
  if (has('states:startExecution')) {
    const machines = pick('stateMachines')
    add('StartWorkflows', ['states:StartExecution'], machines)
    if ([...used].some(u => u.startsWith('states:startExecution.sync'))) {
      const executions = machines.map(m => m.replace(':stateMachine:', ':execution:') + ':*')
      add('FollowWorkflows', ['states:DescribeExecution', 'states:StopExecution'], executions, 'execution names are only known at run time')
      add('WorkflowEvents', ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'], [arn('events', 'rule', 'StepFunctionsGetEventsForStepFunctionsExecutionRule', ArnFormat.SLASH_RESOURCE_NAME)])
    }
  }
  const dataApi = [...used].filter(u => u.startsWith('aws-sdk:redshiftdata:')).map(u => u.slice('aws-sdk:redshiftdata:'.length))
  if (dataApi.length) {
    const actions = [...new Set(dataApi.map(a => `redshift-data:${a[0].toUpperCase()}${a.slice(1)}`))].sort()
    const onWarehouse: string[] = actions.filter(a => a === 'redshift-data:ExecuteStatement' || a === 'redshift-data:BatchExecuteStatement')
    const onStatements = actions.filter(a => !onWarehouse.includes(a))
    if (onWarehouse.length) {
      add('RunStatements', onWarehouse, [r.warehouse.arn])
      statements.push(...r.warehouse.credentials)
    }
    // DescribeStatement, GetStatementResult, CancelStatement… have no resource type; IAM scopes them to the caller's own statements.
    if (onStatements.length) add('FollowStatements', onStatements, ['*'], 'Redshift Data API statement calls have no resource type, IAM accepts only "*"')
  }
  return statements
}

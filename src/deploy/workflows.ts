import { Stack, type StackProps, RemovalPolicy, ArnFormat } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as logs from 'aws-cdk-lib/aws-logs'
import * as sfn from 'aws-cdk-lib/aws-stepfunctions'
import type { Construct } from 'constructs'
import { mapDefinition, type DeployedNames, type MappedDefinition } from './map-definition.ts'
import type { Naming } from './names.ts'
import { acknowledge, allow } from './nag.ts'
import { workflowStatements, type WorkflowResources } from './policies.ts'

/** A workflow file, parsed and checked. */
export interface WorkflowSource {
  name: string
  /** Relative to the project: `workflows/etl.asl.json`. */
  path: string
  definition: unknown
}

export interface WorkflowsStackProps extends StackProps {
  naming: Naming
  workflows: WorkflowSource[]
  /** Deployed values for the local names, built in this stack's scope. */
  names: (stack: Stack) => DeployedNames
  resources: (stack: Stack) => WorkflowResources
  logRetention: logs.RetentionDays
}

/**
 * Step Functions: one standard state machine per workflow file, its definition the file's ASL with the
 * local names mapped to deployed ARNs, its own least-privilege role, full execution logging and X-Ray.
 */
export class WorkflowsStack extends Stack {
  /** Local workflow name → the deployed state machine and its mapped definition. */
  readonly machines: Record<string, { stateMachine: sfn.StateMachine; mapped: MappedDefinition }> = {}

  constructor(scope: Construct, id: string, props: WorkflowsStackProps) {
    super(scope, id, props)
    const names = props.names(this)
    const resources = props.resources(this)
    for (const w of props.workflows) {
      const mapped = mapDefinition(w.definition, names)
      const role = new iam.Role(this, `Role-${w.name}`, {
        description: `Runs the ${w.name} workflow (${w.path})`,
        assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      })
      for (const permission of workflowStatements(this, w.path, mapped, resources)) allow(role, permission)
      const stateMachineName = WorkflowsStack.machineName(props.naming, w.name)
      const logGroup = new logs.LogGroup(this, `Logs-${w.name}`, {
        logGroupName: `/aws/vendedlogs/states/${stateMachineName}`,
        retention: props.logRetention,
        removalPolicy: RemovalPolicy.DESTROY,
      })
      const stateMachine = new sfn.StateMachine(this, `StateMachine-${w.name}`, {
        stateMachineName,
        stateMachineType: sfn.StateMachineType.STANDARD,
        definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(mapped.definition)),
        role,
        logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
        tracingEnabled: true,
        comment: `rsqlflow workflow ${w.path}`,
      })
      // Added by the StateMachine construct for logging and tracing.
      acknowledge(role, 'IAM5[Resource::*]', 'CloudWatch Logs delivery and X-Ray actions have no resource type, IAM accepts only "*"')
      this.machines[w.name] = { stateMachine, mapped }
    }
  }

  static machineName(naming: Naming, workflow: string): string {
    return naming.name(workflow, 80, `workflows/${workflow}.asl.json`)
  }

  /** A deployed state machine's ARN from its name: no export, and workflows may start each other. */
  static machineArn(stack: Stack, naming: Naming, workflow: string): string {
    return stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: WorkflowsStack.machineName(naming, workflow), arnFormat: ArnFormat.COLON_RESOURCE_NAME })
  }
}

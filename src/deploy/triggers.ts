import { Stack, type StackProps } from 'aws-cdk-lib'
import * as events from 'aws-cdk-lib/aws-events'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as scheduler from 'aws-cdk-lib/aws-scheduler'
import type { Construct } from 'constructs'
import type { ScheduleConfig, TriggerConfig } from '../project/index.ts'
import type { Naming } from './names.ts'
import { allow } from './nag.ts'

export interface TriggersStackProps extends StackProps {
  naming: Naming
  triggers: TriggerConfig[]
  schedules: ScheduleConfig[]
  /** The deployed ARN of a workflow, built in this stack's scope. */
  machineArn: (stack: Stack, workflow: string) => string
  /** Maps local names (bucket names in event patterns, ARNs in inputs) to deployed ones. */
  mapValue: <T>(stack: Stack, value: T) => T
}

/**
 * What starts workflows by itself: an EventBridge rule per trigger (an event pattern, e.g. an object
 * created in the data bucket) and an EventBridge Scheduler schedule per schedule (cron or rate, with an
 * optional time zone), each allowed to start only its own workflow.
 */
export class TriggersStack extends Stack {
  constructor(scope: Construct, id: string, props: TriggersStackProps) {
    super(scope, id, props)
    const targets = [...new Set([...props.triggers, ...props.schedules].map(t => t.workflow))].sort()
    const role = new iam.Role(this, 'StartRole', {
      description: 'Lets EventBridge rules and schedules start the project\'s workflows',
      assumedBy: new iam.CompositePrincipal(new iam.ServicePrincipal('events.amazonaws.com'), new iam.ServicePrincipal('scheduler.amazonaws.com')),
    })
    allow(role, { sid: 'StartWorkflows', actions: ['states:StartExecution'], resources: targets.map(w => props.machineArn(this, w)) })
    props.triggers.forEach((t, i) => {
      new events.CfnRule(this, `Trigger-${t.name}`, {
        name: props.naming.name(t.name, 64, `rsqlflow.json: triggers[${i}].name`),
        description: `starts workflow ${t.workflow}`,
        state: t.state,
        eventPattern: props.mapValue(this, t.eventPattern),
        targets: [{ id: 'workflow', arn: props.machineArn(this, t.workflow), roleArn: role.roleArn }],
      })
    })
    props.schedules.forEach((s, i) => {
      new scheduler.CfnSchedule(this, `Schedule-${s.name}`, {
        name: props.naming.name(s.name, 64, `rsqlflow.json: schedules[${i}].name`),
        description: `starts workflow ${s.workflow}`,
        state: s.state,
        scheduleExpression: s.scheduleExpression,
        scheduleExpressionTimezone: s.scheduleExpressionTimezone,
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: props.machineArn(this, s.workflow),
          roleArn: role.roleArn,
          input: JSON.stringify(props.mapValue(this, s.input ?? {})),
        },
      })
    })
  }
}

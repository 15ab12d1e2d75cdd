import { Stack, Validations } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import type { IConstruct } from 'constructs'

/**
 * Acknowledges a cdk-nag AwsSolutions finding on a construct (and everything below it) with the reason a
 * reviewer needs. `finding` is the rule, optionally with its detail: `IAM5[Resource::*]`.
 */
export function acknowledge(scope: IConstruct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${finding}`, reason })
}

/** One IAM statement as this app writes them: named actions only, and a reason for any wildcard resource. */
export interface Permission {
  sid: string
  actions: string[]
  resources: string[]
  /** Why a resource with `*` is needed; required when there is one. */
  why?: string
}

/**
 * Adds a statement to a role's policy. Actions never contain wildcards; a wildcard resource is
 * acknowledged for cdk-nag (IAM5) with the statement's reason, finding by finding.
 */
export function allow(role: iam.Role, p: Permission): void {
  const wildcardAction = p.actions.find(a => a.includes('*'))
  if (wildcardAction) throw new Error(`statement ${p.sid}: wildcard action ${wildcardAction}`)
  const stack = Stack.of(role)
  const wildcards = p.resources.filter(r => flatten(stack.resolve(r)).includes('*'))
  if (wildcards.length && !p.why) throw new Error(`statement ${p.sid}: wildcard resource without a reason`)
  role.addToPolicy(new iam.PolicyStatement({ sid: p.sid, actions: p.actions, resources: p.resources }))
  for (const r of wildcards) acknowledge(role, `IAM5[Resource::${flatten(stack.resolve(r))}]`, `${p.sid}: ${p.why}`)
}

/** A resolved CloudFormation value as cdk-nag names it in findings: `arn:<AWS::Partition>:s3:::bucket/*`. */
export function flatten(node: unknown): string {
  if (node === undefined) return ''
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>')
  const o = node as Record<string, unknown>
  if (o['Fn::Join']) {
    const [delimiter, items] = o['Fn::Join'] as [string, unknown[]]
    return items.map(flatten).join(delimiter)
  }
  if (o['Fn::Sub']) return flatten(o['Fn::Sub'])
  if (o['Fn::GetAtt']) {
    const [resource, attribute] = o['Fn::GetAtt'] as [unknown, unknown]
    return `<${flatten(resource)}.${flatten(attribute)}>`
  }
  if (o['Fn::ImportValue']) return flatten(o['Fn::ImportValue'])
  if (o.Ref) return `<${flatten(o.Ref)}>`
  return JSON.stringify(node)
}

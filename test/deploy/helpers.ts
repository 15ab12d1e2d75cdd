import { cp, mkdtemp, readFile, writeFile, mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, Stack } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { AwsSolutionsChecks } from 'cdk-nag'
import { loadProject, type Project } from '../../src/project/index.ts'
import { TPCH_SAMPLE_DIR } from '../../src/samples/index.ts'
import { buildDeployApp, type DeployOptions, type DeployStacks } from '../../src/deploy/index.ts'

/** A copy of the sample project in a temp folder, changed by `edit` (config, extra files). */
export async function sampleCopy(edit?: (config: Record<string, any>, dir: string) => Promise<void> | void): Promise<{ dir: string; project: Project; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'rsqlflow-deploy-'))
  await cp(TPCH_SAMPLE_DIR, dir, { recursive: true })
  const file = join(dir, 'rsqlflow.json')
  const config = JSON.parse(await readFile(file, 'utf8'))
  await edit?.(config, dir)
  await writeFile(file, JSON.stringify(config, null, 2))
  return { dir, project: await loadProject({ dir }), cleanup: () => rm(dir, { recursive: true, force: true }) }
}

export async function writeText(dir: string, rel: string, text: string): Promise<void> {
  await mkdir(join(dir, rel, '..'), { recursive: true })
  await writeFile(join(dir, rel), text)
}

export interface Synthesized {
  stacks: DeployStacks
  templates: Record<string, Template>
  /** Every template as JSON, by stack id. */
  json: Record<string, any>
  outdir: string
}

/** Builds and synthesizes the app once; the templates are shared by a test file's tests. */
export async function synthesize(project: Project, options: DeployOptions, validation = true): Promise<Synthesized> {
  const outdir = await mkdtemp(join(tmpdir(), 'rsqlflow-cdk-out-'))
  const stacks = buildDeployApp(project, options, new App({ outdir, builtinCloudFormationValidation: validation }))
  stacks.app.synth()
  const all = stacks.app.node.children.filter((c): c is Stack => Stack.isStack(c))
  const templates = Object.fromEntries(all.map(s => [s.node.id, Template.fromStack(s)]))
  const json = Object.fromEntries(Object.entries(templates).map(([id, t]) => [id, t.toJSON()]))
  return { stacks, templates, json, outdir }
}

/** cdk-nag's AwsSolutions pack over the whole app: the unacknowledged findings. */
export function nagFindings(app: App): { rule: string; severity?: string; paths: (string | undefined)[] }[] {
  return new AwsSolutionsChecks().validateScope(app).violations
    .map(v => ({ rule: v.ruleName, severity: v.severity, paths: v.violatingResources.map(r => r.constructPath) }))
}

/**
 * A CloudFormation value with its references spelled as symbols: `{Ref: X}` → `<X>`, GetAtt → `<X.Y>`,
 * ImportValue → `<import:NAME>`, Fn::Join joined. What a string template turns into, minus AWS.
 */
export function symbolic(node: unknown): string {
  if (typeof node === 'string') return node
  const o = node as Record<string, any>
  if (o['Fn::Join']) return (o['Fn::Join'][1] as unknown[]).map(symbolic).join(o['Fn::Join'][0])
  if (o.Ref) return `<${o.Ref}>`
  if (o['Fn::GetAtt']) return `<${o['Fn::GetAtt'].join('.')}>`
  if (o['Fn::ImportValue']) return `<import:${symbolic(o['Fn::ImportValue'])}>`
  throw new Error(`no symbol for ${JSON.stringify(node)}`)
}

/** Every resource of a type across templates: [stack id, logical id, properties]. */
export function resources(json: Record<string, any>, type: string): [string, string, any][] {
  return Object.entries(json).flatMap(([stack, t]) =>
    Object.entries((t.Resources ?? {}) as Record<string, any>).filter(([, r]) => r.Type === type).map(([id, r]) => [stack, id, r.Properties ?? {}] as [string, string, any]))
}

/** Every IAM statement in the templates (policies, inline role policies, managed policies). */
export function statements(json: Record<string, any>): { stack: string; id: string; statement: any }[] {
  const out: { stack: string; id: string; statement: any }[] = []
  const push = (stack: string, id: string, doc: any) => { for (const s of doc?.Statement ?? []) out.push({ stack, id, statement: s }) }
  for (const [stack, id, p] of resources(json, 'AWS::IAM::Policy')) push(stack, id, p.PolicyDocument)
  for (const [stack, id, p] of resources(json, 'AWS::IAM::ManagedPolicy')) push(stack, id, p.PolicyDocument)
  for (const [stack, id, p] of resources(json, 'AWS::IAM::Role')) for (const pol of p.Policies ?? []) push(stack, id, pol.PolicyDocument)
  return out
}

export const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v])

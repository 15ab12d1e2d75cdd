/**
 * Local names → deployed ARNs: the one change a workflow file goes through on its way to AWS
 * (see the project contract). Pure: the CDK passes tokens as the deployed values, tests pass symbols.
 *
 * - `JobQueue` / `JobDefinition` given as a bare name in a Batch task → the deployed ARN;
 * - any `arn:aws:batch:…:job-queue/<queue>`, `…:job-definition/<definition>[:rev]`,
 *   `arn:aws:sns:…:<topic>`, `arn:aws:states:…:stateMachine:<workflow>`, `arn:aws:iam::…:role/<role>`
 *   naming a configured resource, and any configured bucket name standing alone, in any string
 *   (Parameters, Arguments, JSONata and intrinsic expressions alike) → the deployed value;
 * - a Task's `Resource` `arn:aws:…` → the deployed partition.
 * Everything else stays exactly as written.
 */

export type ResourceKind = 'jobQueues' | 'jobDefinitions' | 'topics' | 'stateMachines' | 'buckets' | 'roles'

export const RESOURCE_KINDS: readonly ResourceKind[] = ['jobQueues', 'jobDefinitions', 'topics', 'stateMachines', 'buckets', 'roles']

/** Local name → deployed value (an ARN; for buckets, the bucket name), per kind. */
export type DeployedNames = { partition: string } & { [K in ResourceKind]: Record<string, string> }

/** A Task (or ItemReader/ResultWriter) `Resource` as written, with where it is. */
export interface IntegrationUse {
  resource: string
  /** JSON pointer in the local file: `/States/load/Branches/0/States/copy-customer/Resource`. */
  pointer: string
}

export interface MappedDefinition {
  definition: unknown
  /** Local names that were mapped, per kind. */
  references: { [K in ResourceKind]: Set<string> }
  integrations: IntegrationUse[]
}

const BATCH_TASK = /^arn:aws:states:::batch:submitJob(\.sync)?$/

export function mapDefinition(definition: unknown, names: DeployedNames): MappedDefinition {
  const references = Object.fromEntries(RESOURCE_KINDS.map(k => [k, new Set<string>()])) as MappedDefinition['references']
  const integrations: IntegrationUse[] = []
  const pattern = namePattern(names)
  const mapString = (text: string): string => {
    if (!pattern) return text
    return text.replace(pattern, (...args) => {
      const groups = args[args.length - 1] as Record<string, string | undefined>
      for (const kind of RESOURCE_KINDS) {
        const local = groups[kind]
        if (local === undefined) continue
        references[kind].add(local)
        return names[kind][local]
      }
      return args[0] as string
    })
  }
  const walk = (value: unknown, pointer: string, batchPayload: boolean): unknown => {
    if (typeof value === 'string') return mapString(value)
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${pointer}/${i}`, false))
    if (value === null || typeof value !== 'object') return value
    const obj = value as Record<string, unknown>
    const isBatch = typeof obj.Resource === 'string' && BATCH_TASK.test(obj.Resource)
    const out: Record<string, unknown> = {}
    for (const [key, v] of Object.entries(obj)) {
      const at = `${pointer}/${escapePointer(key)}`
      if (key === 'Resource' && typeof v === 'string') {
        integrations.push({ resource: v, pointer: at })
        out[key] = v.startsWith('arn:aws:') ? `arn:${names.partition}:${v.slice('arn:aws:'.length)}` : mapString(v)
      } else if (batchPayload && (key === 'JobQueue' || key === 'JobDefinition') && typeof v === 'string' && !v.startsWith('arn:')) {
        out[key] = mapBatchName(key === 'JobQueue' ? 'jobQueues' : 'jobDefinitions', v)
      } else {
        out[key] = walk(v, at, isBatch && (key === 'Parameters' || key === 'Arguments'))
      }
    }
    return out
  }
  const mapBatchName = (kind: 'jobQueues' | 'jobDefinitions', text: string): string => {
    const local = kind === 'jobDefinitions' ? text.replace(/:\d+$/, '') : text
    if (!Object.hasOwn(names[kind], local)) return mapString(text)
    references[kind].add(local)
    return names[kind][local]
  }
  return { definition: walk(definition, '', false), references, integrations }
}

/** One regular expression finding every mappable local name, each kind in its own named group. */
function namePattern(names: DeployedNames): RegExp | undefined {
  const alt = (kind: ResourceKind) => {
    const keys = Object.keys(names[kind]).sort((a, b) => b.length - a.length).map(escapeRegExp)
    return keys.length ? `(?<${kind}>${keys.join('|')})` : undefined
  }
  const arnPart = '[a-z0-9-]*'
  const branches = [
    wrap(alt('jobQueues'), `arn:aws:batch:${arnPart}:\\d*:job-queue/`, '(?![A-Za-z0-9_-])'),
    wrap(alt('jobDefinitions'), `arn:aws:batch:${arnPart}:\\d*:job-definition/`, '(?::\\d+)?(?![A-Za-z0-9_:-])'),
    wrap(alt('topics'), `arn:aws:sns:${arnPart}:\\d*:`, '(?![A-Za-z0-9_.-])'),
    wrap(alt('stateMachines'), `arn:aws:states:${arnPart}:\\d*:stateMachine:`, '(?![A-Za-z0-9_-])'),
    wrap(alt('roles'), 'arn:aws:iam::\\d*:role/', '(?![A-Za-z0-9_+=,.@/-])'),
    wrap(alt('buckets'), '(?<![A-Za-z0-9.-])', '(?![A-Za-z0-9.-])'),
  ].filter((b): b is string => b !== undefined)
  return branches.length ? new RegExp(branches.join('|'), 'g') : undefined
}

function wrap(group: string | undefined, before: string, after: string): string | undefined {
  return group === undefined ? undefined : `${before}${group}${after}`
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}

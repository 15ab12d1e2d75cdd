import { DeployError } from './errors.ts'

/** What `rsqlflow deploy` was asked for, beyond the project itself. */
export interface DeployOptions {
  /** Names one copy of the project in an account: `dev`, `prod`… Part of every physical name. */
  stage: string
  /** Leave both unset for an environment-agnostic synth (no credentials, no lookups). */
  account?: string
  region?: string
  /** Redshift Serverless (default) or a provisioned cluster. */
  warehouse?: 'serverless' | 'provisioned'
  /** Node type of the provisioned cluster (default ra3.large). */
  nodeType?: string
  /** A prebuilt runtime image URI instead of building `src/deploy/runtime/Dockerfile` at deploy time. */
  image?: string
}

export const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$|^[a-z]$/

export function checkOptions(options: DeployOptions): Required<Pick<DeployOptions, 'stage' | 'warehouse'>> & DeployOptions {
  if (!STAGE_PATTERN.test(options.stage) || options.stage.includes('--')) {
    throw new DeployError('ValidationException', `invalid stage name "${options.stage}": must be 1 to 16 lower-case letters, digits and single hyphens, starting with a letter`, '--stage')
  }
  if (options.account !== undefined && !/^\d{12}$/.test(options.account)) {
    throw new DeployError('ValidationException', `invalid account "${options.account}": must be 12 digits`, '--account')
  }
  if (options.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(options.region)) {
    throw new DeployError('ValidationException', `invalid region "${options.region}"`, '--region')
  }
  const warehouse = options.warehouse ?? 'serverless'
  if (warehouse !== 'serverless' && warehouse !== 'provisioned') {
    throw new DeployError('ValidationException', `invalid warehouse "${String(warehouse)}": must be serverless or provisioned`, '--warehouse')
  }
  if (options.nodeType !== undefined) {
    if (warehouse !== 'provisioned') throw new DeployError('ValidationException', `a node type applies only to a provisioned cluster (add --warehouse provisioned)`, '--node-type')
    if (!SINGLE_NODE_TYPES.includes(options.nodeType)) {
      throw new DeployError('ValidationException', `invalid node type "${options.nodeType}": the single-node cluster takes ${SINGLE_NODE_TYPES.join(', ')}`, '--node-type')
    }
  }
  if (options.image !== undefined && !IMAGE.test(options.image)) {
    throw new DeployError('ValidationException', `invalid image "${options.image}": must be an image reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/rsqlflow:1.0`, '--image')
  }
  return { ...options, warehouse }
}

/** Redshift node types a single-node cluster can have (ra3.4xlarge, ra3.16xlarge and dc2.8xlarge need two nodes or more). */
const SINGLE_NODE_TYPES = ['ra3.large', 'ra3.xlplus', 'dc2.large']
/** A container image reference: [registry[:port]/]repository[:tag][@sha256:digest]. */
const IMAGE = /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::\w[\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/

/**
 * Physical names: `<project>-<stage>-<name>`, so two stages fit one account. AWS limits differ per
 * resource; a name past the limit is an error naming the config field, never a silent truncation.
 */
export class Naming {
  constructor(readonly project: string, readonly stage: string) {}

  get prefix(): string {
    return `${this.project}-${this.stage}`
  }

  name(local: string, limit: number, location: string): string {
    const name = `${this.prefix}-${local}`
    if (name.length > limit) {
      throw new DeployError('ValidationException', `deployed name "${name}" is longer than ${limit} characters: shorten the name or the stage`, location)
    }
    return name
  }

  /** CloudFormation stack name of one of the app's stacks. */
  stack(part: string): string {
    return `${this.prefix}-${part}`
  }
}

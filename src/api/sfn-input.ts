// A Step Functions request's members checked as AWS checks them, in AWS's order: first the service model's
// constraints (JSON type → SerializationException; required, length, range, enum, pattern → one
// ValidationException listing every violation, worded as AWS words it), then what the operation itself
// checks (ARNs → InvalidArn, names → InvalidName, JSON texts → InvalidExecutionInput…, page tokens → InvalidToken).
import { createHmac } from 'node:crypto'
import { isStatesName } from '../states/index.ts'
import { AwsError } from './errors.ts'

type Body = Record<string, unknown>

interface StringRule {
  required?: boolean
  /** at least this many characters (1 unless said otherwise) */
  min?: number
  max?: number
  /** input, output, definition, error, cause: AWS leaves the value out of the message */
  sensitive?: boolean
  pattern?: { re: RegExp; text: string }
}

/** AWS's ExecutionStatus in the order its ValidationException lists it (recorded against AWS). */
export const EXECUTION_STATUS_VALUES = ['SUCCEEDED', 'TIMED_OUT', 'PENDING_REDRIVE', 'ABORTED', 'FAILED', 'RUNNING'] as const

/** Reads one request body: each getter checks one member; `check()` throws the violations found so far. */
export class SfnInput {
  private readonly violations: string[] = []

  constructor(private readonly body: Body) {}

  string(field: string, rule: StringRule & { required: true }): string
  string(field: string, rule?: StringRule): string | undefined
  string(field: string, rule: StringRule = {}): string | undefined {
    const v = this.present(field, rule.required)
    if (v === undefined) return undefined
    if (typeof v !== 'string') throw typeError(field, 'a string', v)
    const shown = rule.sensitive ? 'Value' : `Value '${v}'`
    if (v.length < (rule.min ?? 1)) this.violate(`${shown} at '${field}' failed to satisfy constraint: Member must have length greater than or equal to ${rule.min ?? 1}`)
    else if (rule.max !== undefined && v.length > rule.max) this.violate(`${shown} at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${rule.max}`)
    else if (rule.pattern && !rule.pattern.re.test(v)) this.violate(`${shown} at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rule.pattern.text}`)
    return v
  }

  enum<T extends string>(field: string, values: readonly T[], listed: readonly string[] = values): T | undefined {
    const v = this.present(field, false)
    if (v === undefined) return undefined
    if (typeof v !== 'string') throw typeError(field, 'a string', v)
    if (!(values as readonly string[]).includes(v)) {
      this.violate(`Value '${v}' at '${field}' failed to satisfy constraint: Member must satisfy enum value set: [${listed.join(', ')}]`)
    }
    return v as T
  }

  integer(field: string, min: number, max: number): number | undefined {
    const v = this.present(field, false)
    if (v === undefined) return undefined
    if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError(field, 'an integer', v)
    if (v < min) this.violate(`Value '${v}' at '${field}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`)
    else if (v > max) this.violate(`Value '${v}' at '${field}' failed to satisfy constraint: Member must have value less than or equal to ${max}`)
    return v
  }

  boolean(field: string): boolean | undefined {
    const v = this.present(field, false)
    if (v === undefined) return undefined
    if (typeof v !== 'boolean') throw typeError(field, 'a boolean', v)
    return v
  }

  /** A member present at all (a structure this server does not model is accepted as given). */
  has(field: string): boolean {
    return this.body[field] !== undefined && this.body[field] !== null
  }

  /** Throws the model's violations as one ValidationException, as AWS reports them. */
  check(): void {
    const n = this.violations.length
    if (n > 0) throw new AwsError(400, 'ValidationException', `${n} validation error${n > 1 ? 's' : ''} detected: ${this.violations.join('; ')}`)
  }

  private present(field: string, required = false): unknown {
    const v = this.body[field]
    if (v === undefined || v === null) {
      if (required) this.violate(`Value null at '${field}' failed to satisfy constraint: Member must not be null`)
      return undefined
    }
    return v
  }

  private violate(text: string): void {
    this.violations.push(text)
  }
}

const typeError = (field: string, wanted: string, v: unknown) =>
  new AwsError(400, 'SerializationException', `member '${field}' must be ${wanted}, not ${Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `the ${typeof v} ${JSON.stringify(v)}`}`)

// ---- what the operations check once the model's constraints hold ----

export type ArnType = 'stateMachine' | 'execution' | 'mapRun'

export interface ParsedArn {
  arn: string
  partition: string
  region: string
  account: string
  type: string
  /** the parts after the resource type: a state machine's name (and version or alias), an execution's machine and name */
  parts: string[]
}

/**
 * A Step Functions ARN of the resource type the member takes, or InvalidArn worded as AWS words it
 * (`Invalid Arn: 'Invalid ARN prefix: …'` is recorded against AWS).
 */
export function statesArn(value: string, field: string, ...types: ArnType[]): ParsedArn {
  const fields = value.split(':')
  if (fields[0] !== 'arn' || fields.length < 6) throw invalidArn(`Invalid ARN prefix: ${value}`)
  const [, partition, service, region, account, type, ...parts] = fields as [string, string, string, string, string, string, ...string[]]
  if (service !== 'states') throw invalidArn(`Service not valid in this context: ${service}`)
  if (!(types as string[]).includes(type)) throw invalidArn(`Resource type not valid in this context: ${type}`)
  const least = type === 'stateMachine' ? 1 : 2
  if (!partition || !region || !/^\d{12}$/.test(account) || parts.length < least || parts.length > 2 || parts.some(p => p === '')) {
    throw invalidArn(`${field} is not a valid ${type} ARN: ${value}`)
  }
  return { arn: value, partition, region, account, type, parts }
}

/** An IAM role ARN (`arn:aws:iam::123456789012:role/name`), else InvalidArn. */
export function roleArn(value: string): string {
  if (!value.startsWith('arn:')) throw invalidArn(`Invalid ARN prefix: ${value}`)
  if (!/^arn:[a-z-]+:iam::\d{12}:role\/\S+$/.test(value)) throw invalidArn(`roleArn is not an IAM role ARN: ${value}`)
  return value
}

const invalidArn = (what: string) => new AwsError(400, 'InvalidArn', `Invalid Arn: '${what}'`)

/** A state machine or execution name as AWS allows it (the states room's rule; its 1 to 80 characters are the model's, checked before). */
export function checkName(name: string): void {
  if (!isStatesName(name)) {
    throw new AwsError(400, 'InvalidName', `Invalid Name: '${name}' (a name has no whitespace, brackets, wildcards, control characters or any of "#%\\^|~\`$&,;:/)`)
  }
}

// ---- JSON texts: input, output, definition ----

/** How AWS words a JSON text it cannot parse (recorded against AWS: `Invalid State Machine Execution Input: '…'`). */
const UNPARSED: Record<string, (detail: string) => string> = {
  InvalidExecutionInput: d => `Invalid State Machine Execution Input: '${d}'`,
  InvalidDefinition: d => `Invalid State Machine Definition: '${d}'`,
  InvalidOutput: d => `Invalid Output: '${d}'`,
}

/** A JSON text field (`definition`, `input`, `output`) parsed, or the AWS error naming what is wrong with it. */
export function parseJson(text: string | undefined, code: keyof typeof UNPARSED): unknown {
  if (text === undefined) return undefined
  if (text.trim() === '') throw new AwsError(400, code, UNPARSED[code]!(code === 'InvalidExecutionInput' ? 'Invalid execution input.' : 'the text is empty'))
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new AwsError(400, code, UNPARSED[code]!((err as Error).message))
  }
  // deeper documents overflow the stack when stored (an internal failure); Jackson, which parses for AWS, stops at 1000
  const depth = nestingDepth(text)
  if (depth > MAX_NESTING) throw new AwsError(400, code, UNPARSED[code]!(`document nesting depth (${depth}) exceeds the maximum allowed (${MAX_NESTING})`))
  return value
}

const MAX_NESTING = 1000

/** How deep arrays and objects nest in a JSON text that parsed. */
function nestingDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth)
    else if (c === 0x5d || c === 0x7d) depth--
  }
  return deepest
}

// ---- page tokens: only the ones this project's server issued, for the same request ----

// the key is the project's (App.secret, kept in its store): a token outlives a restart of the server, not the project
const mac = (key: Uint8Array, scope: string, inner: string) => createHmac('sha256', key).update(`${scope}\u0000${inner}`).digest('base64url').slice(0, 22)

/** Wraps a room's page cursor in a token bound to the project (its `key`) and to the listing it continues. */
export function issueToken(key: Uint8Array, scope: string, inner: string | undefined): string | undefined {
  return inner === undefined ? undefined : `${Buffer.from(inner).toString('base64url')}.${mac(key, scope, inner)}`
}

/** The room's cursor inside a token this project's server issued for `scope`, else InvalidToken. */
export function openToken(key: Uint8Array, scope: string, token: string | undefined): string | undefined {
  if (token === undefined) return undefined
  const dot = token.lastIndexOf('.')
  const inner = dot > 0 ? Buffer.from(token.slice(0, dot), 'base64url').toString() : ''
  if (dot <= 0 || token.slice(dot + 1) !== mac(key, scope, inner)) {
    throw new AwsError(400, 'InvalidToken', `Invalid Token: 'nextToken was not issued by this project's server for this request'`)
  }
  return inner
}

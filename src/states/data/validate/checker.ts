// Shared helpers of validation: the problem list, JSON pointers, and value checks (paths,
// payload templates, intrinsic calls, JSONata templates, variable names).
import { intrinsicProblem } from '../intrinsics/evaluate.ts'
import { isIntrinsic } from '../intrinsics/parse.ts'
import { jsonataSyntaxProblem, jsonataTemplateExpression } from '../jsonata/evaluate.ts'
import { pathInfo, pathSyntaxProblem } from '../jsonpath/path.ts'

export interface Problem {
  /** JSON pointer (RFC 6901) to the offending value, e.g. `/States/Load/Next`. */
  pointer: string
  message: string
}

export type QL = 'JSONPath' | 'JSONata'

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)

export function pointer(base: string, ...keys: Array<string | number>): string {
  return base + keys.map((k) => '/' + String(k).replace(/~/g, '~0').replace(/\//g, '~1')).join('')
}

export function describeJson(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'object') return 'an object'
  return `${typeof v === 'string' ? 'a string' : typeof v === 'number' ? 'a number' : 'a boolean'} (${JSON.stringify(v)})`
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

export class Checker {
  readonly problems: Problem[] = []

  add(at: string, message: string): void {
    this.problems.push({ pointer: at, message })
  }

  /** A JSONPath (`$…`, `$$…`, `$var…`); `reference` demands a definite path on the input (ResultPath). */
  path(at: string, value: unknown, opts: { reference?: boolean; nullable?: boolean } = {}): void {
    if (value === null && opts.nullable) return
    if (typeof value !== 'string') return this.add(at, `a JSONPath string expected, found ${describeJson(value)}`)
    const problem = pathSyntaxProblem(value)
    if (problem) return this.add(at, `invalid JSONPath ${JSON.stringify(value)}: ${problem}`)
    if (opts.reference) {
      const info = pathInfo(value)!
      if (info.root !== 'input' || !info.definite) this.add(at, `${JSON.stringify(value)} is not a reference path: it must start with '$' and name one location`)
    }
  }

  /** A path or an intrinsic call (a `.$` value, ErrorPath, CausePath). */
  pathOrIntrinsic(at: string, value: unknown): void {
    if (typeof value === 'string' && isIntrinsic(value)) {
      const problem = intrinsicProblem(value)
      if (problem) this.add(at, `invalid intrinsic function ${JSON.stringify(value)}: ${problem}`)
      return
    }
    this.path(at, value)
  }

  /** A JSONPath payload template: every `key.$` value is a path or an intrinsic call. */
  payloadTemplate(at: string, value: unknown): void {
    if (Array.isArray(value)) return value.forEach((v, i) => this.payloadTemplate(pointer(at, i), v))
    if (!isObject(value)) return
    for (const [k, v] of Object.entries(value)) {
      if (k.endsWith('.$')) this.pathOrIntrinsic(pointer(at, k), v)
      else this.payloadTemplate(pointer(at, k), v)
    }
  }

  /** Every `{% %}` string in a JSONata value parses. */
  jsonataValue(at: string, value: unknown): void {
    if (typeof value === 'string') {
      const expr = jsonataTemplateExpression(value)
      if (expr === undefined) return
      if (expr === '') return this.add(at, 'the JSONata expression is empty')
      const problem = jsonataSyntaxProblem(expr)
      if (problem) this.add(at, `invalid JSONata expression ${JSON.stringify(expr)}: ${problem}`)
      return
    }
    if (Array.isArray(value)) return value.forEach((v, i) => this.jsonataValue(pointer(at, i), v))
    if (isObject(value)) for (const [k, v] of Object.entries(value)) this.jsonataValue(pointer(at, k), v)
  }

  /** A JSONata-only field value that must be a `{% %}` template or a literal of the given kind. */
  jsonataOr(at: string, value: unknown, literal: (v: unknown) => boolean, expected: string): void {
    if (typeof value === 'string' && jsonataTemplateExpression(value) !== undefined) return this.jsonataValue(at, value)
    if (!literal(value)) this.add(at, `${expected} or a JSONata expression {% … %} expected, found ${describeJson(value)}`)
  }

  assign(at: string, value: unknown, ql: QL): void {
    if (!isObject(value)) return this.add(at, `Assign must be an object, found ${describeJson(value)}`)
    for (const [k, v] of Object.entries(value)) {
      const name = ql === 'JSONPath' && k.endsWith('.$') ? k.slice(0, -2) : k
      if (!VARIABLE_NAME.test(name)) this.add(pointer(at, k), `invalid variable name ${JSON.stringify(name)}: use letters, digits and underscores, not starting with a digit`)
      else if (name.length > 80) this.add(pointer(at, k), `the variable name ${JSON.stringify(name)} is longer than 80 characters`)
      else if (ql === 'JSONata' && name === 'states') this.add(pointer(at, k), 'the variable name "states" is reserved')
    }
    if (ql === 'JSONPath') this.payloadTemplate(at, value)
    else this.jsonataValue(at, value)
  }

  positiveInt(at: string, v: unknown, what: string, allowZero = false): void {
    if (!isInt(v) || v < (allowZero ? 0 : 1)) this.add(at, `${what} must be ${allowZero ? 'a non-negative' : 'a positive'} integer, found ${describeJson(v)}`)
  }
}

/**
 * A small JSON Schema validator for the subset `schema/rsqlflow.schema.json` uses: type, enum, const,
 * properties, required, additionalProperties, items, min/max (Items, Length, imum), pattern, $ref to
 * `#/$defs/…`, and `x-message` (the text shown when a pattern does not match). It reports every problem,
 * each with the field path (`jobDefinitions[0].retryStrategy.attempts`) and a message in PostgreSQL's style.
 */

export interface SchemaProblem {
  /** The field, written as in JavaScript: `jobQueues[1].priority`; empty for the document itself. */
  path: string
  message: string
}

export type Schema = {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  properties?: Record<string, Schema>
  required?: string[]
  additionalProperties?: boolean | Schema
  items?: Schema
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  pattern?: string
  $ref?: string
  'x-message'?: string
  $defs?: Record<string, Schema>
  [other: string]: unknown
}

export function validateSchema(value: unknown, schema: Schema): SchemaProblem[] {
  const problems: SchemaProblem[] = []
  check(value, schema, schema, '', problems)
  return problems
}

export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  if (!/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`
  return path ? `${path}.${key}` : key
}

function resolve(schema: Schema, root: Schema): Schema {
  let s = schema
  while (s.$ref) {
    const m = /^#\/\$defs\/(.+)$/.exec(s.$ref)
    const target = m ? root.$defs?.[m[1]] : undefined
    if (!target) throw new Error(`schema reference not found: ${s.$ref}`)
    // Keywords beside $ref (a description) do not change validation here.
    s = target
  }
  return s
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

const article: Record<string, string> = {
  string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false',
  object: 'an object', array: 'an array', null: 'null',
}

function typeMatches(actual: string, expected: string): boolean {
  return actual === expected || (expected === 'number' && actual === 'integer')
}

function check(value: unknown, schemaIn: Schema, root: Schema, path: string, out: SchemaProblem[]): void {
  const schema = resolve(schemaIn, root)
  const actual = typeOf(value)
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type]
    if (!types.some(t => typeMatches(actual, t))) {
      out.push({ path, message: `must be ${types.map(t => article[t] ?? t).join(' or ')}` })
      return
    }
  }
  if (schema.enum && !schema.enum.some(e => e === value)) {
    out.push({ path, message: `must be one of ${schema.enum.map(e => JSON.stringify(e)).join(', ')}` })
    return
  }
  if ('const' in schema && schema.const !== value) {
    out.push({ path, message: `must be ${JSON.stringify(schema.const)}` })
    return
  }
  if (actual === 'string') checkString(value as string, schema, path, out)
  else if (actual === 'number' || actual === 'integer') checkNumber(value as number, schema, path, out)
  else if (actual === 'array') checkArray(value as unknown[], schema, root, path, out)
  else if (actual === 'object') checkObject(value as Record<string, unknown>, schema, root, path, out)
}

function checkString(value: string, schema: Schema, path: string, out: SchemaProblem[]): void {
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    out.push({ path, message: schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters long` })
  } else if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    out.push({ path, message: `must be at most ${schema.maxLength} characters long` })
  } else if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
    out.push({ path, message: schema['x-message'] ?? `must match the pattern ${schema.pattern}` })
  }
}

function checkNumber(value: number, schema: Schema, path: string, out: SchemaProblem[]): void {
  const { minimum: min, maximum: max } = schema
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    const message = min !== undefined && max !== undefined ? `must be ${min} to ${max}`
      : min !== undefined ? `must be at least ${min}` : `must be at most ${max}`
    out.push({ path, message })
  }
}

function checkArray(value: unknown[], schema: Schema, root: Schema, path: string, out: SchemaProblem[]): void {
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    out.push({ path, message: `must have at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}` })
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    out.push({ path, message: `must have at most ${schema.maxItems} item${schema.maxItems === 1 ? '' : 's'}` })
  }
  if (schema.items) value.forEach((item, i) => check(item, schema.items!, root, joinPath(path, i), out))
}

function checkObject(value: Record<string, unknown>, schema: Schema, root: Schema, path: string, out: SchemaProblem[]): void {
  for (const name of schema.required ?? []) {
    if (!(name in value)) out.push({ path: joinPath(path, name), message: 'is required' })
  }
  const known = schema.properties ?? {}
  for (const [key, item] of Object.entries(value)) {
    const sub = Object.hasOwn(known, key) ? known[key] : schema.additionalProperties
    if (sub === false) {
      const hint = closest(key, Object.keys(known))
      out.push({ path: joinPath(path, key), message: `unknown field${hint ? ` (did you mean "${hint}"?)` : ''}` })
    } else if (sub && sub !== true) {
      check(item, sub, root, joinPath(path, key), out)
    }
  }
}

/** The known name nearest to a misspelt one, when it is near enough to be a likely typo. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase())
    if (d < bestDistance) { best = c; bestDistance = d }
  }
  return best
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[b.length]
}

// Every Choice data-test comparator, derived from a table of kinds × relations: `StringEquals`,
// `NumericLessThanPath`, `TimestampGreaterThanEquals`, …, plus StringMatches and the Is* tests.
import { compareTimestamps, parseTimestamp } from './timestamp.ts'

interface Kind {
  /** Converts a value to a comparable form, or undefined when it is not of this kind. */
  read(v: unknown): unknown
  compare(a: unknown, b: unknown): number
  relations: Relation[]
}

type Relation = 'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals'

const ORDERED: Relation[] = ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals']

const kinds: Record<'String' | 'Numeric' | 'Boolean' | 'Timestamp', Kind> = {
  String: {
    read: (v) => (typeof v === 'string' ? v : undefined),
    compare: (a, b) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0),
    relations: ORDERED,
  },
  Numeric: {
    read: (v) => (typeof v === 'number' ? v : undefined),
    compare: (a, b) => (a as number) - (b as number),
    relations: ORDERED,
  },
  Boolean: {
    read: (v) => (typeof v === 'boolean' ? v : undefined),
    compare: (a, b) => (a === b ? 0 : 1),
    relations: ['Equals'],
  },
  Timestamp: {
    read: (v) => parseTimestamp(v),
    compare: (a, b) => compareTimestamps(a as [number, number], b as [number, number]),
    relations: ORDERED,
  },
}

const holds: Record<Relation, (c: number) => boolean> = {
  Equals: (c) => c === 0,
  LessThan: (c) => c < 0,
  GreaterThan: (c) => c > 0,
  LessThanEquals: (c) => c <= 0,
  GreaterThanEquals: (c) => c >= 0,
}

/** A binary comparator: does `value` (the Variable's) relate to `operand` (literal or from the path)? */
export interface Comparator {
  /** The literal operand must be of this JSON type (for validation); Path forms take a path string. */
  operandType: 'string' | 'number' | 'boolean' | 'timestamp'
  path: boolean
  test(value: unknown, operand: unknown): boolean
}

export const comparators: Record<string, Comparator> = {}

for (const [name, kind] of Object.entries(kinds)) {
  const operandType = name === 'Numeric' ? 'number' : name === 'Boolean' ? 'boolean' : name === 'Timestamp' ? 'timestamp' : 'string'
  for (const relation of kind.relations) {
    const test = (value: unknown, operand: unknown): boolean => {
      const a = kind.read(value)
      const b = kind.read(operand)
      return a !== undefined && b !== undefined && holds[relation](kind.compare(a, b))
    }
    comparators[`${name}${relation}`] = { operandType, path: false, test }
    comparators[`${name}${relation}Path`] = { operandType, path: true, test }
  }
}

comparators.StringMatches = {
  operandType: 'string',
  path: false,
  test: (value, pattern) => typeof value === 'string' && typeof pattern === 'string' && wildcard(pattern).test(value),
}

const wildcards = new Map<string, RegExp>()

/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
function wildcard(pattern: string): RegExp {
  let re = wildcards.get(pattern)
  if (!re) {
    let src = ''
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!
      if (c === '\\' && i + 1 < pattern.length) src += escapeRe(pattern[++i]!)
      else if (c === '*') src += '[\\s\\S]*'
      else src += escapeRe(c)
    }
    re = new RegExp(`^${src}$`)
    wildcards.set(pattern, re)
  }
  return re
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')

/** The type tests: `IsNull: false` matches every value that is not null (AWS's behaviour). */
export const typeTests: Record<string, (value: unknown) => boolean> = {
  IsNull: (v) => v === null,
  IsNumeric: (v) => typeof v === 'number',
  IsString: (v) => typeof v === 'string',
  IsBoolean: (v) => typeof v === 'boolean',
  IsTimestamp: (v) => parseTimestamp(v) !== undefined,
}

export const CHOICE_OPERATORS = [...Object.keys(comparators), ...Object.keys(typeTests), 'IsPresent']

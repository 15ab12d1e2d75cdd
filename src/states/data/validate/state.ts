// Checks of one state: its fields for its type and query language, then the type's own rules.
import { CHOICE_OPERATORS, comparators, typeTests } from '../choice/comparators.ts'
import { parseTimestamp } from '../choice/timestamp.ts'
import { Checker, describeJson, isInt, isObject, pointer, type QL } from './checker.ts'
import { allowedFields, CATCHER_FIELDS, JSONATA_ONLY, JSONPATH_ONLY, PATH_FIELDS, RETRIER_FIELDS, STATE_TYPES, type StateType } from './fields.ts'

/** Called back for nested machines (Parallel branches, Map processors). */
export type MachineCheck = (at: string, machine: unknown, ql: QL) => void

export interface StateEdges {
  /** Transition targets with the pointer of the field naming them. */
  targets: Array<{ name: string; at: string }>
}

export function checkState(c: Checker, at: string, state: unknown, inheritedQl: QL, machine: MachineCheck): StateEdges {
  const edges: StateEdges = { targets: [] }
  if (!isObject(state)) {
    c.add(at, `a state must be an object, found ${describeJson(state)}`)
    return edges
  }
  const type = state.Type
  if (!STATE_TYPES.includes(type as StateType)) {
    c.add(pointer(at, 'Type'), type === undefined ? 'the state has no Type' : `unknown state Type ${JSON.stringify(type)}; expected one of ${STATE_TYPES.join(', ')}`)
    return edges
  }
  const t = type as StateType
  let ql = inheritedQl
  if (state.QueryLanguage !== undefined) {
    if (state.QueryLanguage !== 'JSONPath' && state.QueryLanguage !== 'JSONata') c.add(pointer(at, 'QueryLanguage'), `QueryLanguage must be "JSONPath" or "JSONata", found ${describeJson(state.QueryLanguage)}`)
    else if (inheritedQl === 'JSONata' && state.QueryLanguage === 'JSONPath') c.add(pointer(at, 'QueryLanguage'), 'a state cannot use JSONPath when the state machine uses JSONata')
    else ql = state.QueryLanguage
  }
  for (const field of Object.keys(state)) {
    if (!allowedFields[t].includes(field)) c.add(pointer(at, field), `the field ${field} is not allowed in a ${t} state`)
    else if (ql === 'JSONata' && JSONPATH_ONLY.has(field)) c.add(pointer(at, field), `the field ${field} is not allowed in a JSONata state`)
    else if (ql === 'JSONPath' && JSONATA_ONLY.has(field)) c.add(pointer(at, field), `the field ${field} is not allowed in a JSONPath state (set QueryLanguage to JSONata)`)
  }
  checkFlow(c, at, state, t, edges)
  checkDataFields(c, at, state, ql)
  switch (t) {
    case 'Choice': checkChoice(c, at, state, ql, edges); break
    case 'Wait': checkWait(c, at, state, ql); break
    case 'Fail': checkFail(c, at, state, ql); break
    case 'Task': checkTask(c, at, state, ql); break
    case 'Parallel': checkParallel(c, at, state, ql, machine); break
    case 'Map': checkMap(c, at, state, ql, machine); break
    default: break
  }
  if (t === 'Task' || t === 'Parallel' || t === 'Map') checkRetryCatch(c, at, state, ql, edges)
  return edges
}

function checkFlow(c: Checker, at: string, s: Record<string, unknown>, t: StateType, edges: StateEdges): void {
  if (t === 'Choice' || t === 'Succeed' || t === 'Fail') return
  const hasNext = s.Next !== undefined
  const end = s.End
  if (end !== undefined && typeof end !== 'boolean') c.add(pointer(at, 'End'), `End must be true, found ${describeJson(end)}`)
  if (hasNext && end === true) c.add(at, 'a state cannot have both Next and End')
  else if (!hasNext && end !== true) c.add(at, 'the state has neither Next nor "End": true')
  if (hasNext) {
    if (typeof s.Next !== 'string') c.add(pointer(at, 'Next'), `Next must be a state name, found ${describeJson(s.Next)}`)
    else edges.targets.push({ name: s.Next, at: pointer(at, 'Next') })
  }
}

function checkDataFields(c: Checker, at: string, s: Record<string, unknown>, ql: QL): void {
  if (ql === 'JSONPath') {
    for (const f of PATH_FIELDS) if (s[f] !== undefined) c.path(pointer(at, f), s[f], { nullable: f === 'InputPath' || f === 'OutputPath' })
    if (s.ResultPath !== undefined) c.path(pointer(at, 'ResultPath'), s.ResultPath, { reference: true, nullable: true })
    for (const f of ['Parameters', 'ResultSelector', 'ItemSelector']) if (s[f] !== undefined) c.payloadTemplate(pointer(at, f), s[f])
    if (s.ResultSelector !== undefined && !isObject(s.ResultSelector)) c.add(pointer(at, 'ResultSelector'), 'ResultSelector must be an object')
  } else {
    for (const f of ['Arguments', 'Output', 'Items', 'ItemSelector']) if (s[f] !== undefined) c.jsonataValue(pointer(at, f), s[f])
  }
  if (s.Assign !== undefined) c.assign(pointer(at, 'Assign'), s.Assign, ql)
}

function checkChoice(c: Checker, at: string, s: Record<string, unknown>, ql: QL, edges: StateEdges): void {
  if (!Array.isArray(s.Choices) || s.Choices.length === 0) c.add(pointer(at, 'Choices'), 'a Choice state needs a non-empty Choices array')
  else s.Choices.forEach((rule, i) => {
    const ra = pointer(at, 'Choices', i)
    if (!isObject(rule)) return c.add(ra, `a Choice rule must be an object, found ${describeJson(rule)}`)
    if (typeof rule.Next !== 'string') c.add(pointer(ra, 'Next'), 'a Choice rule needs Next, the name of a state')
    else edges.targets.push({ name: rule.Next, at: pointer(ra, 'Next') })
    if (rule.Assign !== undefined) c.assign(pointer(ra, 'Assign'), rule.Assign, ql)
    if (rule.Output !== undefined) {
      if (ql === 'JSONata') c.jsonataValue(pointer(ra, 'Output'), rule.Output)
      else c.add(pointer(ra, 'Output'), 'the field Output is not allowed in a JSONPath state')
    }
    if (ql === 'JSONata') {
      if (rule.Condition === undefined) c.add(ra, 'a JSONata Choice rule needs a Condition')
      else c.jsonataOr(pointer(ra, 'Condition'), rule.Condition, (v) => typeof v === 'boolean', 'a boolean')
      for (const k of Object.keys(rule)) if (!['Condition', 'Next', 'Assign', 'Output', 'Comment'].includes(k)) c.add(pointer(ra, k), `the field ${k} is not allowed in a JSONata Choice rule`)
    } else checkRule(c, ra, rule, true)
  })
  if (s.Default !== undefined) {
    if (typeof s.Default !== 'string') c.add(pointer(at, 'Default'), `Default must be a state name, found ${describeJson(s.Default)}`)
    else edges.targets.push({ name: s.Default, at: pointer(at, 'Default') })
  }
}

function checkRule(c: Checker, at: string, rule: Record<string, unknown>, top: boolean): void {
  const allowed = new Set([...CHOICE_OPERATORS, 'Variable', 'And', 'Or', 'Not', 'Comment', ...(top ? ['Next', 'Assign'] : [])])
  for (const k of Object.keys(rule)) if (!allowed.has(k)) c.add(pointer(at, k), k === 'Condition' ? 'Condition is for JSONata states; use Variable and a comparison' : `unknown field ${k} in a Choice rule`)
  for (const op of ['And', 'Or'] as const) {
    if (rule[op] === undefined) continue
    const list = rule[op]
    if (!Array.isArray(list) || list.length === 0) c.add(pointer(at, op), `${op} must be a non-empty array of rules`)
    else list.forEach((r, i) => (isObject(r) ? checkRule(c, pointer(at, op, i), r, false) : c.add(pointer(at, op, i), 'a rule must be an object')))
  }
  if (rule.Not !== undefined) {
    if (!isObject(rule.Not)) c.add(pointer(at, 'Not'), 'Not must be a rule object')
    else checkRule(c, pointer(at, 'Not'), rule.Not, false)
  }
  const ops = Object.keys(rule).filter((k) => CHOICE_OPERATORS.includes(k))
  const composite = ['And', 'Or', 'Not'].filter((k) => rule[k] !== undefined)
  if (composite.length > 1 || (composite.length === 1 && (ops.length > 0 || rule.Variable !== undefined))) {
    return c.add(at, 'a rule is either And, Or, Not or one comparison on a Variable')
  }
  if (composite.length === 1) return
  if (rule.Variable === undefined) return c.add(at, 'a Choice rule needs a Variable and a comparison operator')
  c.path(pointer(at, 'Variable'), rule.Variable)
  if (ops.length !== 1) return c.add(at, ops.length === 0 ? 'the rule has no comparison operator' : `the rule has ${ops.length} comparison operators: ${ops.join(', ')}`)
  const op = ops[0]!
  const v = rule[op]
  const opAt = pointer(at, op)
  if (op === 'IsPresent' || op in typeTests) {
    if (typeof v !== 'boolean') c.add(opAt, `${op} must be true or false, found ${describeJson(v)}`)
    return
  }
  const cmp = comparators[op]!
  if (cmp.path) return c.path(opAt, v)
  const ok = cmp.operandType === 'number' ? typeof v === 'number' : cmp.operandType === 'boolean' ? typeof v === 'boolean' : cmp.operandType === 'timestamp' ? parseTimestamp(v) !== undefined : typeof v === 'string'
  if (!ok) c.add(opAt, `${op} needs ${cmp.operandType === 'timestamp' ? 'an RFC 3339 timestamp string' : `a ${cmp.operandType}`}, found ${describeJson(v)}`)
}

function checkWait(c: Checker, at: string, s: Record<string, unknown>, ql: QL): void {
  const given = ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'].filter((k) => s[k] !== undefined)
  if (given.length !== 1) c.add(at, given.length === 0 ? 'a Wait state needs one of Seconds, Timestamp, SecondsPath, TimestampPath' : `a Wait state takes only one of ${given.join(', ')}`)
  if (s.Seconds !== undefined) {
    if (ql === 'JSONata') c.jsonataOr(pointer(at, 'Seconds'), s.Seconds, (v) => isInt(v) && v >= 0, 'a non-negative integer')
    else c.positiveInt(pointer(at, 'Seconds'), s.Seconds, 'Seconds', true)
  }
  if (s.Timestamp !== undefined) {
    const ok = (v: unknown) => parseTimestamp(v) !== undefined
    if (ql === 'JSONata') c.jsonataOr(pointer(at, 'Timestamp'), s.Timestamp, ok, 'an RFC 3339 timestamp')
    else if (!ok(s.Timestamp)) c.add(pointer(at, 'Timestamp'), `Timestamp must be an RFC 3339 timestamp such as 2016-03-14T01:59:00Z, found ${describeJson(s.Timestamp)}`)
  }
}

function checkFail(c: Checker, at: string, s: Record<string, unknown>, ql: QL): void {
  for (const [f, p] of [['Error', 'ErrorPath'], ['Cause', 'CausePath']] as const) {
    if (s[f] !== undefined && s[p] !== undefined) c.add(at, `a Fail state takes ${f} or ${p}, not both`)
    if (s[f] !== undefined) {
      if (ql === 'JSONata') c.jsonataOr(pointer(at, f), s[f], (v) => typeof v === 'string', 'a string')
      else if (typeof s[f] !== 'string') c.add(pointer(at, f), `${f} must be a string, found ${describeJson(s[f])}`)
    }
    if (s[p] !== undefined && ql === 'JSONPath') c.pathOrIntrinsic(pointer(at, p), s[p])
  }
}

const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:[^\s]+$/
const INTEGRATION = /^arn:aws[a-z-]*:states:::[a-z0-9-]+:[A-Za-z0-9:._-]+$/

function checkTask(c: Checker, at: string, s: Record<string, unknown>, ql: QL): void {
  const r = s.Resource
  if (r === undefined) c.add(at, 'a Task state needs a Resource')
  else if (typeof r !== 'string') c.add(pointer(at, 'Resource'), `Resource must be an ARN string, found ${describeJson(r)}`)
  else if (/^arn:aws[a-z-]*:states:::/.test(r) ? !INTEGRATION.test(r) : !ARN.test(r)) {
    c.add(pointer(at, 'Resource'), `invalid resource ARN ${JSON.stringify(r)}`)
  }
  for (const [f, p] of [['TimeoutSeconds', 'TimeoutSecondsPath'], ['HeartbeatSeconds', 'HeartbeatSecondsPath']] as const) {
    if (s[f] !== undefined && s[p] !== undefined) c.add(at, `a Task state takes ${f} or ${p}, not both`)
    if (s[f] !== undefined) {
      if (ql === 'JSONata') c.jsonataOr(pointer(at, f), s[f], (v) => isInt(v) && v > 0, 'a positive integer')
      else c.positiveInt(pointer(at, f), s[f], f)
    }
  }
  if (isInt(s.TimeoutSeconds) && isInt(s.HeartbeatSeconds) && s.HeartbeatSeconds >= s.TimeoutSeconds) {
    c.add(pointer(at, 'HeartbeatSeconds'), 'HeartbeatSeconds must be smaller than TimeoutSeconds')
  }
}

function checkParallel(c: Checker, at: string, s: Record<string, unknown>, ql: QL, machine: MachineCheck): void {
  if (!Array.isArray(s.Branches) || s.Branches.length === 0) return c.add(pointer(at, 'Branches'), 'a Parallel state needs a non-empty Branches array')
  s.Branches.forEach((b, i) => machine(pointer(at, 'Branches', i), b, ql))
}

function checkMap(c: Checker, at: string, s: Record<string, unknown>, ql: QL, machine: MachineCheck): void {
  const processor = s.ItemProcessor ?? s.Iterator
  const field = s.ItemProcessor !== undefined ? 'ItemProcessor' : 'Iterator'
  if (s.ItemProcessor !== undefined && s.Iterator !== undefined) c.add(at, 'a Map state takes ItemProcessor or Iterator, not both')
  if (processor === undefined) c.add(at, 'a Map state needs an ItemProcessor')
  else {
    if (isObject(processor) && processor.ProcessorConfig !== undefined) {
      const cfg = processor.ProcessorConfig
      if (!isObject(cfg)) c.add(pointer(at, field, 'ProcessorConfig'), 'ProcessorConfig must be an object')
      else if (cfg.Mode !== undefined && cfg.Mode !== 'INLINE' && cfg.Mode !== 'DISTRIBUTED') c.add(pointer(at, field, 'ProcessorConfig', 'Mode'), `Mode must be INLINE or DISTRIBUTED, found ${describeJson(cfg.Mode)}`)
      else if (cfg.ExecutionType !== undefined && cfg.ExecutionType !== 'STANDARD' && cfg.ExecutionType !== 'EXPRESS') c.add(pointer(at, field, 'ProcessorConfig', 'ExecutionType'), `ExecutionType must be STANDARD or EXPRESS, found ${describeJson(cfg.ExecutionType)}`)
    }
    machine(pointer(at, field), processor, ql)
  }
  if (s.ItemSelector !== undefined && s.Parameters !== undefined) c.add(at, 'a Map state takes ItemSelector or Parameters, not both')
  if (s.MaxConcurrency !== undefined) {
    if (ql === 'JSONata') c.jsonataOr(pointer(at, 'MaxConcurrency'), s.MaxConcurrency, (v) => isInt(v) && v >= 0, 'a non-negative integer')
    else c.positiveInt(pointer(at, 'MaxConcurrency'), s.MaxConcurrency, 'MaxConcurrency', true)
  }
  if (s.ToleratedFailurePercentage !== undefined && ql === 'JSONPath') {
    const v = s.ToleratedFailurePercentage
    if (typeof v !== 'number' || v < 0 || v > 100) c.add(pointer(at, 'ToleratedFailurePercentage'), `ToleratedFailurePercentage must be a number between 0 and 100, found ${describeJson(v)}`)
  }
  if (s.ToleratedFailureCount !== undefined && ql === 'JSONPath') c.positiveInt(pointer(at, 'ToleratedFailureCount'), s.ToleratedFailureCount, 'ToleratedFailureCount', true)
}

function checkRetryCatch(c: Checker, at: string, s: Record<string, unknown>, ql: QL, edges: StateEdges): void {
  for (const kind of ['Retry', 'Catch'] as const) {
    const list = s[kind]
    if (list === undefined) continue
    if (!Array.isArray(list)) {
      c.add(pointer(at, kind), `${kind} must be an array`)
      continue
    }
    list.forEach((entry, i) => {
      const ea = pointer(at, kind, i)
      if (!isObject(entry)) return c.add(ea, `a ${kind === 'Retry' ? 'retrier' : 'catcher'} must be an object`)
      const allowed = kind === 'Retry' ? RETRIER_FIELDS : CATCHER_FIELDS
      for (const k of Object.keys(entry)) if (!allowed.includes(k)) c.add(pointer(ea, k), `the field ${k} is not allowed in a ${kind === 'Retry' ? 'retrier' : 'catcher'}`)
      checkErrorEquals(c, ea, entry.ErrorEquals, i === list.length - 1)
      if (kind === 'Retry') checkRetrier(c, ea, entry)
      else {
        if (typeof entry.Next !== 'string') c.add(pointer(ea, 'Next'), 'a catcher needs Next, the name of a state')
        else edges.targets.push({ name: entry.Next, at: pointer(ea, 'Next') })
        if (entry.ResultPath !== undefined) {
          if (ql === 'JSONata') c.add(pointer(ea, 'ResultPath'), 'the field ResultPath is not allowed in a JSONata state')
          else c.path(pointer(ea, 'ResultPath'), entry.ResultPath, { reference: true, nullable: true })
        }
        if (entry.Output !== undefined) {
          if (ql === 'JSONPath') c.add(pointer(ea, 'Output'), 'the field Output is not allowed in a JSONPath state')
          else c.jsonataValue(pointer(ea, 'Output'), entry.Output)
        }
        if (entry.Assign !== undefined) c.assign(pointer(ea, 'Assign'), entry.Assign, ql)
      }
    })
  }
}

function checkErrorEquals(c: Checker, at: string, v: unknown, last: boolean): void {
  const ea = pointer(at, 'ErrorEquals')
  if (!Array.isArray(v) || v.length === 0) return c.add(ea, 'ErrorEquals must be a non-empty array of error names')
  v.forEach((name, i) => {
    if (typeof name !== 'string') c.add(pointer(ea, i), `an error name must be a string, found ${describeJson(name)}`)
  })
  if (v.includes('States.ALL')) {
    if (v.length > 1) c.add(ea, 'States.ALL must appear alone in ErrorEquals')
    if (!last) c.add(ea, 'States.ALL must be in the last retrier or catcher')
  }
}

function checkRetrier(c: Checker, at: string, r: Record<string, unknown>): void {
  if (r.IntervalSeconds !== undefined) c.positiveInt(pointer(at, 'IntervalSeconds'), r.IntervalSeconds, 'IntervalSeconds')
  if (r.MaxAttempts !== undefined) c.positiveInt(pointer(at, 'MaxAttempts'), r.MaxAttempts, 'MaxAttempts', true)
  if (r.MaxDelaySeconds !== undefined) c.positiveInt(pointer(at, 'MaxDelaySeconds'), r.MaxDelaySeconds, 'MaxDelaySeconds')
  if (r.BackoffRate !== undefined && (typeof r.BackoffRate !== 'number' || r.BackoffRate < 1)) c.add(pointer(at, 'BackoffRate'), `BackoffRate must be a number of at least 1.0, found ${describeJson(r.BackoffRate)}`)
  if (r.JitterStrategy !== undefined && r.JitterStrategy !== 'FULL' && r.JitterStrategy !== 'NONE') c.add(pointer(at, 'JitterStrategy'), `JitterStrategy must be FULL or NONE, found ${describeJson(r.JitterStrategy)}`)
}

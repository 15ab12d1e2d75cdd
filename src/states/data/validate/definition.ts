// validateDefinition: every problem of a state machine definition at once, each with its JSON
// pointer; nested machines (Parallel branches, Map processors) are checked the same way. Never throws.
import { Checker, describeJson, isObject, pointer, type Problem, type QL } from './checker.ts'
import { TOP_LEVEL_FIELDS } from './fields.ts'
import { checkState } from './state.ts'

export type { Problem }

export function validateDefinition(definition: unknown): Problem[] {
  const c = new Checker()
  try {
    if (!isObject(definition)) {
      c.add('', `a state machine definition must be a JSON object, found ${describeJson(definition)}`)
      return c.problems
    }
    let ql: QL = 'JSONPath'
    if (definition.QueryLanguage !== undefined) {
      if (definition.QueryLanguage === 'JSONPath' || definition.QueryLanguage === 'JSONata') ql = definition.QueryLanguage
      else c.add('/QueryLanguage', `QueryLanguage must be "JSONPath" or "JSONata", found ${describeJson(definition.QueryLanguage)}`)
    }
    for (const k of Object.keys(definition)) if (!TOP_LEVEL_FIELDS.includes(k)) c.add(pointer('', k), `the field ${k} is not allowed at the top level of a state machine`)
    if (definition.TimeoutSeconds !== undefined) c.positiveInt('/TimeoutSeconds', definition.TimeoutSeconds, 'TimeoutSeconds')
    if (definition.Version !== undefined && typeof definition.Version !== 'string') c.add('/Version', 'Version must be a string')
    checkMachine(c, '', definition, ql, true)
  } catch (e) {
    c.add('', `the definition could not be validated: ${e instanceof Error ? e.message : String(e)}`)
  }
  return c.problems
}

function checkMachine(c: Checker, at: string, machine: unknown, ql: QL, top = false): void {
  if (!isObject(machine)) return c.add(at, `a state machine must be an object with StartAt and States, found ${describeJson(machine)}`)
  if (!top) {
    const allowed = ['StartAt', 'States', 'Comment', 'ProcessorConfig']
    for (const k of Object.keys(machine)) if (!allowed.includes(k)) c.add(pointer(at, k), `the field ${k} is not allowed here`)
  }
  const states = machine.States
  if (!isObject(states) || Object.keys(states).length === 0) {
    c.add(pointer(at, 'States'), states === undefined ? 'the state machine has no States' : 'States must be a non-empty object')
    if (machine.StartAt === undefined) c.add(pointer(at, 'StartAt'), 'the state machine has no StartAt')
    return
  }
  const names = new Set(Object.keys(states))
  for (const name of names) if (name.length > 80) c.add(pointer(at, 'States', name), `the state name ${JSON.stringify(name.slice(0, 20) + '…')} is longer than 80 characters`)
  const start = machine.StartAt
  if (start === undefined) c.add(pointer(at, 'StartAt'), 'the state machine has no StartAt')
  else if (typeof start !== 'string') c.add(pointer(at, 'StartAt'), `StartAt must be a state name, found ${describeJson(start)}`)
  else if (!names.has(start)) c.add(pointer(at, 'StartAt'), `StartAt names the state "${start}", which does not exist`)

  const edges = new Map<string, string[]>()
  for (const [name, state] of Object.entries(states)) {
    const sa = pointer(at, 'States', name)
    const { targets } = checkState(c, sa, state, ql, (bat, b, bql) => checkMachine(c, bat, b, bql))
    for (const t of targets) if (!names.has(t.name)) c.add(t.at, `the state "${t.name}" does not exist`)
    edges.set(name, targets.map((t) => t.name).filter((n) => names.has(n)))
  }
  if (typeof start === 'string' && names.has(start)) {
    const seen = new Set([start])
    const queue = [start]
    while (queue.length > 0) for (const next of edges.get(queue.shift()!) ?? []) if (!seen.has(next)) seen.add(next), queue.push(next)
    for (const name of names) if (!seen.has(name)) c.add(pointer(at, 'States', name), `the state "${name}" is unreachable from StartAt`)
  }
}

import type { ConfigProblem } from './errors.ts'
import { closest, joinPath } from './json-schema.ts'

type Obj = Record<string, any>

/**
 * What the schema cannot say: names unique per kind, references between entries, fields that only make
 * sense together. Runs on the raw file (after the schema passed) so paths match what the user wrote.
 */
export function checkReferences(raw: Obj, file: string, workflows: string[] | undefined): ConfigProblem[] {
  const out: ConfigProblem[] = []
  const problem = (path: string, message: string) => out.push({ file, path, message })

  for (const kind of ['computeEnvironments', 'jobQueues', 'jobDefinitions', 'topics', 'triggers', 'schedules']) {
    const seen = new Map<string, number>()
    ;((raw[kind] as Obj[] | undefined) ?? []).forEach((entry, i) => {
      const first = seen.get(entry.name)
      if (first !== undefined) problem(joinPath(joinPath(kind, i), 'name'), `duplicate name "${entry.name}" (also ${kind}[${first}])`)
      else seen.set(entry.name, i)
    })
  }

  if (raw.warehouse?.target !== undefined && raw.warehouse?.dsn !== undefined) problem('warehouse', 'set either target or dsn, not both')
  if (raw.warehouse?.odbcIni !== undefined && raw.warehouse?.dsn === undefined) problem('warehouse.odbcIni', 'is only used with dsn')
  if ((raw.objectStore?.type ?? 'local') === 'local') {
    for (const key of ['endpoint', 'region', 'forcePathStyle']) {
      if (raw.objectStore?.[key] !== undefined) problem(`objectStore.${key}`, 'is only used when type is "s3"')
    }
  }

  const ceNames = ((raw.computeEnvironments as Obj[] | undefined) ?? [{ name: 'local' }]).map(ce => ce.name as string)
  ;((raw.jobQueues as Obj[] | undefined) ?? []).forEach((q, i) => {
    ;((q.computeEnvironmentOrder as string[] | undefined) ?? []).forEach((ce, j) => {
      if (!ceNames.includes(ce)) {
        const hint = closest(ce, ceNames)
        problem(`jobQueues[${i}].computeEnvironmentOrder[${j}]`, `unknown compute environment "${ce}"${hint ? ` (did you mean "${hint}"?)` : ''}`)
      }
    })
  })

  ;((raw.jobDefinitions as Obj[] | undefined) ?? []).forEach((d, i) => {
    const at = `jobDefinitions[${i}]`
    if (d.retryStrategy?.evaluateOnExit && d.retryStrategy.attempts === undefined) {
      problem(`${at}.retryStrategy.attempts`, 'is required when evaluateOnExit is set')
    }
    ;((d.containerProperties?.environment as Obj[] | undefined) ?? []).forEach((e, j) => {
      if (/^AWS_BATCH/.test(e.name)) problem(`${at}.containerProperties.environment[${j}].name`, 'must not start with AWS_BATCH (reserved by AWS Batch)')
    })
    if (d.executor === 'subprocess' && !d.containerProperties?.command?.length) {
      problem(`${at}.containerProperties.command`, 'is required when executor is "subprocess"')
    }
    if (d.executor === 'container' && !d.containerProperties?.image) {
      problem(`${at}.containerProperties.image`, 'is required when executor is "container"')
    }
  })

  ;((raw.topics as Obj[] | undefined) ?? []).forEach((t, i) => {
    ;((t.subscriptions as Obj[] | undefined) ?? []).forEach((s, j) => {
      const at = `topics[${i}].subscriptions[${j}].endpoint`
      if (s.protocol === 'email' || s.protocol === 'email-json') {
        if (s.endpoint === undefined) problem(at, `is required for protocol "${s.protocol}"`)
        else if (!/^[^@\s]+@[^@\s]+$/.test(s.endpoint)) problem(at, `must be an email address, not "${s.endpoint}"`)
      } else if (s.protocol === 'http' || s.protocol === 'https') {
        if (s.endpoint === undefined) problem(at, `is required for protocol "${s.protocol}"`)
        else if (!s.endpoint.startsWith(`${s.protocol}://`)) problem(at, `must be a ${s.protocol}:// URL`)
      }
    })
  })

  if (workflows) {
    for (const kind of ['triggers', 'schedules']) {
      ;((raw[kind] as Obj[] | undefined) ?? []).forEach((entry, i) => {
        if (typeof entry.workflow === 'string' && !workflows.includes(entry.workflow)) {
          const hint = closest(entry.workflow, workflows)
          problem(`${kind}[${i}].workflow`, `no workflow "${entry.workflow}" (workflows/${entry.workflow}.asl.json does not exist)${hint ? `; did you mean "${hint}"?` : ''}`)
        }
      })
    }
  }
  return out
}

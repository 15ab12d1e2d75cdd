/** Recasing between Step Functions' PascalCase parameters and the services' camelCase APIs. Map-typed keys are left as written. */

type Json = unknown

function recase(value: Json, key: (k: string) => string, maps: ReadonlySet<string>): Json {
  if (Array.isArray(value)) return value.map(v => recase(v, key, maps))
  if (!value || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    const nk = key(k)
    out[nk] = maps.has(k) || maps.has(nk) ? v : recase(v, key, maps)
  }
  return out
}

const BATCH_MAPS = new Set(['parameters', 'Parameters', 'tags', 'Tags', 'statusSummary', 'StatusSummary'])

export const toCamel = (v: Json, maps: ReadonlySet<string> = BATCH_MAPS): Json => recase(v, k => k[0].toLowerCase() + k.slice(1), maps)
export const toPascal = (v: Json, maps: ReadonlySet<string> = BATCH_MAPS): Json => recase(v, k => k[0].toUpperCase() + k.slice(1), maps)

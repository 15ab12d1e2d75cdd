/**
 * `.odbc.ini` connection profiles as RSQL users write them for the Amazon Redshift ODBC driver:
 * `[etl]` sections with Host/Server, Port, Database, UID/DbUser, PWD, IAM, ClusterID, Region,
 * Workgroup… The file is `$ODBCINI`, else `~/.odbc.ini`. A DSN whose Host is `local` names the
 * local warehouse of the current project.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describeIoError } from './paths.ts'

export interface DsnProfile {
  name: string
  /** Where the profile came from: `file:line` of its section header. */
  location: string
  /** Host=local: the project's own warehouse. */
  local: boolean
  host?: string
  port?: number
  database?: string
  user?: string
  password?: string
  /** IAM=1: credentials come from GetClusterCredentials (the Redshift target). */
  iam: boolean
  clusterId?: string
  region?: string
  workgroup?: string
  dbUser?: string
  awsProfile?: string
  accessKeyId?: string
  secretAccessKey?: string
  sessionToken?: string
  sslMode?: string
  /** Every key as written, lower-cased names. */
  keys: Record<string, string>
}

export class ProfileError extends Error {
  override name = 'ProfileError'
}

/** The odbc.ini file rsql reads. */
export function odbcIniPath(env: Record<string, string | undefined>): string {
  if (env.ODBCINI) return env.ODBCINI
  return join(env.HOME ?? '', '.odbc.ini')
}

/** Parses odbc.ini text into DSN profiles by lower-cased name. */
export function parseOdbcIni(text: string, file: string): Map<string, DsnProfile> {
  const sections = new Map<string, { name: string; line: number; keys: Record<string, string> }>()
  let current: { name: string; line: number; keys: Record<string, string> } | undefined
  const lines = text.split(/\r?\n/)
  lines.forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith(';') || line.startsWith('#')) return
    const header = /^\[(.*)\]$/.exec(line)
    if (header) {
      current = { name: header[1].trim(), line: i + 1, keys: {} }
      sections.set(current.name.toLowerCase(), current)
      return
    }
    const eq = line.indexOf('=')
    if (eq < 0) throw new ProfileError(`${file}:${i + 1}: expected "key=value" or "[section]", found "${line}"`)
    if (!current) throw new ProfileError(`${file}:${i + 1}: key "${line.slice(0, eq).trim()}" is outside any [section]`)
    current.keys[line.slice(0, eq).trim().toLowerCase()] = unquote(line.slice(eq + 1).trim())
  })
  const out = new Map<string, DsnProfile>()
  for (const [key, s] of sections) {
    if (key === 'odbc data sources' || key === 'odbc') continue
    out.set(key, toProfile(s.name, `${file}:${s.line}`, s.keys))
  }
  return out
}

function unquote(v: string): string {
  return v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) ? v.slice(1, -1) : v
}

const truthy = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v)

function toProfile(name: string, location: string, k: Record<string, string>): DsnProfile {
  const host = k.host ?? k.server ?? k.servername
  let port: number | undefined
  if (k.port !== undefined && k.port !== '') {
    port = parseInt(k.port, 10)
    if (!/^\d+$/.test(k.port) || port < 1 || port > 65535) throw new ProfileError(`${location}: DSN "${name}": invalid Port "${k.port}"`)
  }
  return {
    name, location,
    local: host !== undefined && host.toLowerCase() === 'local',
    host, port,
    database: k.database ?? k.dbname,
    user: k.uid ?? k.user ?? k.username ?? k.dbuser,
    password: k.pwd ?? k.password,
    iam: truthy(k.iam),
    clusterId: k.clusterid, region: k.region, workgroup: k.workgroup, dbUser: k.dbuser,
    awsProfile: k.profile, accessKeyId: k.accesskeyid, secretAccessKey: k.secretaccesskey, sessionToken: k.sessiontoken,
    sslMode: k.sslmode,
    keys: k,
  }
}

/** Reads the DSN `name` from the odbc.ini file; throws ProfileError with a message a person can act on. */
export function loadDsn(name: string, env: Record<string, string | undefined>): DsnProfile {
  const file = odbcIniPath(env)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new ProfileError(`data source name "${name}" not found: cannot read ${file}: ${describeIoError(e)}`)
  }
  const profile = parseOdbcIni(text, file).get(name.toLowerCase())
  if (!profile) throw new ProfileError(`data source name "${name}" not found in ${file}`)
  return profile
}

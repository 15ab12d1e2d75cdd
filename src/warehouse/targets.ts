import { join } from 'node:path'
import type { Session } from './session.ts'
import { connectPg } from './pg-connect.ts'
import { ensureLocalServer } from './local/server.ts'
import type { RedshiftTarget, RedshiftDataTarget } from './redshift/targets.ts'
import { parseSslMode, tlsOptions, type SslMode } from './tls.ts'
import { libpqPort } from './port.ts'

/** Where SQL runs. `local` is the warehouse this tool manages itself under a project's `.rsqlflow/warehouse`. */
export type WarehouseTarget =
  | { type: 'local'; dir: string; database?: string; user?: string; password?: string }
  | { type: 'postgres'; host: string; port: number; database: string; user: string; password?: string; ssl?: SslMode; sslRootCert?: string }
  | RedshiftTarget
  | RedshiftDataTarget

/** The local warehouse folder of a project. */
export function localWarehouseDir(projectDir: string): string {
  return join(projectDir, '.rsqlflow', 'warehouse')
}

/**
 * Parses `postgres://user:password@host:port/database?sslmode=verify-full&sslrootcert=ca.pem` with libpq's
 * messages: a bad percent-encoding first, then the sslmode, then the port (the URL parser would call a port
 * above 65535 or one with blanks an invalid URL; libpq reads it as strtol does).
 */
export function parsePostgresUrl(url: string): Extract<WarehouseTarget, { type: 'postgres' }> {
  const port = /^(postgres(?:ql)?:\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#]*)):([^/?#]*)/.exec(url)
  const u = new URL(port ? port[1] + url.slice(port[0].length) : url)
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error(`not a postgres:// URL: ${url}`)
  const [user, password, host, portText, database] = [u.username, u.password, u.hostname, port?.[2] ?? '', u.pathname.slice(1)].map(uriDecode)
  const sslmode = u.searchParams.get('sslmode')
  const sslrootcert = u.searchParams.get('sslrootcert')
  const ssl = sslmode === null ? undefined : parseSslMode(sslmode)
  return {
    type: 'postgres',
    host: host.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1', // an IPv6 address without its brackets
    port: libpqPort(portText) ?? 5432,
    database: database || user || 'postgres',
    user: user || process.env.USER || 'postgres',
    password: password || undefined,
    ssl,
    sslRootCert: sslrootcert ?? undefined,
  }
}

/** A part of a URL percent-decoded as libpq's conninfo_uri_decode, with its messages. */
function uriDecode(text: string): string {
  const bytes: number[] = []
  for (let i = 0; i < text.length;) {
    if (text[i] !== '%') {
      const ch = String.fromCodePoint(text.codePointAt(i)!)
      bytes.push(...Buffer.from(ch, 'utf8'))
      i += ch.length
      continue
    }
    const hex = text.slice(i + 1, i + 3)
    if (!/^[0-9a-f]{2}$/i.test(hex)) throw new Error(`invalid percent-encoded token: "${text}"`)
    if (hex === '00') throw new Error(`forbidden value %00 in percent-encoded value: "${text}"`)
    bytes.push(parseInt(hex, 16))
    i += 3
  }
  return Buffer.from(bytes).toString('utf8')
}

/**
 * What a client asks of each connection beside its target, as libpq's connection parameters: application_name,
 * settings for the startup packet (client_encoding…) and connect_timeout (psql's from its environment).
 */
export interface ClientOptions {
  applicationName?: string
  startupParameters?: Record<string, string>
  /** libpq's text of it (see PgConnectOptions.connectTimeout); rsqlflow's 30 s without it */
  connectTimeout?: string
  /** psql's password prompt (see PgConnectOptions.askPassword) */
  askPassword?: (user?: string) => Promise<string>
  askPasswordFirst?: boolean
}

/** Opens a session on a target, starting the local warehouse first when that is the target. */
export async function connect(target: WarehouseTarget, client: string | ClientOptions = 'rsqlflow'): Promise<Session> {
  const { applicationName = 'rsqlflow', ...startup } = typeof client === 'string' ? { applicationName: client } : client
  if (target.type === 'local') {
    const server = await ensureLocalServer(target.dir)
    return connectPg({
      host: server.host, port: server.port, database: target.database ?? server.database,
      user: target.user ?? server.user, password: target.password, applicationName, ...startup, ssl: false, // loopback only
    })
  }
  // The AWS SDK is loaded only for the targets that need it: it costs ~1 s and ~100 MB at start-up.
  if (target.type === 'redshift') return (await import('./redshift/connect.ts')).connectRedshift(target, { applicationName, ...startup })
  if (target.type === 'redshift-data') return (await import('./redshift/data-api.ts')).connectRedshiftData(target)
  // without an sslmode of its own, PGSSLMODE and PGSSLROOTCERT decide, as they do for psql; else libpq's prefer
  const { ssl, sslRootCert, ...rest } = target
  const mode = ssl ?? (process.env.PGSSLMODE ? parseSslMode(process.env.PGSSLMODE) : 'prefer')
  return connectPg({
    ...rest, ssl: tlsOptions(mode, sslRootCert ?? (process.env.PGSSLROOTCERT || undefined)), applicationName, ...startup,
    sslFallback: mode === 'prefer' || mode === 'allow' ? mode : undefined,
  })
}

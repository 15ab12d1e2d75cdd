import { join } from 'node:path'
import type { Session } from './session.ts'
import { connectPg } from './pg-connect.ts'
import { ensureLocalServer } from './local/server.ts'
import type { RedshiftTarget, RedshiftDataTarget } from './redshift/targets.ts'
import { parseSslMode, tlsOptions, type SslMode } from './tls.ts'

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

/** Parses `postgres://user:password@host:port/database?sslmode=verify-full&sslrootcert=ca.pem`. */
export function parsePostgresUrl(url: string): Extract<WarehouseTarget, { type: 'postgres' }> {
  const u = new URL(url)
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error(`not a postgres:// URL: ${url}`)
  const sslmode = u.searchParams.get('sslmode')
  const sslrootcert = u.searchParams.get('sslrootcert')
  return {
    type: 'postgres',
    host: decodeURIComponent(u.hostname) || '127.0.0.1',
    port: Number(u.port || 5432),
    database: decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username) || 'postgres',
    user: decodeURIComponent(u.username) || process.env.USER || 'postgres',
    password: u.password ? decodeURIComponent(u.password) : undefined,
    ssl: sslmode === null ? undefined : parseSslMode(sslmode),
    sslRootCert: sslrootcert ?? undefined,
  }
}

/** Opens a session on a target, starting the local warehouse first when that is the target. */
export async function connect(target: WarehouseTarget, applicationName = 'rsqlflow'): Promise<Session> {
  if (target.type === 'local') {
    const server = await ensureLocalServer(target.dir)
    return connectPg({
      host: server.host, port: server.port, database: target.database ?? server.database,
      user: target.user ?? server.user, password: target.password, applicationName, ssl: false, // loopback only
    })
  }
  // The AWS SDK is loaded only for the targets that need it: it costs ~1 s and ~100 MB at start-up.
  if (target.type === 'redshift') return (await import('./redshift/connect.ts')).connectRedshift(target, applicationName)
  if (target.type === 'redshift-data') return (await import('./redshift/data-api.ts')).connectRedshiftData(target)
  // without an sslmode of its own, PGSSLMODE and PGSSLROOTCERT decide, as they do for psql; else libpq's prefer
  const { ssl, sslRootCert, ...rest } = target
  const mode = ssl ?? (process.env.PGSSLMODE ? parseSslMode(process.env.PGSSLMODE) : 'prefer')
  return connectPg({
    ...rest, ssl: tlsOptions(mode, sslRootCert ?? (process.env.PGSSLROOTCERT || undefined)), applicationName,
    sslFallback: mode === 'prefer' || mode === 'allow' ? mode : undefined,
  })
}

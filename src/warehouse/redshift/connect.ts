/**
 * The `redshift` target: the Postgres wire protocol over TLS to a cluster or workgroup endpoint
 * (port 5439). SQL goes as written — no dialect rewrite; Redshift is the dialect.
 */
import type { Session } from '../session.ts'
import { connectPg } from '../pg-connect.ts'
import { getDatabaseCredentials } from './iam.ts'
import { tlsOptions } from '../tls.ts'
import type { RedshiftTarget } from './targets.ts'
import type { ClientOptions } from '../targets.ts'

export async function connectRedshift(target: RedshiftTarget, client: ClientOptions = {}): Promise<Session> {
  let { user, password } = target
  if (target.iam) ({ user, password } = await getDatabaseCredentials(target.iam, target.database, target.user))
  return connectPg({
    host: target.host, port: target.port, database: target.database, user, password, ...client,
    ssl: tlsOptions(target.ssl ?? 'verify-full'),
  })
}

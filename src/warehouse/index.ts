export type { Field, DescribedField, StatementResult, Notice, Notification, QueryOptions, ConnectionInfo, Session, CopyInData } from './session.ts'
export { WarehouseError, toWarehouseError } from './errors.ts'
export { connectPg, type PgConnectOptions } from './pg-connect.ts'
export { ensureLocalServer, stopLocalServer, LOCAL_DATABASE, LOCAL_USER, type LocalServer } from './local/server.ts'
export { connect, localWarehouseDir, parsePostgresUrl, type ClientOptions, type WarehouseTarget } from './targets.ts'
export type { RedshiftTarget, RedshiftDataTarget, RedshiftIam } from './redshift/targets.ts'
export { getDatabaseCredentials, type DatabaseCredentials } from './redshift/iam-lazy.ts'
import type { RedshiftOptions } from './dialect/index.ts'
import type { Session, StatementResult } from './session.ts'
export type { RedshiftOptions, UnloadCommand } from './dialect/index.ts'
export { parseCopy, isCopyFromS3, type CopyCommand } from './dialect/copy-statement.ts'
export { redshiftDialectSession } from './dialect-session.ts'
export { parseSslMode, type SslMode } from './tls.ts'
export { libpqPort } from './port.ts'

/**
 * Runs Redshift SQL on a Postgres session (see dialect/index.ts). The dialect is imported on first use:
 * it loads PostgreSQL's parser (WASM), which plain sessions (rsql on a Postgres host) never need.
 */
export async function executeRedshift(session: Session, sql: string, options: RedshiftOptions): Promise<StatementResult[]> {
  return (await import('./dialect/index.ts')).executeRedshift(session, sql, options)
}

/** The dialect's rewrite of one statement (loads the dialect, as executeRedshift). */
export async function rewriteStatement(sql: string): Promise<string> {
  return (await import('./dialect/index.ts')).rewriteStatement(sql)
}

/** `UNLOAD ('…') TO 's3://…' …` parsed (loads the dialect, as executeRedshift). */
export async function parseUnload(sql: string): Promise<import('./dialect/index.ts').UnloadCommand> {
  return (await import('./dialect/index.ts')).parseUnload(sql)
}

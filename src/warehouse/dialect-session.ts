import type { ObjectStore } from '../objects/index.ts'
import type { Session } from './session.ts'

/**
 * A session on a PostgreSQL warehouse (the `local` and `postgres` targets) that speaks Redshift:
 * every query goes through the dialect layer, so `COPY … FROM 's3://…'` and `UNLOAD` use the project's
 * object store and Redshift DDL/functions are rewritten. Scripts then run unchanged here and on Redshift.
 */
export function redshiftDialectSession(inner: Session, objects: ObjectStore): Session {
  return {
    get info() { return inner.info },
    get inTransaction() { return inner.inTransaction },
    get transactionStatus() { return inner.transactionStatus },
    get serverVersion() { return inner.serverVersion },
    get sendsAhead() { return inner.sendsAhead },
    get sentAhead() { return inner.sentAhead },
    parameter: name => inner.parameter?.(name),
    takeNotifications: () => inner.takeNotifications?.() ?? [],
    query: async (sql, options) => (await import('./dialect/index.ts')).executeRedshift(inner, sql, { objects, onNotice: options?.onNotice, copyIn: options?.copyIn, copyOut: options?.copyOut, onCopyOut: options?.onCopyOut, ahead: options?.ahead }),
    copyFrom: sql => inner.copyFrom(sql),
    copyTo: sql => inner.copyTo(sql),
    cancel: () => inner.cancel(),
    close: () => inner.close(),
    ...(inner.describe && { describe: (sql: string) => inner.describe!(sql) }),
  }
}

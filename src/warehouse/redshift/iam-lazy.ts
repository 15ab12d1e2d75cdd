import type { DatabaseCredentials } from './iam.ts'
export type { DatabaseCredentials } from './iam.ts'

/** `iam.ts` loads the AWS SDK; load it only when temporary credentials are really asked for. */
export async function getDatabaseCredentials(...args: Parameters<typeof import('./iam.ts').getDatabaseCredentials>): Promise<DatabaseCredentials> {
  return (await import('./iam.ts')).getDatabaseCredentials(...args)
}

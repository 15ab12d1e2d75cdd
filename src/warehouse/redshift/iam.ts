/**
 * Temporary database credentials for `IAM=1` profiles: GetClusterCredentials for a provisioned cluster,
 * GetCredentials for a Serverless workgroup. AWS credentials come from the SDK's default chain.
 */
import { RedshiftClient, GetClusterCredentialsCommand } from '@aws-sdk/client-redshift'
import { RedshiftServerlessClient, GetCredentialsCommand } from '@aws-sdk/client-redshift-serverless'
import { WarehouseError } from '../errors.ts'
import type { RedshiftIam } from './targets.ts'

export interface DatabaseCredentials { user: string; password: string; expiration?: Date }

export async function getDatabaseCredentials(iam: RedshiftIam, database: string, user: string): Promise<DatabaseCredentials> {
  const client = { region: iam.region, ...(iam.endpoint ? { endpoint: iam.endpoint } : {}) }
  try {
    if (iam.workgroup) {
      const sdk = new RedshiftServerlessClient(client)
      try {
        const out = await sdk.send(new GetCredentialsCommand({ workgroupName: iam.workgroup, dbName: database, durationSeconds: iam.durationSeconds }))
        return { user: out.dbUser!, password: out.dbPassword!, expiration: out.expiration }
      } finally { sdk.destroy() }
    }
    if (!iam.clusterId) throw new WarehouseError('IAM credentials need a clusterId (provisioned) or a workgroup (Serverless)', { code: '28000' })
    const sdk = new RedshiftClient(client)
    try {
      const out = await sdk.send(new GetClusterCredentialsCommand({
        ClusterIdentifier: iam.clusterId, DbUser: iam.dbUser ?? user, DbName: database,
        AutoCreate: iam.autoCreate, DbGroups: iam.dbGroups, DurationSeconds: iam.durationSeconds,
      }))
      return { user: out.DbUser!, password: out.DbPassword!, expiration: out.Expiration }
    } finally { sdk.destroy() }
  } catch (err) {
    if (err instanceof WarehouseError) throw err
    const e = err as { name?: string; message?: string }
    const api = iam.workgroup ? 'GetCredentials' : 'GetClusterCredentials'
    return Promise.reject(new WarehouseError(`could not get IAM database credentials (${api}): ${e.name}: ${e.message}`, { code: '28000', cause: err }))
  }
}

/** The real Redshift targets: the wire protocol (`redshift`) and the Data API (`redshift-data`). */

/** Temporary database credentials from IAM (an `IAM=1` ODBC profile). */
export interface RedshiftIam {
  /** Provisioned cluster: GetClusterCredentials. */
  clusterId?: string
  /** Serverless workgroup: GetCredentials. */
  workgroup?: string
  region: string
  /** The database user to get credentials for (provisioned); defaults to the target's user. */
  dbUser?: string
  autoCreate?: boolean
  dbGroups?: string[]
  durationSeconds?: number
  /** API endpoint override (VPC endpoints; tests). */
  endpoint?: string
}

export interface RedshiftTarget {
  type: 'redshift'
  host: string
  /** Redshift listens on 5439 unless the cluster was created with another port. */
  port: number
  database: string
  user: string
  password?: string
  /** TLS: `verify-full` (default) checks the certificate, `require` only encrypts, `disable` is plain TCP. */
  ssl?: 'verify-full' | 'require' | 'disable'
  iam?: RedshiftIam
}

export interface RedshiftDataTarget {
  type: 'redshift-data'
  database: string
  clusterId?: string
  workgroup?: string
  /** Temporary credentials for this user (provisioned clusters). */
  dbUser?: string
  /** Credentials from Secrets Manager. */
  secretArn?: string
  region: string
  /** API endpoint override (VPC endpoints; tests). */
  endpoint?: string
  /** First DescribeStatement poll after this many ms, then backing off up to 2 s (default 50). */
  pollMs?: number
}

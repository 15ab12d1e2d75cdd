// The redshift target: IAM=1 credentials from GetClusterCredentials (query protocol, XML) and
// GetCredentials (Serverless, awsJson1.1) against a local stand-in for AWS, then a real wire-protocol
// login with them — the local warehouse plays the cluster (without TLS: ssl 'disable').
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, ensureLocalServer, stopLocalServer, WarehouseError, type LocalServer } from '../../../src/warehouse/index.ts'
import { fakeAws, type FakeAws } from './fake-aws.ts'

const root = mkdtempSync(join(tmpdir(), 'rsqlflow-redshift-'))
chmodSync(root, 0o755)
const dir = join(root, 'warehouse')
let aws: FakeAws
let server: LocalServer

before(async () => {
  aws = await fakeAws()
  server = await ensureLocalServer(dir)
  const admin = await connect({ type: 'local', dir })
  await admin.query(`create role "IAM:etl" login password 'temporary-1'; create role "IAMR:etl-role" login password 'temporary-2'`)
  await admin.close()
})
after(async () => {
  await aws.close()
  await stopLocalServer(dir)
  rmSync(root, { recursive: true, force: true })
})

const cluster = () => ({ type: 'redshift' as const, host: server.host, port: server.port, database: 'dev', user: 'etl', ssl: 'disable' as const })

test('provisioned: GetClusterCredentials with the profile fields, then a login as IAM:<user>', async () => {
  aws.requests.length = 0
  aws.handle(() => ({ xml: `<GetClusterCredentialsResponse xmlns="http://redshift.amazonaws.com/doc/2012-12-01/">
    <GetClusterCredentialsResult><DbUser>IAM:etl</DbUser><DbPassword>temporary-1</DbPassword><Expiration>2026-11-25T12:15:00Z</Expiration></GetClusterCredentialsResult>
    <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetClusterCredentialsResponse>` }))
  const s = await connect({ ...cluster(), iam: { clusterId: 'etl-cluster', region: 'us-east-1', autoCreate: true, dbGroups: ['loaders'], durationSeconds: 900, endpoint: aws.endpoint } })
  const [r] = await s.query('select current_user')
  assert.deepEqual(r.rows, [['IAM:etl']])
  await s.close()
  const { Action, Version, ClusterIdentifier, DbUser, DbName, AutoCreate, DurationSeconds } = aws.requests[0].body as Record<string, string>
  assert.deepEqual({ Action, Version, ClusterIdentifier, DbUser, DbName, AutoCreate, DurationSeconds },
    { Action: 'GetClusterCredentials', Version: '2012-12-01', ClusterIdentifier: 'etl-cluster', DbUser: 'etl', DbName: 'dev', AutoCreate: 'true', DurationSeconds: '900' })
  assert.equal((aws.requests[0].body as Record<string, string>)['DbGroups.DbGroup.1'], 'loaders')
})

test('Serverless: GetCredentials for the workgroup, then a login as the returned IAMR user', async () => {
  aws.requests.length = 0
  aws.handle(() => ({ json: { dbUser: 'IAMR:etl-role', dbPassword: 'temporary-2', expiration: 1764072900, nextRefreshTime: 1764072000 } }))
  const s = await connect({ ...cluster(), iam: { workgroup: 'etl-wg', region: 'us-east-1', endpoint: aws.endpoint } })
  assert.deepEqual((await s.query('select current_user'))[0].rows, [['IAMR:etl-role']])
  await s.close()
  assert.deepEqual(aws.requests[0], { operation: 'RedshiftServerless.GetCredentials', body: { workgroupName: 'etl-wg', dbName: 'dev' } })
})

test('an IAM refusal names the API and the AWS error (28000); a TLS target refuses a server without TLS', async () => {
  aws.handle(() => ({ status: 403, xml: `<ErrorResponse><Error><Type>Sender</Type><Code>UnauthorizedOperation</Code><Message>not authorized to GetClusterCredentials</Message></Error><RequestId>r-2</RequestId></ErrorResponse>` }))
  await assert.rejects(connect({ ...cluster(), iam: { clusterId: 'etl-cluster', region: 'us-east-1', endpoint: aws.endpoint } }), (e: unknown) => {
    assert.ok(e instanceof WarehouseError)
    assert.equal(e.code, '28000')
    assert.equal(e.message, 'could not get IAM database credentials (GetClusterCredentials): UnauthorizedOperation: not authorized to GetClusterCredentials')
    return true
  })
  await assert.rejects(connect({ ...cluster(), ssl: 'require', password: 'x' }), (e: unknown) => {
    assert.ok(e instanceof WarehouseError)
    assert.equal(e.code, '08001')
    assert.match(e.message, /^connection to server at "127\.0\.0\.1", port \d+ failed: .*(SSL|ssl)/)
    return true
  })
})

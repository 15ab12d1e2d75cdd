// The redshift-data target against a local server speaking the Data API's awsJson1.1 protocol: the
// requests it sends, polling, paging, typed fields → text, and errors → WarehouseError.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { connect, WarehouseError } from '../../../src/warehouse/index.ts'
import { fakeAws, type FakeAws, type AwsReply } from './fake-aws.ts'

let aws: FakeAws
before(async () => { aws = await fakeAws() })
after(async () => { await aws.close() })

const target = () => ({ type: 'redshift-data' as const, clusterId: 'etl-cluster', database: 'dev', dbUser: 'etl', region: 'us-east-1', endpoint: aws.endpoint, pollMs: 1 })

/** A scripted Data API: each Describe answers the next status in `statuses` for that id. */
function dataApi(script: Record<string, { statuses: string[]; describe?: object; pages?: object[] }>): void {
  let next = 0
  const ids: string[] = Object.keys(script)
  const polls = new Map<string, number>()
  aws.handle(({ operation, body }): AwsReply => {
    switch (operation) {
      case 'RedshiftData.ExecuteStatement':
      case 'RedshiftData.BatchExecuteStatement':
        return { json: { Id: ids[next++], SessionId: 'session-1', CreatedAt: 1764000000 } }
      case 'RedshiftData.DescribeStatement': {
        const s = script[String(body.Id)]
        const n = polls.get(String(body.Id)) ?? 0
        polls.set(String(body.Id), n + 1)
        return { json: { Id: body.Id, Status: s.statuses[Math.min(n, s.statuses.length - 1)], ...s.describe } }
      }
      case 'RedshiftData.GetStatementResult': {
        const pages = Object.values(script).find((_, k) => ids[k] === String(body.Id).split(':')[0])?.pages ?? []
        const at = body.NextToken ? Number(body.NextToken) : 0
        return { json: { ...pages[at], ...(at + 1 < pages.length ? { NextToken: String(at + 1) } : {}) } }
      }
      case 'RedshiftData.CancelStatement':
        return { json: { Status: true } }
      default:
        return { status: 400, json: { __type: 'UnknownOperationException', message: operation } }
    }
  })
}

const columns = [
  { name: 'id', label: 'id', typeName: 'int8' }, { name: 'name', label: 'name', typeName: 'varchar' },
  { name: 'ok', label: 'ok', typeName: 'bool' }, { name: 'ratio', label: 'ratio', typeName: 'float8' },
  { name: 'raw', label: 'raw', typeName: 'varbyte' },
]

test('a SELECT: ExecuteStatement, DescribeStatement polled until FINISHED, GetStatementResult paged, fields as text', async () => {
  aws.requests.length = 0
  dataApi({
    'q-1': {
      statuses: ['SUBMITTED', 'STARTED', 'FINISHED'], describe: { HasResultSet: true, ResultRows: 3 },
      pages: [
        { ColumnMetadata: columns, TotalNumRows: 3, Records: [
          [{ longValue: 1 }, { stringValue: 'apple' }, { booleanValue: true }, { doubleValue: 0.5 }, { blobValue: Buffer.from('hi').toString('base64') }],
          [{ longValue: 2 }, { isNull: true }, { booleanValue: false }, { doubleValue: 2 }, { isNull: true }]] },
        { ColumnMetadata: columns, Records: [[{ longValue: 3 }, { stringValue: 'pear' }, { isNull: true }, { doubleValue: -1.25 }, { isNull: true }]] },
      ],
    },
    'q-2': { statuses: ['FINISHED'], describe: { HasResultSet: false, ResultRows: 0 } },
  })
  const s = await connect(target())
  const [r] = await s.query('select id, name, ok, ratio, raw from fruit order by id;')
  assert.equal(r.commandTag, 'SELECT 3')
  assert.equal(r.rowCount, '3')
  assert.deepEqual(r.fields, [{ name: 'id', dataTypeID: 20 }, { name: 'name', dataTypeID: 1043 }, { name: 'ok', dataTypeID: 16 }, { name: 'ratio', dataTypeID: 701 }, { name: 'raw', dataTypeID: 6551 }])
  assert.deepEqual(r.rows, [['1', 'apple', 't', '0.5', '\\x6869'], ['2', null, 'f', '2', null], ['3', 'pear', null, '-1.25', null]])
  // The SDK adds an idempotency token (ClientToken) to every ExecuteStatement.
  assert.match(String(aws.requests[0].body.ClientToken), /^[0-9a-f-]{36}$/)
  delete aws.requests[0].body.ClientToken
  const ops = aws.requests.map(q => q.operation.replace('RedshiftData.', ''))
  assert.deepEqual(ops, ['ExecuteStatement', 'DescribeStatement', 'DescribeStatement', 'DescribeStatement', 'GetStatementResult', 'GetStatementResult'])
  assert.deepEqual(aws.requests[0].body, {
    Sql: 'select id, name, ok, ratio, raw from fruit order by id', Database: 'dev', ClusterIdentifier: 'etl-cluster', DbUser: 'etl', SessionKeepAliveSeconds: 3600,
  })
  assert.equal(aws.requests[5].body.NextToken, '1')
  // The next statement reuses the Data API session, so temp tables and transactions carry over.
  const [truncate] = await s.query('truncate fruit')
  assert.equal(truncate.commandTag, 'TRUNCATE TABLE')
  delete aws.requests[6].body.ClientToken
  assert.deepEqual(aws.requests[6].body, { Sql: 'truncate fruit', SessionId: 'session-1' })
  await s.close()
})

test('several statements go as one BatchExecuteStatement; each gets its command tag and rows', async () => {
  aws.requests.length = 0
  dataApi({
    'b-1': {
      statuses: ['PICKED', 'FINISHED'],
      describe: { SubStatements: [
        { Id: 'b-1:1', Status: 'FINISHED', HasResultSet: false, ResultRows: 0 },
        { Id: 'b-1:2', Status: 'FINISHED', HasResultSet: false, ResultRows: 2 },
        { Id: 'b-1:3', Status: 'FINISHED', HasResultSet: true, ResultRows: 1 }] },
      pages: [{ ColumnMetadata: [{ name: 'count', label: 'count', typeName: 'int8' }], Records: [[{ longValue: 2 }]] }],
    },
  })
  const s = await connect({ ...target(), clusterId: undefined, dbUser: undefined, workgroup: 'etl-wg', secretArn: 'arn:aws:secretsmanager:us-east-1:1:secret:x' })
  const results = await s.query("create temp table t (a int); insert into t values (1), (2); select count(*) from t")
  assert.deepEqual(results.map(r => r.commandTag), ['CREATE TABLE', 'INSERT 0 2', 'SELECT 1'])
  assert.deepEqual(results[2].rows, [['2']])
  delete aws.requests[0].body.ClientToken
  assert.deepEqual(aws.requests[0], { operation: 'RedshiftData.BatchExecuteStatement', body: {
    Sqls: ['create temp table t (a int)', 'insert into t values (1), (2)', 'select count(*) from t'],
    Database: 'dev', WorkgroupName: 'etl-wg', SecretArn: 'arn:aws:secretsmanager:us-east-1:1:secret:x', SessionKeepAliveSeconds: 3600,
  } })
  assert.equal(aws.requests.at(-1)!.body.Id, 'b-1:3')
  await s.close()
})

test('a failed statement becomes a WarehouseError with the SQLSTATE, from the code in the message or its text', async () => {
  const failing = async (error: string) => {
    dataApi({ 'f-1': { statuses: ['STARTED', 'FAILED'], describe: { Error: error } } })
    const s = await connect(target())
    try { await s.query('select * from nope'); assert.fail('no error') } catch (e) { return e as WarehouseError } finally { await s.close() }
  }
  let e = await failing('ERROR: relation "public.nope" does not exist')
  assert.ok(e instanceof WarehouseError)
  assert.equal(e.code, '42P01')
  assert.equal(e.message, 'relation "public.nope" does not exist')
  e = await failing('ERROR: numeric field overflow [SQLSTATE: 22003]\n  Position: 8')
  assert.equal(e.code, '22003')
  assert.equal(e.position, 8)
  e = await failing('ERROR: Load into table \'sales\' failed. Check \'stl_load_errors\' system table for details.')
  assert.equal(e.code, 'XX000')
  assert.match(e.message, /stl_load_errors/)
})

test('API errors name the AWS error; ABORTED is a cancel (57014); COPY FROM STDIN is refused (0A000)', async () => {
  aws.handle(() => ({ status: 400, json: { __type: 'ValidationException', message: 'Cluster identifier etl-cluster not found' } }))
  const s = await connect(target())
  await assert.rejects(s.query('select 1'), (e: unknown) => {
    assert.ok(e instanceof WarehouseError)
    assert.equal(e.code, '08006')
    assert.equal(e.message, 'redshift data api: ValidationException: Cluster identifier etl-cluster not found')
    return true
  })
  dataApi({ 'a-1': { statuses: ['STARTED', 'ABORTED'] } })
  await assert.rejects(s.query('select pg_sleep(100)'), (e: unknown) => (e as WarehouseError).code === '57014')
  assert.throws(() => s.copyFrom('copy t from stdin'), (e: unknown) => (e as WarehouseError).code === '0A000' && /not supported by the Redshift Data API/.test((e as Error).message))
  await s.close()
  await assert.rejects(connect({ ...target(), workgroup: 'wg' }), /exactly one of clusterId/)
})

test('BEGIN and COMMIT through the Data API session track the transaction state', async () => {
  dataApi({ 't-1': { statuses: ['FINISHED'] }, 't-2': { statuses: ['FINISHED'] } })
  const s = await connect(target())
  await s.query('begin')
  assert.equal(s.inTransaction, true)
  await s.query('commit')
  assert.equal(s.inTransaction, false)
  await s.close()
})

// The `aws` CLI against the server with --endpoint-url: Step Functions, Batch and SNS, and an error's exit.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { SubmitJobCommand } from '@aws-sdk/client-batch'
import { pass, serve, smArn, until, type Served } from './helpers.ts'

const run = promisify(execFile)

/** The Debian package's /usr/bin/aws first, then one on PATH (it may be another version). */
async function findAws(): Promise<string[]> {
  let onPath = ''
  try {
    onPath = (await run('sh', ['-c', 'command -v aws'])).stdout.trim()
  } catch { /* none on PATH */ }
  return [...new Set([existsSync('/usr/bin/aws') ? '/usr/bin/aws' : '', onPath].filter(Boolean))]
}

const awsPaths = await findAws()
const awsPath = awsPaths[0] as string | undefined
const skip = awsPath ? false : 'the aws CLI is not installed (Debian: apt-get install -y awscli)'
if (skip) console.log(`# skipping the aws CLI tests: ${skip}`)

let s: Served
let env: NodeJS.ProcessEnv
before(async () => {
  if (skip) return
  s = await serve({ name: 'cli', topics: [{ name: 'alerts' }], jobDefinitions: [{ name: 'echo', executor: 'subprocess', containerProperties: { command: ['/bin/echo', 'hi'] } }] }, { hello: pass })
  // no profile of this machine's user may leak in: credentials and region come from the environment only
  env = {
    ...process.env, AWS_ACCESS_KEY_ID: 'rsqlflow', AWS_SECRET_ACCESS_KEY: 'any-secret', AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(s.dir, 'no-aws-config'), AWS_SHARED_CREDENTIALS_FILE: join(s.dir, 'no-aws-credentials'), AWS_PAGER: '',
  }
  delete env.AWS_PROFILE
})
after(() => s?.close())

async function aws(...args: string[]): Promise<{ code: number; json: Record<string, unknown>; stderr: string }> {
  return awsWith(awsPath!, ...args)
}

async function awsWith(path: string, ...args: string[]): Promise<{ code: number; json: Record<string, unknown>; stderr: string }> {
  try {
    const { stdout, stderr } = await run(path, ['--endpoint-url', s.url, '--output', 'json', ...args], { env, timeout: 60_000 })
    return { code: 0, json: stdout.trim() ? JSON.parse(stdout) : {}, stderr }
  } catch (err) {
    const e = err as { code?: number; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : -1, json: {}, stderr: e.stderr ?? '' }
  }
}

test('aws stepfunctions list-state-machines, start-execution, describe-execution', { skip }, async () => {
  const list = await aws('stepfunctions', 'list-state-machines')
  assert.equal(list.code, 0, list.stderr)
  assert.deepEqual((list.json.stateMachines as { name: string }[]).map(m => m.name), ['hello'])
  const started = await aws('stepfunctions', 'start-execution', '--state-machine-arn', smArn('hello'), '--name', 'from-cli', '--input', '{"via":"aws"}')
  assert.equal(started.code, 0, started.stderr)
  const executionArn = started.json.executionArn as string
  assert.equal(executionArn, 'arn:aws:states:us-east-1:000000000000:execution:hello:from-cli')
  await s.app.states.waitFor(executionArn)
  const d = await aws('stepfunctions', 'describe-execution', '--execution-arn', executionArn)
  assert.equal(d.code, 0, d.stderr)
  assert.equal(d.json.status, 'SUCCEEDED')
  assert.deepEqual(JSON.parse(d.json.output as string), { via: 'aws', result: { ok: true } })
})

test('an unknown execution: the CLI exits non-zero naming ExecutionDoesNotExist', { skip }, async () => {
  const r = await aws('stepfunctions', 'describe-execution', '--execution-arn', 'arn:aws:states:us-east-1:000000000000:execution:hello:nope')
  assert.notEqual(r.code, 0)
  assert.match(r.stderr, /ExecutionDoesNotExist/)
  assert.match(r.stderr, /Execution Does Not Exist: 'arn:aws:states:us-east-1:000000000000:execution:hello:nope'/)
})

test('aws stepfunctions list-executions --status-filter BOGUS: ValidationException, as AWS answers it (was an empty list)', { skip }, async () => {
  const r = await aws('stepfunctions', 'list-executions', '--state-machine-arn', smArn('hello'), '--status-filter', 'BOGUS')
  assert.notEqual(r.code, 0, 'the CLI fails')
  assert.match(r.stderr, /\(ValidationException\) when calling the ListExecutions operation: 1 validation error detected: Value 'BOGUS' at 'statusFilter'/)
  const bad = await aws('stepfunctions', 'describe-state-machine', '--state-machine-arn', 'hello')
  assert.match(bad.stderr, /\(InvalidArn\) when calling the DescribeStateMachine operation: Invalid Arn: 'Invalid ARN prefix: hello'/)
})

test('aws batch describe-jobs', { skip }, async () => {
  const { jobId } = await s.batch.send(new SubmitJobCommand({ jobName: 'cli-job', jobQueue: 'etl-queue', jobDefinition: 'echo' }))
  await until(async () => (s.app.batch.describeJobs([jobId!])[0]?.status === 'SUCCEEDED' ? true : undefined), 20_000, 'the job')
  const r = await aws('batch', 'describe-jobs', '--jobs', jobId!)
  assert.equal(r.code, 0, r.stderr)
  const [job] = r.json.jobs as { jobId: string; jobName: string; status: string }[]
  assert.deepEqual([job.jobId, job.jobName, job.status], [jobId, 'cli-job', 'SUCCEEDED'])
})

test('aws sns publish, and an unknown topic', { skip }, async () => {
  const r = await aws('sns', 'publish', '--topic-arn', 'arn:aws:sns:us-east-1:000000000000:alerts', '--message', 'hello from the CLI')
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.json.MessageId as string, /^[0-9a-f-]{36}$/)
  const bad = await aws('sns', 'publish', '--topic-arn', 'arn:aws:sns:us-east-1:000000000000:ghost', '--message', 'x')
  assert.notEqual(bad.code, 0)
  assert.match(bad.stderr, /NotFound/)
})

// StartSyncExecution's host prefix (`sync-127.0.0.1` does not resolve): recent CLIs turn it off with
// AWS_DISABLE_HOST_PREFIX_INJECTION (README); Debian 12's aws-cli 2.9 cannot: another aws on PATH is tried.
test('aws stepfunctions start-sync-execution with AWS_DISABLE_HOST_PREFIX_INJECTION=true', { skip }, async (t) => {
  const role = 'arn:aws:iam::000000000000:role/rsqlflow'
  const created = await aws('stepfunctions', 'create-state-machine', '--name', 'quick', '--type', 'EXPRESS', '--role-arn', role,
    '--definition', JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { sync: true }, ResultPath: '$.r', End: true } } }))
  assert.equal(created.code, 0, created.stderr)
  const arn = created.json.stateMachineArn as string
  env.AWS_DISABLE_HOST_PREFIX_INJECTION = 'true'
  try {
    for (const path of awsPaths) {
      const r = await awsWith(path, 'stepfunctions', 'start-sync-execution', '--state-machine-arn', arn, '--input', '{"a":1}')
      if (r.code !== 0 && /sync-127\.0\.0\.1/.test(r.stderr)) continue // this CLI has not the setting
      assert.equal(r.code, 0, r.stderr)
      assert.equal(r.json.status, 'SUCCEEDED')
      assert.deepEqual(JSON.parse(r.json.output as string), { a: 1, r: { sync: true } })
      return
    }
    t.skip(`no aws CLI here (${awsPaths.join(', ')}) has AWS_DISABLE_HOST_PREFIX_INJECTION: each still sends to sync-127.0.0.1`)
  } finally {
    delete env.AWS_DISABLE_HOST_PREFIX_INJECTION
  }
})

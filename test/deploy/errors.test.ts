// Mistakes a user can make, reported as DeployErrors naming the place, before anything is synthesized.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { App } from 'aws-cdk-lib'
import { loadProject, type Project } from '../../src/project/index.ts'
import { TPCH_SAMPLE_DIR } from '../../src/samples/index.ts'
import { buildDeployApp, checkOptions, DeployError, type DeployOptions } from '../../src/deploy/index.ts'
import { sampleCopy, writeText } from './helpers.ts'

let sample: Project
before(async () => { sample = await loadProject({ dir: TPCH_SAMPLE_DIR }) })
const cleanups: (() => Promise<void>)[] = []
after(async () => { for (const c of cleanups) await c() })

function fails(fn: () => unknown, code: string, location: RegExp | string, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DeployError, String(err))
    assert.equal(err.code, code)
    if (typeof location === 'string') assert.equal(err.location, location)
    else assert.match(err.location, location)
    assert.match(err.message, message)
    assert.match(err.message, /^[a-z"]/, 'lower case, as PostgreSQL writes messages')
    assert.doesNotMatch(err.message, /\.$/)
    return true
  })
}

async function variant(edit: Parameters<typeof sampleCopy>[0]): Promise<Project> {
  const copy = await sampleCopy(edit)
  cleanups.push(copy.cleanup)
  return copy.project
}

const build = (project: Project, options: Partial<DeployOptions> = {}) => () => buildDeployApp(project, { stage: 'dev', ...options }, new App())

test('options: stage, account, region and warehouse are checked', () => {
  fails(() => checkOptions({ stage: 'Prod' }), 'ValidationException', '--stage', /invalid stage name "Prod"/)
  fails(() => checkOptions({ stage: 'a-very-long-stage-name' }), 'ValidationException', '--stage', /1 to 16/)
  fails(() => checkOptions({ stage: 'dev--x' }), 'ValidationException', '--stage', /single hyphens/)
  fails(() => checkOptions({ stage: 'dev', account: '1234' }), 'ValidationException', '--account', /12 digits/)
  fails(() => checkOptions({ stage: 'dev', region: 'mars' }), 'ValidationException', '--region', /invalid region/)
  fails(() => checkOptions({ stage: 'dev', warehouse: 'big' as never }), 'ValidationException', '--warehouse', /serverless or provisioned/)
  assert.equal(checkOptions({ stage: 'dev' }).warehouse, 'serverless')
  fails(() => checkOptions({ stage: 'dev', nodeType: 'dc2.large' }), 'ValidationException', '--node-type', /only to a provisioned cluster \(add --warehouse provisioned\)/)
  fails(() => checkOptions({ stage: 'dev', warehouse: 'provisioned', nodeType: 'ra3.4xlarge' }), 'ValidationException', '--node-type', /invalid node type "ra3.4xlarge": the single-node cluster takes ra3.large, ra3.xlplus, dc2.large/)
  assert.equal(checkOptions({ stage: 'dev', warehouse: 'provisioned', nodeType: 'ra3.xlplus' }).nodeType, 'ra3.xlplus')
  fails(() => checkOptions({ stage: 'dev', image: 'not an image' }), 'ValidationException', '--image', /invalid image "not an image"/)
  for (const image of ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/rsqlflow:1.0', 'public.ecr.aws/acme/rsqlflow@sha256:' + 'a'.repeat(64), 'localhost:5000/rsqlflow', 'rsqlflow']) {
    assert.equal(checkOptions({ stage: 'dev', image }).image, image)
  }
})

test('a Task resource rsqlflow cannot run is refused, naming the file and the state', async () => {
  const project = await variant(async (_c, dir) => {
    await writeText(dir, 'workflows/lambda.asl.json', JSON.stringify({ StartAt: 'x', States: { x: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, End: true } } }))
  })
  fails(build(project), 'UnsupportedIntegration', 'workflows/lambda.asl.json#/States/x/Resource', /task resource "arn:aws:states:::lambda:invoke" is not supported/)
})

test('an invalid workflow file is refused with the validator\'s pointer', async () => {
  const project = await variant(async (_c, dir) => {
    await writeText(dir, 'workflows/broken.asl.json', JSON.stringify({ StartAt: 'missing', States: { x: { Type: 'Pass', End: true } } }))
  })
  fails(build(project), 'ValidationException', /^workflows\/broken\.asl\.json#\//, /missing/)
})

test('job definitions AWS Batch on Fargate cannot run are refused, naming the config field', async () => {
  const subprocess = await variant(c => { c.jobDefinitions.push({ name: 'local-tool', executor: 'subprocess', containerProperties: { command: ['python3', 'x.py'] } }) })
  fails(build(subprocess), 'ValidationException', 'rsqlflow.json: jobDefinitions[1].executor', /runs a local program/)
  const memory = await variant(c => { c.jobDefinitions[0].containerProperties.resourceRequirements = [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '1000' }] })
  fails(build(memory), 'ValidationException', 'rsqlflow.json: jobDefinitions[0].containerProperties.resourceRequirements', /1000 MiB with 1 vCPU \(2048 to 8192/)
})

test('a deployed name past its AWS limit is refused rather than cut', async () => {
  const project = await variant(c => { c.schedules = [{ name: 'x'.repeat(60), workflow: 'etl', scheduleExpression: 'rate(1 day)' }] })
  fails(build(project), 'ValidationException', 'rsqlflow.json: schedules[0].name', /longer than 64 characters/)
})

// `rsqlflow deploy` end to end: the CDK CLI from node_modules synthesizes the sample with no AWS
// credentials and no network; user mistakes are one line on stderr and exit code 2.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sampleCopy } from './helpers.ts'

const BIN = fileURLToPath(new URL('../../bin/rsqlflow.js', import.meta.url))
// No credentials of any kind reach the CDK CLI.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('CDK_')))
Object.assign(env, { AWS_EC2_METADATA_DISABLED: 'true', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_CONFIG_FILE: '/nonexistent' })

let project: { dir: string; cleanup: () => Promise<void> }
let out: string
before(async () => {
  project = await sampleCopy()
  out = await mkdtemp(join(tmpdir(), 'rsqlflow-cli-out-'))
})
after(async () => { await project?.cleanup(); await rm(out, { recursive: true, force: true }) })

const rsqlflow = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: project.dir, env, encoding: 'utf8', timeout: 300_000 })

test('deploy synth writes the cloud assembly with no credentials', (t) => {
  const started = Date.now()
  const r = rsqlflow('deploy', 'synth', '--stage', 'ci', '--out', out)
  t.diagnostic(`rsqlflow deploy synth took ${Date.now() - started} ms`)
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stderr + r.stdout, /Successfully synthesized/)
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
  const stacks = Object.values(manifest.artifacts).filter((a: any) => a.type === 'aws:cloudformation:stack').map((a: any) => a.properties.stackName)
  assert.deepEqual(stacks.sort(), ['batch', 'network', 'notifications', 'publish', 'runtime', 'storage', 'warehouse', 'workflows'].map(x => `tpch-etl-ci-${x}`))
  const workflows = JSON.parse(readFileSync(join(out, 'Workflows.template.json'), 'utf8'))
  const machine = Object.values(workflows.Resources).find((r: any) => r.Type === 'AWS::StepFunctions::StateMachine') as any
  assert.equal(machine.Properties.StateMachineName, 'tpch-etl-ci-etl')
  assert.ok(!existsSync(join(project.dir, 'cdk.context.json')), 'no context lookups')
})

test('mistakes are reported on one line with exit code 2, never a stack trace', () => {
  const stage = rsqlflow('deploy', 'synth', '--stage', 'Bad Stage', '--out', out)
  assert.equal(stage.status, 2)
  assert.match(stage.stderr, /^rsqlflow: error: --stage: invalid stage name "Bad Stage"/)
  assert.doesNotMatch(stage.stderr, /\n\s+at /)
  const verb = rsqlflow('deploy', 'launch', '--stage', 'dev')
  assert.equal(verb.status, 2)
  assert.match(verb.stderr, /unknown deploy action "launch"/)
  const missing = rsqlflow('deploy', 'synth')
  assert.notEqual(missing.status, 0)
  assert.match(missing.stderr, /--stage/)
})

import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { App } from 'aws-cdk-lib'
import { buildDeployApp, checkOptions, DeployError, type DeployOptions } from '../../deploy/index.ts'
import { loadProject, STATE_DIR } from '../../project/index.ts'
import { action, EXIT, reportError, terminal } from '../ui.ts'
import type { RegisterCommand } from './index.ts'

const ACTIONS = ['synth', 'diff', 'deploy', 'destroy'] as const
type Action = typeof ACTIONS[number]

interface DeployFlags {
  stage: string
  account?: string
  region?: string
  out?: string
  warehouse?: 'serverless' | 'provisioned'
  nodeType?: string
  image?: string
  project?: string
  cfnValidation?: boolean
}

/** Context keys that carry the command's options to the CDK app process. */
const CONTEXT = { project: 'rsqlflow:project', options: 'rsqlflow:options' } as const

/**
 * `rsqlflow deploy synth|diff|deploy|destroy --stage NAME`: the AWS CDK CLI (from node_modules) run on
 * the project's CDK app. `synth` needs no AWS credentials and no network.
 */
export const registerDeploy: RegisterCommand = (program, setExit) => {
  program.command('deploy')
    .description('synthesize, diff, deploy or destroy the project on AWS (Step Functions, AWS Batch on Fargate, Redshift) with the AWS CDK')
    .argument('<action>', `one of ${ACTIONS.join(', ')}`)
    .argument('[cdk-args...]', 'more arguments for the cdk command, after --')
    .requiredOption('--stage <name>', 'the copy of the project to work on (dev, prod…): part of every AWS name')
    .option('--account <id>', 'AWS account (default: the credentials\' account at deploy time)')
    .option('--region <region>', 'AWS region (default: the credentials\' region at deploy time)')
    .option('--out <dir>', `cloud assembly folder (default: ${STATE_DIR}/cdk.out/<stage>)`)
    .option('--warehouse <kind>', 'serverless (Redshift Serverless, default) or provisioned (a single-node cluster)')
    .option('--node-type <type>', 'node type of the provisioned cluster (default ra3.large)')
    .option('--image <uri>', 'a prebuilt runtime image instead of building src/deploy/runtime/Dockerfile')
    .option('--project <dir>', 'the project folder (default: found from the current folder)')
    .option('--cfn-validation', 'also run the CDK\'s built-in CloudFormation template validation (doubles the synth time)')
    .action(action(setExit, async (verb: string, cdkArgs: string[], flags: DeployFlags) => {
      if (!(ACTIONS as readonly string[]).includes(verb)) {
        terminal().err(`rsqlflow: error: unknown deploy action "${verb}" (use ${ACTIONS.join(', ')})\n`)
        return EXIT.USAGE
      }
      const options: DeployOptions = {
        stage: flags.stage, account: flags.account, region: flags.region,
        warehouse: flags.warehouse, nodeType: flags.nodeType, image: flags.image,
      }
      try {
        checkOptions(options)
      } catch (err) {
        reportError(terminal(), err)
        return EXIT.USAGE
      }
      const project = await loadProject({ dir: flags.project })
      const out = resolve(flags.out ?? join(project.paths.state, 'cdk.out', flags.stage))
      return runCdk(verb as Action, project.dir, options, out, cdkArgs, { cfnValidation: flags.cfnValidation })
    }))
}

/** Runs the CDK CLI; resolves to its exit code. Output goes straight to the terminal. */
export function runCdk(verb: Action, projectDir: string, options: DeployOptions, out: string, extra: string[] = [], more: { cfnValidation?: boolean } = {}): Promise<number> {
  const require = createRequire(import.meta.url)
  const cdk = join(dirname(require.resolve('aws-cdk/package.json')), 'bin', 'cdk')
  const app = [process.execPath, '--import', import.meta.resolve('tsx'), fileURLToPath(import.meta.url)].map(quote).join(' ')
  const args = [
    cdk, verb, ...(verb === 'deploy' || verb === 'destroy' ? ['--all'] : []), '--app', app, '--output', out, '--no-notices', '--no-version-reporting',
    '--context', `${CONTEXT.project}=${projectDir}`, '--context', `${CONTEXT.options}=${JSON.stringify(options)}`,
    ...(verb === 'synth' ? ['--quiet'] : []),
    ...extra,
  ]
  const env = {
    ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_DISABLE_VERSION_CHECK: '1',
    // The tests hold the templates to this validation; by default synth skips it (it doubles the time).
    CDK_VALIDATION: more.cfnValidation ? 'true' : 'false',
  }
  return new Promise(done => {
    const child = spawn(process.execPath, args, { cwd: projectDir, env, stdio: 'inherit' })
    child.on('error', () => done(EXIT.ERROR))
    child.on('exit', (code, signal) => done(signal ? EXIT.INTERRUPTED : code ?? EXIT.ERROR))
  })
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, '\\$1')}"`
}

/** The CDK app program the CLI runs: builds the project's stacks from the context it was given. */
async function cdkApp(): Promise<number> {
  const app = new App()
  const projectDir = app.node.tryGetContext(CONTEXT.project) as string | undefined
  const raw = app.node.tryGetContext(CONTEXT.options) as string | DeployOptions | undefined
  try {
    const options = typeof raw === 'string' ? JSON.parse(raw) as DeployOptions : raw
    if (!projectDir || !options) throw new DeployError('ValidationException', 'run through "rsqlflow deploy", which passes the project and stage', 'cdk --app')
    buildDeployApp(await loadProject({ dir: projectDir }), options, app)
    app.synth()
    return EXIT.OK
  } catch (err) {
    const code = reportError(terminal(), err)
    return err instanceof DeployError ? EXIT.USAGE : code
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await cdkApp()
}

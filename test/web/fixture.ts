// The sample TPC-H project at a small scale factor on the local warehouse, with one more workflow whose
// script fails until it is fixed (for redrive), served with the console on a real port.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, publishProject, type App } from '../../src/app.ts'
import { initProject, loadProject } from '../../src/project/index.ts'
import { TPCH_SAMPLE_DIR, tpchDataPrefix, writeTpchData } from '../../src/samples/index.ts'
import { connect, ensureLocalServer, stopLocalServer, type Session } from '../../src/warehouse/index.ts'
import { createServer, type RsqlflowServer } from '../../src/api/index.ts'

export const SCALE = 0.01

/** Fails (exit 1) after printing markup; the fixed version succeeds once the test lets it go (holdCheck), so its
 * log is watched arriving while it runs whatever the machine's speed. */
export const BROKEN_SCRIPT = `\\echo <script>alert(1)</script>
select 1 / 0;
\\if :ERROR <> 0
  \\remark 'check failed:' :ERRORCODE
  \\exit 1
\\endif
`
const CHECK_LOCK = 4242
export const FIXED_SCRIPT = `\\echo <script>alert(1)</script>
select pg_advisory_lock(${CHECK_LOCK});
\\echo released
`

const checkWorkflow = {
  Comment: 'runs scripts/check/check.sql once',
  StartAt: 'check',
  States: {
    check: {
      Type: 'Task',
      Resource: 'arn:aws:states:::batch:submitJob.sync',
      Parameters: {
        JobName: 'check', JobQueue: 'etl-queue', JobDefinition: 'rsql-job',
        ContainerOverrides: {
          Environment: [
            { Name: 'BATCH_SCRIPT_LOCATION', Value: 's3://tpch-etl-scripts/check/check.sql' },
            { Name: 'DATA_BUCKET_NAME', Value: 'tpch-etl-data' },
            { Name: 'COPY_IAM_ROLE_ARN', Value: 'arn:aws:iam::000000000000:role/tpch-etl-copy' },
          ],
        },
      },
      ResultSelector: { 'JobId.$': '$.JobId', 'Status.$': '$.Status' },
      ResultPath: '$.job',
      Next: 'done',
    },
    done: { Type: 'Succeed' },
  },
}

export interface ConsoleFixture {
  app: App
  server: RsqlflowServer
  url: string
  token: string
  dir: string
  /** rewrites scripts/check/check.sql and publishes it */
  fixScript(): Promise<void>
  /** holds the lock the fixed script waits for, until releaseCheck() (or close()) */
  holdCheck(): Promise<void>
  releaseCheck(): Promise<void>
  close(): Promise<void>
}

export async function consoleFixture(): Promise<ConsoleFixture> {
  const root = await mkdtemp(join(tmpdir(), 'rsqlflow-console-'))
  await chmod(root, 0o755) // the warehouse may run as another user when the tests run as root
  const dir = join(root, 'project')
  await initProject(dir, { sampleDir: TPCH_SAMPLE_DIR })
  await mkdir(join(dir, 'scripts', 'check'), { recursive: true })
  await writeFile(join(dir, 'scripts', 'check', 'check.sql'), BROKEN_SCRIPT)
  await writeFile(join(dir, 'workflows', 'check.asl.json'), JSON.stringify(checkWorkflow, null, 2))
  const project = await loadProject({ dir })
  const warehouse = ensureLocalServer(project.paths.warehouse)
  warehouse.catch(() => {})
  await writeTpchData(join(project.paths.data, tpchDataPrefix(SCALE)), { scale: SCALE, seed: 1, lzop: true })
  await warehouse
  const app = await createApp(project)
  await publishProject(project, app.objects)
  const token = 'console-test-token'
  const server = await createServer(app, { token })
  const { url } = await server.listen(0, '127.0.0.1')
  let holder: Session | undefined
  const releaseCheck = async () => { await holder?.close(); holder = undefined }
  return {
    app, server, url, token, dir,
    async fixScript() {
      await writeFile(join(dir, 'scripts', 'check', 'check.sql'), FIXED_SCRIPT)
      await publishProject(project, app.objects)
    },
    async holdCheck() {
      holder = await connect({ type: 'local', dir: project.paths.warehouse })
      await holder.query(`select pg_advisory_lock(${CHECK_LOCK})`)
    },
    releaseCheck,
    async close() {
      await releaseCheck()
      await server.close()
      await app.close()
      await stopLocalServer(project.paths.warehouse)
      await rm(root, { recursive: true, force: true })
    },
  }
}

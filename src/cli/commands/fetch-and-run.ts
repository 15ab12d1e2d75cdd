import type { RegisterCommand } from './index.ts'
import { fetchAndRunProgram, objectReader, rsqlRunner, type ScriptWarehouse } from '../../batch/index.ts'
import { findProjectDir, loadProject } from '../../project/index.ts'
import { openObjectStore, S3ObjectStore, type ObjectStore } from '../../objects/index.ts'
import { resolveTarget } from '../../rsql/index.ts'
import { connect, redshiftDialectSession, type WarehouseTarget } from '../../warehouse/index.ts'
import { warehouseTarget } from '../../app.ts'
import { action, terminal } from '../ui.ts'

/**
 * Inside a project folder: the project's object store and warehouse (through the Redshift dialect).
 * In the AWS container: S3 and the warehouse target in RSQLFLOW_WAREHOUSE (set by `rsqlflow deploy`), else the DSN
 * named by RSQL_DSN (default `etl`) of the .odbc.ini, as the reference does.
 */
async function where(env: NodeJS.ProcessEnv): Promise<{ objects: ObjectStore; warehouse: ScriptWarehouse; cwd: string }> {
  const dir = findProjectDir(process.cwd())
  if (dir) {
    const project = await loadProject({ dir })
    const objects = openObjectStore(project.config.objectStore, project.dir, { account: project.config.accountId, region: project.config.region })
    const target = warehouseTarget(project, env)
    const native = target.type === 'redshift' || target.type === 'redshift-data'
    return { objects, cwd: project.dir, warehouse: async () => { const s = await connect(target, 'rsqlflow fetch-and-run'); return native ? s : redshiftDialectSession(s, objects) } }
  }
  const objects = new S3ObjectStore({ region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION })
  // Deployed by `rsqlflow deploy`: the job definition describes the warehouse as a JSON target.
  if (env.RSQLFLOW_WAREHOUSE) return { objects, warehouse: JSON.parse(env.RSQLFLOW_WAREHOUSE) as WarehouseTarget, cwd: process.cwd() }
  const { target } = resolveTarget({ dsn: env.RSQL_DSN || 'etl', env, cwd: process.cwd() })
  return { objects, warehouse: target, cwd: process.cwd() }
}

/** `rsqlflow fetch-and-run`: the Batch container's entrypoint (BATCH_SCRIPT_LOCATION, DATA_BUCKET_NAME, COPY_IAM_ROLE_ARN). */
export const registerFetchAndRun: RegisterCommand = (program, setExit) => {
  program.command('fetch-and-run')
    .description('download the RSQL script at $BATCH_SCRIPT_LOCATION, substitute declared ${VARS}, run it, exit with its code')
    .argument('[args...]', 'ignored (the job definition\'s command)')
    .allowUnknownOption()
    .action(action(setExit, async () => {
      const term = terminal()
      const env = process.env
      const place = await where(env)
      const program = fetchAndRunProgram({ read: objectReader(place.objects), run: rsqlRunner(place.warehouse, place.cwd) })
      const controller = new AbortController()
      const stop = () => controller.abort('SIGTERM')
      process.once('SIGTERM', stop)
      try {
        return await program({ args: [], env, declared: Object.keys(env), stdout: term.out, stderr: term.err, signal: controller.signal })
      } finally { process.off('SIGTERM', stop) }
    }))
}

import { configFieldError, type Project } from '../project/index.ts'
import { resolveTarget } from '../rsql/index.ts'
import { parsePostgresUrl, type WarehouseTarget } from '../warehouse/index.ts'

/** The warehouse target a project names: `local` (default), a postgres:// URL, or a DSN of an .odbc.ini file. */
export function warehouseTarget(project: Project, env: Record<string, string | undefined> = process.env): WarehouseTarget {
  const w = project.config.warehouse
  if (w.dsn !== undefined) {
    try {
      return resolveTarget({ dsn: w.dsn, env: w.odbcIni ? { ...env, ODBCINI: `${project.dir}/${w.odbcIni}` } : env, cwd: project.dir }).target
    } catch (e) {
      // a DSN that is not in the odbc.ini file, or a file that cannot be read: the user's mistake, located in the config
      throw configFieldError(project, 'warehouse.dsn', (e as Error).message, { cause: e })
    }
  }
  if (w.target === 'local') return { type: 'local', dir: project.paths.warehouse }
  try {
    return parsePostgresUrl(w.target)
  } catch (e) {
    // a URL that is not one, or an sslmode libpq would refuse: the user's mistake, located in the config
    throw configFieldError(project, 'warehouse.target', (e as Error).message, { cause: e })
  }
}

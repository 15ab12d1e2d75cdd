import type { RegisterCommand } from './index.ts'
import { warehouseTarget } from '../../app.ts'
import { findProjectDir, loadProject, projectPaths } from '../../project/index.ts'
import { stopLocalServer } from '../../warehouse/index.ts'
import { action, EXIT, terminal } from '../ui.ts'

/**
 * `rsqlflow warehouse stop`: the local warehouse starts on first use and keeps running for the next
 * commands (README: The local warehouse); this is how a user stops it. Its data stays.
 */
export const registerWarehouse: RegisterCommand = (program, setExit) => {
  const warehouse = program.command('warehouse').description('the local warehouse rsqlflow manages (.rsqlflow/warehouse)')
  warehouse.command('stop')
    .description('stop the project\'s local warehouse (its data is kept; the next command that needs it starts it again)')
    .action(action(setExit, async () => {
      const term = terminal()
      const dir = findProjectDir(process.cwd())
      if (!dir) await loadProject() // no project: said as every command says it
      // whatever rsqlflow.json says now: a warehouse started before its target changed, or before it was broken,
      // would otherwise run on with no way to stop it but kill
      if (await stopLocalServer(projectPaths(dir!).warehouse)) return term.out('stopped the local warehouse\n')
      const target = warehouseTarget(await loadProject())
      if (target.type !== 'local') {
        term.err(`rsqlflow: error: rsqlflow.json: warehouse: the project's warehouse is not the local one (${target.type}); rsqlflow does not manage it\n`)
        return EXIT.USAGE
      }
      term.out('the local warehouse is not running\n')
    }))
}

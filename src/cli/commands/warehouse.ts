import { existsSync } from 'node:fs'
import type { RegisterCommand } from './index.ts'
import { warehouseTarget } from '../../app.ts'
import { JobStore, runsElsewhere } from '../../batch/index.ts'
import { findProjectDir, loadProject, projectPaths } from '../../project/index.ts'
import { openStore, ownerPid } from '../../store/index.ts'
import { stopLocalServer } from '../../warehouse/index.ts'
import { action, EXIT, terminal } from '../ui.ts'

/** Jobs an rsqlflow process (run, demo, redrive, server) is running now: stopping the warehouse would fail them. */
function liveJobs(storeFile: string): { jobId: string; pid: number }[] {
  if (!existsSync(storeFile)) return []
  const store = openStore(storeFile)
  try {
    return new JobStore(store.db).unfinished().filter(r => runsElsewhere(r)).map(r => ({ jobId: r.detail.jobId, pid: ownerPid(r.owner!) }))
  } finally { store.close() }
}

/**
 * `rsqlflow warehouse stop`: the local warehouse starts on first use and keeps running for the next
 * commands (README: The local warehouse); this is how a user stops it. Its data stays.
 */
export const registerWarehouse: RegisterCommand = (program, setExit) => {
  const warehouse = program.command('warehouse').description('the local warehouse rsqlflow manages (.rsqlflow/warehouse)')
  warehouse.command('stop')
    .description('stop the project\'s local warehouse (its data is kept; the next command that needs it starts it again)')
    .option('--force', 'stop it also while jobs run (they fail: their sessions are ended)')
    .action(action(setExit, async (opts: { force?: boolean }) => {
      const term = terminal()
      const dir = findProjectDir(process.cwd())
      if (!dir) await loadProject() // no project: said as every command says it
      const paths = projectPaths(dir!)
      const running = opts.force ? [] : liveJobs(paths.store)
      if (running.length) {
        const shown = running.slice(0, 3).map(j => `${j.jobId} (pid ${j.pid})`).join(', ') + (running.length > 3 ? ', …' : '')
        term.err(`rsqlflow: error: ${running.length} job${running.length > 1 ? 's' : ''} running: ${shown}; stopping the warehouse would fail ${running.length > 1 ? 'them' : 'it'} (wait, or use --force)\n`)
        return EXIT.USAGE
      }
      // whatever rsqlflow.json says now: a warehouse started before its target changed, or before it was broken,
      // would otherwise run on with no way to stop it but kill
      if (await stopLocalServer(paths.warehouse)) return term.out('stopped the local warehouse\n')
      const target = warehouseTarget(await loadProject())
      if (target.type !== 'local') {
        term.err(`rsqlflow: error: rsqlflow.json: warehouse: the project's warehouse is not the local one (${target.type}); rsqlflow does not manage it\n`)
        return EXIT.USAGE
      }
      term.out('the local warehouse is not running\n')
    }))
}

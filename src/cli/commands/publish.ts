import { Option } from 'commander'
import type { RegisterCommand } from './index.ts'
import { openObjectStore } from '../../objects/index.ts'
import { loadProject } from '../../project/index.ts'
import { publishProject, type PublishedObject } from '../../app/publish.ts'
import { action, formatBytes, printJson, terminal } from '../ui.ts'

/** `rsqlflow publish`: scripts/** to the scripts bucket, data/** to the data bucket. */
export const registerPublish: RegisterCommand = (program, setExit) => {
  program.command('publish')
    .description('upload scripts/** to the scripts bucket and data/** to the data bucket, under the same keys')
    .addOption(new Option('--scripts-only', 'publish only scripts/').conflicts('dataOnly'))
    .option('--data-only', 'publish only data/')
    .option('--force', 'upload objects even when their content is unchanged')
    .option('--json', 'print the objects as JSON')
    .action(action(setExit, async (opts: { scriptsOnly?: boolean; dataOnly?: boolean; force?: boolean; json?: boolean }) => {
      const term = terminal()
      const project = await loadProject()
      const objects = openObjectStore(project.config.objectStore, project.dir, { account: project.config.accountId, region: project.config.region })
      const only = opts.scriptsOnly ? ['scripts' as const] : opts.dataOnly ? ['data' as const] : undefined
      const onObject = opts.json ? undefined : (o: PublishedObject) =>
        term.out(`${o.uploaded ? 'upload:   ' : 'unchanged:'} ${o.uri} (${formatBytes(o.size)})\n`)
      const published = await publishProject(project, objects, { only, force: opts.force, onObject })
      if (opts.json) { printJson(term, published); return }
      const uploaded = published.filter(o => o.uploaded).length
      term.out(`${uploaded} uploaded, ${published.length - uploaded} unchanged (${objects.description})\n`)
    }))
}

import type { RegisterCommand } from './index.ts'
import { initProject } from '../../project/index.ts'
import { TPCH_SAMPLE_DIR } from '../../samples/index.ts'
import { action, EXIT, printJson, shellWord, terminal } from '../ui.ts'

/** `rsqlflow init [DIR]`: scaffolds a project (or copies the TPC-H sample with --sample tpch). */
export const registerInit: RegisterCommand = (program, setExit) => {
  program.command('init')
    .description('create a project: rsqlflow.json, workflows/, scripts/, data/ and a .gitignore for .rsqlflow/')
    .argument('[dir]', 'the project folder (created if missing)', '.')
    .option('--name <name>', 'the project name (default: the folder name)')
    .option('--sample <sample>', 'start from a sample project instead: tpch')
    .option('--json', 'print the result as JSON')
    .action(action(setExit, async (dir: string, opts: { name?: string; sample?: string; json?: boolean }) => {
      const term = terminal()
      if (opts.sample !== undefined && opts.sample !== 'tpch') {
        term.err(`rsqlflow: error: unknown sample "${opts.sample}" (available: tpch)\n`)
        return EXIT.USAGE
      }
      if (opts.sample !== undefined && opts.name !== undefined) {
        // the sample's workflows name its buckets, topic and role after its own project name
        term.err(`rsqlflow: error: --name cannot be used with --sample (the sample keeps its name)\n`)
        return EXIT.USAGE
      }
      const r = await initProject(dir, { name: opts.name, sampleDir: opts.sample ? TPCH_SAMPLE_DIR : undefined })
      if (opts.json) { printJson(term, r); return }
      term.out(`created project "${r.name}" in ${r.dir}\n`)
      for (const f of r.files) term.out(`  ${f}\n`)
      if (r.gitignoreAdded.length) term.out(`  .gitignore (added ${r.gitignoreAdded.join(', ')})\n`)
      // the sample comes without its data: demo generates it into data/tpch/sf1/, then publishes and runs etl
      term.out(opts.sample
        ? `\nnext: cd ${shellWord(dir)} && rsqlflow demo --dir .   (generates the TPC-H data, publishes it and runs etl; then rsqlflow run etl --wait)\n`
        : `\nnext: cd ${shellWord(dir)} && rsqlflow validate && rsqlflow publish && rsqlflow run hello --wait\n`)
    }))
}

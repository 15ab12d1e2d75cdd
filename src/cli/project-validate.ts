import { validateProject } from '../app.ts'
import { findProjectDir, formatProblem, loadProject } from '../project/index.ts'
import { EXIT, printJson, terminal } from './ui.ts'

/** `rsqlflow validate` with no file: the whole project (config, workflows, scripts), every problem at once. */
export async function validateProjectCommand(opts: { json?: boolean }): Promise<number> {
  const term = terminal()
  // no project at all is README's exit 2 ("no project found"), said as every other command says it
  if (!findProjectDir(process.cwd())) await loadProject()
  const report = await validateProject(process.cwd())
  if (opts.json) printJson(term, report)
  else if (report.problems.length === 0) {
    term.out(`rsqlflow.json, ${report.workflows} workflow${report.workflows === 1 ? '' : 's'} and ${report.scripts} script${report.scripts === 1 ? '' : 's'}: valid\n`)
  } else {
    for (const p of report.problems) term.out(`${formatProblem(p)}\n`)
    term.out(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}\n`)
  }
  return report.problems.length ? EXIT.FAILED : EXIT.OK
}

import { validateFile } from '../../states/index.ts'
import type { RegisterCommand } from './index.ts'

/** `rsqlflow validate FILE`: every problem of a state machine definition, with its JSON pointer. */
export const registerValidate: RegisterCommand = (program, setExit) => {
  program
    .command('validate')
    .description('validate an Amazon States Language definition; every problem is listed with its JSON pointer (no file: the whole project)')
    .argument('[file]', 'a state machine definition (.asl.json); without it, rsqlflow.json, every workflow and every script')
    .option('--json', 'print the problems as JSON')
    .action(async (file: string | undefined, opts: { json?: boolean }) => {
      if (file === undefined) {
        const { validateProjectCommand } = await import('../project-validate.ts')
        return setExit(await validateProjectCommand(opts))
      }
      const problems = await validateFile(file)
      if (opts.json) process.stdout.write(JSON.stringify(problems, null, 2) + '\n')
      else if (problems.length === 0) process.stdout.write(`${file}: valid\n`)
      else for (const p of problems) process.stdout.write(`${p.file}: ${p.pointer || '/'}: ${p.message}\n`)
      if (problems.length > 0) setExit(1)
    })
}

import { readFile, stat } from 'node:fs/promises'
import { formatProblem, jsonSyntaxProblem, locateProblems, pointerPath } from '../../project/index.ts'
import { validateFile } from '../../states/index.ts'
import { action, EXIT, terminal } from '../ui.ts'
import type { RegisterCommand } from './index.ts'

/** `rsqlflow validate FILE`: every problem of a state machine definition, with its line, column and JSON pointer. */
export const registerValidate: RegisterCommand = (program, setExit) => {
  program
    .command('validate')
    .description('validate an Amazon States Language definition; every problem is listed with its line, column and JSON pointer (no file: the whole project)')
    .argument('[file]', 'a state machine definition (.asl.json); without it, rsqlflow.json, every workflow and every script')
    .option('--json', 'print the problems as JSON')
    .action(action(setExit, async (file: string | undefined, opts: { json?: boolean }) => {
      if (file === undefined) {
        const { validateProjectCommand } = await import('../project-validate.ts')
        return validateProjectCommand(opts)
      }
      // a file that is not there is a mistake in the command line (exit 2), not a problem of a definition
      const st = await stat(file).catch(() => undefined)
      if (!st?.isFile()) {
        terminal().err(`rsqlflow: error: ${file}: ${st ? 'not a file' : 'no such file'}\n`)
        return EXIT.USAGE
      }
      const text = await readFile(file, 'utf8').catch(() => undefined)
      const syntax = text === undefined ? undefined : jsonSyntax(file, text)
      if (syntax) {
        // located as every other file's JSON syntax error (run, validate of the project): FILE:line:col
        if (opts.json) process.stdout.write(JSON.stringify([{ file: syntax.file, pointer: '', message: syntax.message }], null, 2) + '\n')
        else process.stdout.write(`${formatProblem(syntax)}\n`)
        return EXIT.FAILED
      }
      // each located at its line and column as a compiler does: FILE:line:col: /pointer: message
      const problems = (await validateFile(file)).map(p => {
        if (text === undefined) return p
        const [located] = locateProblems([{ file: p.file, path: p.pointer || '/', message: p.message }], text, p.file, pointerPath)
        return { ...p, file: located.file }
      })
      if (opts.json) process.stdout.write(JSON.stringify(problems, null, 2) + '\n')
      else if (problems.length === 0) process.stdout.write(`${file}: valid\n`)
      else for (const p of problems) process.stdout.write(`${p.file}: ${p.pointer || '/'}: ${p.message}\n`)
      return problems.length > 0 ? EXIT.FAILED : EXIT.OK
    }))
}

/** The file's JSON syntax error, located by line and column; undefined when it parses. */
function jsonSyntax(file: string, text: string) {
  try {
    JSON.parse(text)
    return undefined
  } catch (err) {
    return jsonSyntaxProblem(file, text, err)
  }
}

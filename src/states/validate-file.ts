// `rsqlflow validate FILE` for one state machine definition: every problem with its JSON pointer.
import { readFile } from 'node:fs/promises'
import { validateDefinition, type Problem } from './data/index.ts'

export interface FileProblem extends Problem {
  file: string
}

/** Validates a definition file; a JSON syntax error is one problem at the root pointer with its line. */
export async function validateFile(file: string): Promise<FileProblem[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    return [{ file, pointer: '', message: `could not read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)}` }]
  }
  return validateText(text, file)
}

export function validateText(text: string, file = '<definition>'): FileProblem[] {
  let definition: unknown
  try {
    definition = JSON.parse(text)
  } catch (e) {
    return [{ file, pointer: '', message: `the definition is not valid JSON: ${jsonSyntaxWhere(text, e)}` }]
  }
  return validateDefinition(definition).map((p) => ({ file, ...p }))
}

function jsonSyntaxWhere(text: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e)
  const m = /position (\d+)/.exec(message)
  if (!m) return message.charAt(0).toLowerCase() + message.slice(1)
  const pos = Number(m[1])
  const before = text.slice(0, pos)
  const line = before.split('\n').length
  const column = pos - before.lastIndexOf('\n')
  return `${message.replace(/ in JSON at position \d+.*$/, '').replace(/^./, (c) => c.toLowerCase())} at line ${line}, column ${column}`
}

// States.Format.
import { javaText } from '../jsonpath/evaluate.ts'
import { invalidArguments, isString, type IntrinsicFunction } from './types.ts'

type Piece = string | { placeholder: true }

/** Splits a template into text and `{}` placeholders; `\{`, `\}`, `\'` and `\\` are escapes in a literal. */
export function formatPieces(template: string, escapes: boolean): Piece[] {
  const pieces: Piece[] = []
  let text = ''
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!
    if (escapes && c === '\\' && i + 1 < template.length) {
      text += template[++i]
    } else if (c === '{' && template[i + 1] === '}') {
      pieces.push(text, { placeholder: true })
      text = ''
      i++
    } else text += c
  }
  pieces.push(text)
  return pieces
}

/** How AWS renders a value in States.Format: strings bare, objects Java-map style `{a=1, b=[]}`. */
export function formatValue(v: unknown): string {
  return javaText(v)
}

export const genericFunctions: Record<string, IntrinsicFunction> = {
  'States.Format': {
    minArgs: 1, maxArgs: Infinity,
    run(args, call) {
      const [template, ...values] = args
      if (!isString(template)) throw invalidArguments(call)
      const first = call.args[0]
      const literal = first?.k === 'literal' && first.raw !== undefined
      const pieces = formatPieces(literal ? first.raw! : template, literal)
      const holes = pieces.filter((p) => typeof p !== 'string').length
      if (holes !== values.length) throw invalidArguments(call)
      let i = 0
      return pieces.map((p) => (typeof p === 'string' ? p : formatValue(values[i++]))).join('')
    },
  },
}

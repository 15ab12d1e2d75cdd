/** A value's place in a JSON document: its keys and array indexes from the top. */
export type JsonPath = (string | number)[]

/**
 * Finds where a JSON text first goes wrong, since V8's JSON.parse messages often carry no position
 * ("Unexpected token '}', … is not valid JSON"). Returns the offset and a short reason, or undefined if valid.
 */
export function findJsonError(text: string): { offset: number; reason: string } | undefined {
  return scanJson(text, () => {})
}

/**
 * Where each value of a JSON text starts (an offset in the text), by its path; a key given twice is where the
 * last one is, as JSON.parse keeps the last. Empty for a text that is not valid JSON.
 */
export function jsonValueOffsets(text: string): Map<string, number> {
  const offsets = new Map<string, number>()
  if (scanJson(text, (path, offset) => offsets.set(pathKey(path), offset))) offsets.clear()
  return offsets
}

/** A path as a key of jsonValueOffsets' map (an index and a key that reads the same never meet in one container). */
export function pathKey(path: JsonPath): string {
  return path.map(String).join('\0')
}

/** The 1-based line and column (in characters) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, column: before[before.length - 1].length + 1 }
}

function scanJson(text: string, onValue: (path: JsonPath, offset: number) => void): { offset: number; reason: string } | undefined {
  let i = 0
  const fail = (reason: string): never => { throw { offset: i, reason } }
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++ }
  // a comment and an editor's byte order mark are named: the character alone ("/", an invisible U+FEFF) says little
  const found = () => (i >= text.length ? 'end of file'
    : text.startsWith('//', i) || text.startsWith('/*', i) ? 'a comment (JSON has none)'
    : `character ${JSON.stringify(text[i])}`)
  const describe = () => (i === 0 && text.charCodeAt(0) === 0xfeff
    ? 'a byte order mark (U+FEFF) at the start: save the file as UTF-8 without one'
    : `unexpected ${found()}`)
  const string = () => {
    i++
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        i++
        if (text[i] === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('invalid \\u escape'); i += 4 }
        else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('invalid escape in string')
      } else if (text.charCodeAt(i) < 0x20) fail('control character in string (write it as an escape)')
      i++
    }
    if (i >= text.length) fail('unterminated string')
    i++
  }
  const value = (path: JsonPath): void => {
    ws()
    onValue(path, i)
    const c = text[i]
    if (c === '{') {
      i++; ws()
      if (text[i] === '}') { i++; return }
      for (;;) {
        ws()
        if (text[i] !== '"') fail(text[i] === '}' ? 'trailing comma before "}"' : `expected a property name in double quotes, found ${found()}`)
        const start = i
        string()
        const key = JSON.parse(text.slice(start, i)) as string
        ws()
        if (text[i] !== ':') fail('expected ":" after the property name')
        i++; value([...path, key]); ws()
        if (text[i] === ',') { i++; continue }
        if (text[i] === '}') { i++; return }
        fail(`expected "," or "}" after a property value, found ${found()}`)
      }
    } else if (c === '[') {
      i++; ws()
      if (text[i] === ']') { i++; return }
      for (let n = 0; ; n++) {
        ws()
        if (text[i] === ']') fail('trailing comma before "]"')
        value([...path, n]); ws()
        if (text[i] === ',') { i++; continue }
        if (text[i] === ']') { i++; return }
        fail(`expected "," or "]" after an array item, found ${found()}`)
      }
    } else if (c === '"') {
      string()
    } else {
      const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400))
      if (!m) fail(c === undefined ? 'unexpected end of file' : c === '/' ? 'comments are not allowed in JSON' : describe())
      i += m![0].length
    }
  }
  try {
    value([]); ws()
    if (i < text.length) fail(`${describe()} after the end of the document`)
    return undefined
  } catch (e) {
    return e as { offset: number; reason: string }
  }
}

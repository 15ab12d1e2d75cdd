// The hash of the console's sources, written to dist/source-hash.txt at build time: a test compares it with
// the sources in the tree, so the committed build cannot fall behind web/src.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const WEB_DIR = fileURLToPath(new URL('.', import.meta.url))

function files(dir: string): string[] {
  return readdirSync(dir).sort().flatMap(name => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

export function sourceHash(webDir: string = WEB_DIR): string {
  const hash = createHash('sha256')
  for (const file of [...files(join(webDir, 'src')), join(webDir, 'index.html'), join(webDir, 'vite.config.ts'), join(webDir, 'source-hash.ts')]) {
    // line endings normalised: a checkout on Windows hashes the same
    hash.update(relative(webDir, file).split('\\').join('/')).update('\0').update(readFileSync(file, 'utf8').replace(/\r\n/g, '\n')).update('\0')
  }
  return hash.digest('hex')
}
